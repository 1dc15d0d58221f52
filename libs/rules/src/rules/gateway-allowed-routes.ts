import type { RuleFinding } from '@inference-gitops/core';
import { NAMESPACE_NAME_LABEL } from '@inference-gitops/cluster-spec';
import type { Rule } from '../types.js';
import { finding, list, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'gateway-allowed-routes',
  severity: { prod: 'error', default: 'warning' },
  summary:
    "A Gateway's listeners admit routes only from chosen namespaces, by a selector on kubernetes.io/metadata.name: not from every namespace.",
  docs: {
    why:
      'allowedRoutes.namespaces.from: All lets a route in any namespace attach to the gateway, so anyone who may ' +
      "create an HTTPRoute anywhere in the cluster can publish a path on the models' gateway or shadow one of " +
      'its routes. A Selector on another label is only as strong as the right to label namespaces: the Gateway ' +
      'API security model recommends kubernetes.io/metadata.name, which only the API server sets. `Same` cannot ' +
      "serve here: the endpoints' routes live in their own namespaces.",
    fix:
      'Use from: Selector with matchExpressions [{key: kubernetes.io/metadata.name, operator: In, values: [the ' +
      "endpoint namespaces]}] (the spec's default, allowedRoutes: Endpoints).",
    source:
      '[code] gateway-api v1.4.0 apis/v1/gateway_types.go (RouteNamespaces: From All|Same|Selector); [doc] ' +
      'gateway-api site-src/concepts/security-model.md; research serving-safety.md D15.',
  },
  kinds: ['Gateway'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const g of ctx.byKind('Gateway', 'gateway.networking.k8s.io')) {
      list(obj(g.object.spec)?.listeners).forEach((l, i) => {
        const namespaces = obj(obj(l.allowedRoutes)?.namespaces);
        const path = `/spec/listeners/${i}/allowedRoutes/namespaces`;
        if (namespaces?.from === 'All')
          out.push(
            finding(
              g,
              `${path}/from`,
              `listener ${String(l.name)} of Gateway ${g.name} admits routes from every namespace: any HTTPRoute in the cluster can attach to it`,
              `Admit the endpoint namespaces only: from: Selector on ${NAMESPACE_NAME_LABEL} (the spec's allowedRoutes: Endpoints).`,
            ),
          );
        if (namespaces?.from !== 'Selector') return;
        const selector = obj(namespaces.selector) ?? {};
        const keys = [
          ...Object.keys(obj(selector.matchLabels) ?? {}),
          ...list(selector.matchExpressions).map((e) => String(e.key)),
        ];
        const other = keys.find((k) => k !== NAMESPACE_NAME_LABEL);
        if (other !== undefined || keys.length === 0)
          out.push({
            ...finding(
              g,
              `${path}/selector`,
              keys.length === 0
                ? `listener ${String(l.name)} of Gateway ${g.name} has an empty namespace selector, which admits every namespace`
                : `listener ${String(l.name)} of Gateway ${g.name} admits namespaces by label ${other}: whoever may label a namespace can attach routes`,
              `Select on ${NAMESPACE_NAME_LABEL}, which only the API server sets.`,
            ),
            ...(keys.length === 0 ? {} : { severity: 'warning' as const }),
          });
      });
    }
    return out;
  },
};
