import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, gateways, isGkeClass, list, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'gke-httproute-no-timeouts',
  severity: 'error',
  summary:
    'No HTTPRoute rule behind a gke-l7 Gateway carries `timeouts`, including the route KServe creates from its template.',
  docs: {
    why:
      'The GKE Gateway controller rejects the whole route ("GWCER104: Timeouts are not supported"). ' +
      "KServe's router-route preset sets timeouts on every rule and ignores disableHTTPRouteTimeout for " +
      'LLMInferenceServices (seed NG-4).',
    fix:
      'Give the LLMInferenceService its own router.route.http.spec.rules without timeouts (or a BYO route ' +
      'via http.refs); remove timeouts from HTTPRoutes and LLMInferenceServiceConfigs; raise the backend ' +
      'timeout with a GCPBackendPolicy instead.',
    source: 'seed ISSUES NG-4; kserve issues #5311, #5707; [code] config-llm-router-route preset.',
  },
  kinds: ['HTTPRoute', 'LLMInferenceService', 'LLMInferenceServiceConfig'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const gkeGateways = new Set(
      gateways(ctx)
        .filter((g) => isGkeClass(g.className))
        .map((g) => `${g.namespace}/${g.name}`),
    );
    if (gkeGateways.size === 0) return out;
    const ruleTimeouts = (resource: Resource, rules: Array<Record<string, unknown>>, base: string) => {
      rules.forEach((r, i) => {
        if (obj(r.timeouts))
          out.push(
            finding(
              resource,
              `${base}/${i}/timeouts`,
              `HTTPRoute rule ${i} sets timeouts, which the GKE Gateway rejects (GWCER104)`,
              'Remove timeouts; raise the backend timeout with a GCPBackendPolicy instead.',
            ),
          );
      });
    };
    for (const route of ctx.byKind('HTTPRoute')) {
      const spec = obj(route.object.spec);
      const attached = list(spec?.parentRefs).some((p) =>
        gkeGateways.has(`${String(p.namespace ?? route.namespace ?? 'default')}/${String(p.name)}`),
      );
      if (attached) ruleTimeouts(route, list(spec?.rules), '/spec/rules');
    }
    for (const k of ctx.kserve) {
      if (!k.route || !k.route.parentRefs.some((p) => gkeGateways.has(`${p.namespace}/${p.name}`))) continue;
      if (k.route.fromPreset) {
        if (k.route.rules.some((r) => obj(r.timeouts)))
          out.push({
            ...finding(
              k.service,
              '/spec/router/route',
              `the route KServe creates for ${k.name} from the router-route preset sets timeouts on every rule; the GKE Gateway rejects it`,
              'Give spec.router.route.http.spec.rules without timeouts (the preset paths), or reference your own route with http.refs.',
            ),
            derivedFrom: {
              apiVersion: 'gateway.networking.k8s.io/v1',
              kind: 'HTTPRoute',
              name: k.route.name,
              namespace: k.namespace,
            },
          });
      } else ruleTimeouts(k.service, k.route.rules, k.route.rulesPath);
    }
    for (const cfg of ctx.byKind('LLMInferenceServiceConfig')) {
      const rules = list(obj(obj(obj(obj(obj(cfg.object.spec)?.router)?.route)?.http)?.spec)?.rules);
      ruleTimeouts(cfg, rules, '/spec/router/route/http/spec/rules');
    }
    return out;
  },
};
