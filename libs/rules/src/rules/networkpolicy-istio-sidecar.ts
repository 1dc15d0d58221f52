import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { PodTemplateView, Rule, RuleContext } from '../types.js';
import { finding, label, obj, pods } from './shared/util.js';
import { isolated, peersAdmit, portsAdmit } from './shared/netpol.js';

/** Where istiod serves the proxies' configuration and certificates (XDS and CA, mTLS). */
const ISTIOD = { namespace: 'istio-system', port: 15012, labels: { app: 'istiod', istio: 'pilot' } };
const INJECT = 'sidecar.istio.io/inject';

/** Why Istio injects a sidecar into these pods, or undefined when it does not (as far as the tree says). */
function injection(ctx: RuleContext, view: PodTemplateView): string | undefined {
  const podLabel = view.labels[INJECT];
  if (podLabel === 'true') return `pod label ${INJECT}=true`;
  if (podLabel === 'false') return undefined;
  // The deprecated annotation still opts a pod out.
  const template = view.derived ? undefined : obj(obj(obj(view.owner.object.spec)?.template)?.metadata);
  if (obj(template?.annotations)?.[INJECT] === 'false') return undefined;
  const namespace = view.owner.namespace ?? 'default';
  const ns = ctx.byKind('Namespace').find((n) => n.name === namespace);
  const labels = (obj(obj(ns?.object.metadata)?.labels) ?? {}) as Record<string, unknown>;
  if (labels['istio-injection'] === 'enabled') return `namespace ${namespace}: istio-injection=enabled`;
  if (labels['istio-injection'] !== 'disabled' && typeof labels['istio.io/rev'] === 'string')
    return `namespace ${namespace}: istio.io/rev=${String(labels['istio.io/rev'])}`;
  return undefined;
}

export const rule: Rule = {
  id: 'networkpolicy-istio-sidecar',
  severity: 'error',
  summary:
    'Pods that get an Istio sidecar may reach istiod (istio-system, TCP 15012) when a NetworkPolicy denies their egress.',
  docs: {
    why:
      'An injected istio-proxy fetches its configuration and certificate from istiod on port 15012 before ' +
      'the pod can become Ready. A default-deny egress policy without that port leaves the sidecar ' +
      'waiting: the pod never becomes Ready, and the model is never served (seed X-4: "the Istio sidecar ' +
      'cannot reach istiod under default-deny").',
    fix:
      'Add an egress rule to the istiod pods in istio-system on TCP 15012 (a namespaceSelector on ' +
      'kubernetes.io/metadata.name: istio-system), or keep the sidecar out of these pods ' +
      '(sidecar.istio.io/inject: "false").',
    source:
      '[doc] Istio "Application requirements / Ports used by Istio" (15012: XDS and CA services, TLS and ' +
      'mTLS, used by the proxies to reach istiod); Istio sidecar injection (namespace label ' +
      'istio-injection=enabled or istio.io/rev, pod label sidecar.istio.io/inject); seed-repo INV-I3, X-4 ' +
      '(allow-istio.yaml).',
  },
  kinds: ['NetworkPolicy', 'Namespace'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const view of pods(ctx)) {
      const why = injection(ctx, view);
      if (!why) continue;
      const policies = isolated(ctx, view, 'Egress');
      if (policies.length === 0) continue;
      const reaches = policies.some((p) =>
        p.egress.some((r) => portsAdmit(r.ports, ISTIOD.port) && peersAdmit(r.to, ISTIOD.labels, ISTIOD.namespace)),
      );
      if (reaches) continue;
      const owner: Resource = view.owner;
      const names = policies.map((p) => p.policy.name).join(', ');
      const deny = policies.length === 1 ? `NetworkPolicy ${names} denies` : `NetworkPolicies ${names} deny`;
      out.push(
        finding(
          owner,
          view.specPath,
          `the pods of ${label(owner)} get an Istio sidecar (${why}), but ${deny} their egress to istiod (${ISTIOD.namespace}, TCP ${ISTIOD.port}): the sidecar never gets its configuration and the pods never become Ready`,
          `Allow egress to ${ISTIOD.namespace} on TCP ${ISTIOD.port}, or label the pods ${INJECT}: "false".`,
        ),
      );
    }
    return out;
  },
};
