import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, list, obj, unlessPartial } from './shared/util.js';

/** A backend as routes name it: group ("" for core), kind, name, namespace. */
interface Backend {
  group: string;
  kind: string;
  name: string;
  namespace: string;
}

const POLICY_KINDS = ['HealthCheckPolicy', 'GCPBackendPolicy'];

export const rule: Rule = {
  id: 'gke-policy-target-resolves',
  severity: 'error',
  summary:
    'A GKE HealthCheckPolicy or GCPBackendPolicy targets a backend that a route in its namespace actually uses, in the same API group.',
  docs: {
    why:
      'GKE attaches a policy by group, kind and name. KServe writes the InferencePool in two groups ' +
      "(inference.networking.x-k8s.io and inference.networking.k8s.io); when the route's backendRefs name " +
      'one group and the policies the other, GKE routes to a pool that has no health check ("/" is ' +
      "checked, vLLM answers 404, backends go unhealthy: 503) or the policy's timeout never applies. " +
      'Nothing reports it: the policy just attaches to an object that is not a backend.',
    fix:
      'Make the route backendRefs and every policy targetRef name the same InferencePool group ' +
      '(inference.networking.k8s.io, the v1 pool GKE serves) and the same Service; the generator emits ' +
      'both from one constant.',
    source:
      'seed NG-5, NG-13; domain-facts 2.3 ("the group must match the pool actually deployed"), 3.5 (GKE serves InferencePool v1).',
  },
  kinds: ['HealthCheckPolicy', 'GCPBackendPolicy', 'HTTPRoute', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const used: Backend[] = [];
    const add = (refs: unknown, namespace: string) => {
      for (const b of list(refs)) {
        if (typeof b.name !== 'string') continue;
        used.push({
          group: String(b.group ?? ''),
          kind: String(b.kind ?? 'Service'),
          name: b.name,
          namespace: typeof b.namespace === 'string' ? b.namespace : namespace,
        });
      }
    };
    for (const route of ctx.byKind('HTTPRoute', 'gateway.networking.k8s.io'))
      for (const r of list(obj(route.object.spec)?.rules)) add(r.backendRefs, route.namespace ?? 'default');
    for (const k of ctx.kserve) for (const r of k.route?.rules ?? []) add(r.backendRefs, k.namespace);
    for (const policy of ctx.resources.filter(
      (r) => POLICY_KINDS.includes(r.kind) && r.apiVersion.startsWith('networking.gke.io/'),
    )) {
      const ref = obj(obj(policy.object.spec)?.targetRef);
      if (!ref || typeof ref.name !== 'string' || typeof ref.kind !== 'string') continue;
      const namespace = policy.namespace ?? 'default';
      const inNamespace = used.filter((b) => b.namespace === namespace);
      if (inNamespace.length === 0) continue; // no route here to judge against (a policy file on its own)
      const group = String(ref.group ?? '');
      if (inNamespace.some((b) => b.group === group && b.kind === ref.kind && b.name === ref.name)) continue;
      const sameName = inNamespace.find((b) => b.kind === ref.kind && b.name === ref.name);
      const target = `${ref.kind} ${group ? `${group}/` : ''}${ref.name}`;
      const f = finding(
        policy,
        sameName ? '/spec/targetRef/group' : '/spec/targetRef/name',
        sameName
          ? `${policy.kind} ${policy.name} targets ${target}, but the routes use ${sameName.kind} ${sameName.group || '(core)'}/${sameName.name}: the policy attaches to an object GKE does not route to`
          : `${policy.kind} ${policy.name} targets ${target}, which no route in ${namespace} uses as a backend`,
        sameName
          ? `Use group "${sameName.group}" in targetRef, or make the route name group "${group}".`
          : `Route backends here: ${[...new Set(inNamespace.map((b) => `${b.kind} ${b.group ? `${b.group}/` : ''}${b.name}`))].join(', ')}.`,
      );
      // A group that differs from the route's is wrong wherever the rest lives; a target no route here uses may
      // be routed to from files not validated here.
      out.push(sameName ? f : unlessPartial(ctx, f));
    }
    return out;
  },
};
