import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, gateways, list, listenerAdmits, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'httproute-parent-resolves',
  severity: 'error',
  summary: "Every HTTPRoute parentRef resolves to a Gateway of the cluster that admits the route's namespace.",
  docs: {
    why:
      'A route whose parent does not exist, or whose listeners only admit their own namespace (the ' +
      'default), is never attached: requests 404 with no error anywhere.',
    fix: "Point parentRefs at the cluster's Gateway (name and namespace) and let its listener admit the route namespace (allowedRoutes.namespaces.from: All).",
    source: '[code] gateway-api apis/v1/gateway_types.go@v1.4.0 (allowedRoutes default Same).',
  },
  kinds: ['HTTPRoute', 'Gateway'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const known = gateways(ctx);
    for (const route of ctx.byKind('HTTPRoute')) {
      const ns = route.namespace ?? 'default';
      list(obj(route.object.spec)?.parentRefs).forEach((p, i) => {
        if (p.kind !== undefined && p.kind !== 'Gateway') return;
        const gwNs = String(p.namespace ?? ns);
        const gw = known.find((g) => g.name === p.name && g.namespace === gwNs);
        if (!gw)
          out.push({
            ...finding(
              route,
              `/spec/parentRefs/${i}`,
              `parent Gateway ${gwNs}/${String(p.name)} is not part of this cluster (unresolved)`,
              `Gateways here: ${known.map((g) => `${g.namespace}/${g.name}`).join(', ') || 'none'}.`,
            ),
            severity: 'warning',
          });
        else if (
          !gw.listeners.some(
            (l) => (p.sectionName === undefined || l.name === p.sectionName) && listenerAdmits(l, gw.namespace, ns),
          )
        )
          out.push(
            finding(
              route,
              `/spec/parentRefs/${i}`,
              `no listener of Gateway ${gw.namespace}/${gw.name} admits routes from namespace ${ns}`,
              'Set allowedRoutes.namespaces.from: All on the listener.',
            ),
          );
      });
    }
    return out;
  },
};
