import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, gateways, listenerAdmits } from './shared/util.js';

export const rule: Rule = {
  id: 'llmisvc-gateway-ref',
  severity: 'error',
  summary:
    'router.gateway.refs (or the default gateway) resolve to a Gateway of the cluster whose listeners admit the namespace.',
  docs: {
    why: 'A missing Gateway leaves the service RefsInvalid; a listener with the default allowedRoutes (Same) silently leaves the route unattached.',
    fix:
      'Reference a Gateway the cluster has (default opendatahub/inference-gateway) and let its listeners ' +
      'admit the namespace (allowedRoutes.namespaces.from: All).',
    source: '[code] kserve router_validation.go; gateway-api gateway_types.go (allowedRoutes default Same).',
  },
  kinds: ['LLMInferenceService', 'Gateway'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const known = gateways(ctx);
    for (const k of ctx.kserve) {
      k.gatewayRefs.forEach((ref, i) => {
        const path = ref.explicit ? `/spec/router/gateway/refs/${i}` : '/spec/router/gateway';
        const gw = known.find((g) => g.name === ref.name && g.namespace === ref.namespace);
        if (!gw) {
          out.push({
            ...finding(
              k.service,
              path,
              `Gateway ${ref.namespace}/${ref.name}${ref.explicit ? '' : ' (the default gateway)'} is not part of this cluster`,
              `Gateways here: ${known.map((g) => `${g.namespace}/${g.name}`).join(', ') || 'none'}.`,
            ),
            severity: 'warning' as const,
          });
          return;
        }
        if (!gw.listeners.some((l) => listenerAdmits(l, gw.namespace, k.namespace)))
          out.push(
            finding(
              k.service,
              path,
              `no listener of Gateway ${gw.namespace}/${gw.name} admits routes from namespace ${k.namespace}`,
              'Set allowedRoutes.namespaces.from: All on the listener (or Selector matching the namespace).',
            ),
          );
      });
    }
    return out;
  },
};
