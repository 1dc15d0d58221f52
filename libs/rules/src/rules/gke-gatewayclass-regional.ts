import type { Rule } from '../types.js';
import { finding, gateways, isGkeClass, list, obj } from './shared/util.js';

export const REGIONAL_CLASSES = ['gke-l7-regional-external-managed', 'gke-l7-rilb'];

export const rule: Rule = {
  id: 'gke-gatewayclass-regional',
  severity: 'error',
  summary:
    'A GKE Gateway that routes to an InferencePool (directly or through an LLMInferenceService) uses a regional class.',
  docs: {
    why:
      'Only the regional GKE GatewayClasses implement the Inference Extension. With ' +
      'gke-l7-global-external-managed the Gateway gets an address and the HTTPRoute is accepted, but ' +
      'InferencePool backends never become healthy and traffic fails (seed NG-1, NG-9).',
    fix: 'Use gatewayClassName: gke-l7-regional-external-managed (external) or gke-l7-rilb (internal), with a proxy-only subnet in the region.',
    source:
      'seed ISSUES NG-1; [code] gateway-api-inference-extension config/manifests/gateway/gke/gateway.yaml; ' +
      '[doc] llm-d GKE guide. The global class row is [derived].',
  },
  kinds: ['Gateway', 'HTTPRoute', 'LLMInferenceService'],
  check(ctx) {
    const out = [];
    const poolGateways = new Set<string>();
    for (const k of ctx.kserve)
      if (k.pools.length > 0 || k.route) for (const g of k.gatewayRefs) poolGateways.add(`${g.namespace}/${g.name}`);
    for (const route of ctx.byKind('HTTPRoute')) {
      const spec = obj(route.object.spec);
      if (!list(spec?.rules).some((r) => list(r.backendRefs).some((b) => b.kind === 'InferencePool'))) continue;
      for (const p of list(spec?.parentRefs))
        poolGateways.add(`${String(p.namespace ?? route.namespace ?? 'default')}/${String(p.name)}`);
    }
    for (const gw of gateways(ctx)) {
      if (
        !isGkeClass(gw.className) ||
        REGIONAL_CLASSES.includes(gw.className) ||
        !poolGateways.has(`${gw.namespace}/${gw.name}`)
      )
        continue;
      if (gw.resource)
        out.push(
          finding(
            gw.resource,
            '/spec/gatewayClassName',
            `Gateway ${gw.namespace}/${gw.name} uses ${gw.className}, which cannot route to an InferencePool`,
            `Use ${REGIONAL_CLASSES.join(' or ')}.`,
          ),
        );
    }
    return out;
  },
};
