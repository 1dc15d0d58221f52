import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, list, obj } from './shared/util.js';

/** The routes of the tree by `<namespace>/<name>`: their rules' names, in order (undefined when unnamed). */
function routeRules(ctx: Parameters<Rule['check']>[0]): Map<string, Array<string | undefined>> {
  const routes = new Map<string, Array<string | undefined>>();
  const names = (rules: Array<Record<string, unknown>>) =>
    rules.map((r) => (typeof r.name === 'string' ? r.name : undefined));
  for (const route of ctx.byKind('HTTPRoute', 'gateway.networking.k8s.io'))
    routes.set(`${route.namespace ?? 'default'}/${route.name}`, names(list(obj(route.object.spec)?.rules)));
  for (const k of ctx.kserve) if (k.route) routes.set(`${k.route.namespace}/${k.route.name}`, names(k.route.rules));
  return routes;
}

export const rule: Rule = {
  id: 'istio-envoyfilter-route',
  severity: 'error',
  summary:
    "An EnvoyFilter that patches a Gateway API route by name names a route rule of the tree (Istio's `<namespace>.<HTTPRoute>.<rule index>`).",
  docs: {
    why:
      'Istio names the Envoy route of each HTTPRoute rule `<namespace>.<HTTPRoute name>.<rule index>`. An ' +
      'EnvoyFilter whose HTTP_ROUTE match names another route applies to nothing, without an error: in the ' +
      'seed the per-route ext_proc patch that makes the gateway send the request body to the endpoint ' +
      'picker missed its routes, and every request failed with "POST body lost / prompt is required". A ' +
      "KServe-managed route is `<LLMInferenceService>-kserve-route`, with the rules of the service's " +
      'route spec or of the router-route preset.',
    fix:
      "Name the route as Istio does: the HTTPRoute's namespace, its name (KServe: " +
      '`<service>-kserve-route`) and the index of the rule, counted from 0, below the number of rules.',
    source:
      '[code] istio/istio pilot/pkg/config/kube/gateway (VirtualService http[].name ' +
      '`<namespace>.<name>.<index>`, testdata/alias.yaml.golden); seed istio-kserve/pattern3-caching ' +
      'envoyfilter-route-extproc-body.yaml and docs/troubleshooting.md (X-4).',
  },
  kinds: ['EnvoyFilter', 'HTTPRoute', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const filters = ctx.byKind('EnvoyFilter', 'networking.istio.io');
    if (filters.length === 0) return out;
    const routes = routeRules(ctx);
    for (const filter of filters) {
      list(obj(filter.object.spec)?.configPatches).forEach((patch, i) => {
        if (patch.applyTo !== 'HTTP_ROUTE') return;
        const name = obj(obj(obj(obj(patch.match)?.routeConfiguration)?.vhost)?.route)?.name;
        if (typeof name !== 'string') return;
        const path = `/spec/configPatches/${i}/match/routeConfiguration/vhost/route/name`;
        // `<namespace>.<route>.<rule>`: a namespace has no dots; a route name may.
        const m = /^([a-z0-9-]+)\.(.+)\.([^.]+)$/.exec(name);
        if (!m) return; // not a Gateway API route name (a VirtualService's own route names are free-form)
        const [, namespace, route, rule] = m as unknown as [string, string, string, string];
        const rules = routes.get(`${namespace}/${route}`);
        if (!rules) {
          const known = [...routes.keys()].filter((k) => k.startsWith(`${namespace}/`));
          // Only a set that holds routes of that namespace (or KServe services there) can tell.
          if (known.length === 0) {
            ctx.skip(
              `EnvoyFilter ${filter.name}: route ${name} is in namespace ${namespace}, of which the validated set holds no HTTPRoute or LLMInferenceService`,
            );
            return;
          }
          out.push(
            finding(
              filter,
              path,
              `EnvoyFilter ${filter.name} patches route ${name}, but namespace ${namespace} has no HTTPRoute ${route} (routes there: ${known.map((k) => k.slice(namespace.length + 1)).join(', ')}): the patch applies to nothing`,
              'Name the route `<namespace>.<HTTPRoute name>.<rule index>`; a KServe route is `<service>-kserve-route`.',
            ),
          );
          return;
        }
        const index = /^\d+$/.test(rule) ? Number(rule) : undefined;
        if (index !== undefined ? index >= rules.length : !rules.includes(rule)) {
          out.push(
            finding(
              filter,
              path,
              `EnvoyFilter ${filter.name} patches route ${name}, but HTTPRoute ${namespace}/${route} has ${rules.length} rule${rules.length === 1 ? '' : 's'} (indexes 0 to ${rules.length - 1}): the patch applies to nothing`,
              'Use the index of the rule to patch, counted from 0.',
            ),
          );
        }
      });
    }
    return out;
  },
};
