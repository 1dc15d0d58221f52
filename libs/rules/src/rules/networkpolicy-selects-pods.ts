import type { RuleFinding } from '@inference-gitops/core';
import type { Rule, RuleContext } from '../types.js';
import { finding, gateways, isGkeClass, obj, pods, type GatewayView, unlessPartial } from './shared/util.js';
import { podsSelected, policies, type PolicyView } from './shared/netpol.js';
import { selectorMatches } from '../model/pods.js';

/** The label a Gateway controller that deploys the gateway in the cluster puts on its pods (Gateway API GEP-1762). */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * The labels of the pods a Gateway's controller runs for it in the cluster: Istio's automated deployment
 * labels them with the Gateway's name (GEP-1762's label, and Istio's older istio.io/gateway-name) and the
 * Gateway's spec.infrastructure.labels. GKE's managed gateways (gke-l7-*) run no pods in the cluster.
 */
function gatewayPodLabels(g: GatewayView): Record<string, string> | undefined {
  if (isGkeClass(g.className)) return undefined;
  const infrastructure = obj(obj(obj(g.resource?.object.spec)?.infrastructure)?.labels) ?? {};
  return {
    ...(Object.fromEntries(Object.entries(infrastructure).map(([k, v]) => [k, String(v)])) as Record<string, string>),
    [GATEWAY_NAME_LABEL]: g.name,
    'istio.io/gateway-name': g.name,
  };
}

/** Gateways of the policy's namespace whose in-cluster pods the policy selects. */
function gatewaysSelected(ctx: RuleContext, p: PolicyView): GatewayView[] {
  return gateways(ctx).filter((g) => {
    if (g.namespace !== p.namespace) return false;
    const labels = gatewayPodLabels(g);
    return labels !== undefined && selectorMatches(p.selector, labels);
  });
}

/** A managed gateway the policy names by GATEWAY_NAME_LABEL: it has no pods to select. */
function managedGatewayNamed(ctx: RuleContext, p: PolicyView): GatewayView | undefined {
  const name = p.selector[GATEWAY_NAME_LABEL];
  return gateways(ctx).find((g) => g.namespace === p.namespace && g.name === name && isGkeClass(g.className));
}

export const rule: Rule = {
  id: 'networkpolicy-selects-pods',
  severity: 'error',
  summary:
    'Every NetworkPolicy podSelector (other than {}) matches pods the tree will run, KServe-created ones included.',
  docs: {
    why:
      "A policy that selects nothing protects nothing and allows nothing: the seed's EPP policy selected " +
      '`app.kubernetes.io/component: router-scheduler` while KServe labels the scheduler ' +
      '`llminferenceservice-router-scheduler`, so the scheduler was never reachable as intended.',
    fix:
      'Select the labels KServe really sets: workload `app.kubernetes.io/name: <name>` + ' +
      '`kserve.io/component: workload`; scheduler `app.kubernetes.io/component: ' +
      'llminferenceservice-router-scheduler`.',
    source: 'seed-repo section 5 inconsistency 1; [code] kserve llmisvc workload.go / scheduler.go labels.',
  },
  kinds: ['NetworkPolicy'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const p of policies(ctx)) {
      if (Object.keys(p.selector).length === 0 || p.hasExpressions) continue;
      const ns = p.policy.namespace ?? 'default';
      // The set can know what runs in the namespace: a cluster spec, a workload there, or a Gateway there
      // (whose pods, if any, its class decides).
      const knows =
        ctx.spec !== undefined ||
        pods(ctx).some((v) => (v.owner.namespace ?? 'default') === ns) ||
        gateways(ctx).some((g) => g.resource !== undefined && g.namespace === ns);
      if (!knows) {
        ctx.skip(
          `NetworkPolicy ${p.policy.name}: the validated set holds no workload in namespace ${ns} (validate its cluster, or pass --cluster)`,
        );
        continue;
      }
      if (podsSelected(ctx, p).length > 0 || gatewaysSelected(ctx, p).length > 0) continue;
      const managed = managedGatewayNamed(ctx, p);
      out.push(
        unlessPartial(
          ctx,
          finding(
            p.policy,
            '/spec/podSelector/matchLabels',
            `NetworkPolicy ${p.policy.name} selects no pod of the tree (${JSON.stringify(p.selector)})` +
              (managed
                ? `: Gateway ${managed.name} is GKE's managed gateway (${managed.className}), which runs no pods in the cluster`
                : ''),
            managed
              ? "GKE's managed gateway reaches the pods from Google's proxies: open the workload's ingress to the proxy-only subnet instead."
              : 'KServe labels: workload app.kubernetes.io/name=<name>, kserve.io/component=workload; scheduler ' +
                  'app.kubernetes.io/component=llminferenceservice-router-scheduler; an in-cluster gateway (Istio) ' +
                  'gateway.networking.k8s.io/gateway-name=<gateway>.',
          ),
        ),
      );
    }
    return out;
  },
};
