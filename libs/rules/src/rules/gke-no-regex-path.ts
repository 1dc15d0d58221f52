import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, gateways, isGkeClass, list, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'gke-no-regex-path',
  severity: 'error',
  summary: 'HTTPRoutes on GKE use only Exact or PathPrefix path matches.',
  docs: {
    why: 'The GKE Gateway controller does not support RegularExpression path matches; the route is not programmed.',
    fix: 'Use PathPrefix or Exact matches.',
    source: '[issue] GoogleCloudPlatform/gke-gateway-api#40 (GKE Ingress to Gateway feature comparison).',
  },
  kinds: ['HTTPRoute', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const gke = new Set(
      gateways(ctx)
        .filter((g) => isGkeClass(g.className))
        .map((g) => `${g.namespace}/${g.name}`),
    );
    if (gke.size === 0) return out;
    const scan = (r: Resource, rules: Array<Record<string, unknown>>, base: string) =>
      rules.forEach((rule, i) =>
        list(rule.matches).forEach((m, j) => {
          const type = obj(m.path)?.type;
          if (type !== undefined && type !== 'Exact' && type !== 'PathPrefix')
            out.push(
              finding(
                r,
                `${base}/${i}/matches/${j}/path/type`,
                `path match type ${String(type)} is not supported by the GKE Gateway`,
                'Use PathPrefix or Exact.',
              ),
            );
        }),
      );
    for (const route of ctx.byKind('HTTPRoute')) {
      const spec = obj(route.object.spec);
      if (
        list(spec?.parentRefs).some((p) =>
          gke.has(`${String(p.namespace ?? route.namespace ?? 'default')}/${String(p.name)}`),
        )
      )
        scan(route, list(spec?.rules), '/spec/rules');
    }
    for (const k of ctx.kserve)
      if (k.route && !k.route.fromPreset && k.route.parentRefs.some((p) => gke.has(`${p.namespace}/${p.name}`)))
        scan(k.service, k.route.rules, k.route.rulesPath);
    return out;
  },
};
