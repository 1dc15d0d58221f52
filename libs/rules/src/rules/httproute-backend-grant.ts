import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { KServeDerived, Rule } from '../types.js';
import { finding, list, obj } from './shared/util.js';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

interface Grant {
  namespace: string;
  from: Array<Record<string, unknown>>;
  to: Array<Record<string, unknown>>;
}

/** A backend an HTTPRoute sends to: its rules' backendRefs and their filters' request mirrors. */
interface BackendRef {
  ref: Record<string, unknown>;
  path: string;
}

function backendRefs(rules: Array<Record<string, unknown>>, base: string): BackendRef[] {
  const out: BackendRef[] = [];
  const mirrors = (filters: unknown, at: string) =>
    list(filters).forEach((f, k) => {
      const mirror = obj(obj(f.requestMirror)?.backendRef);
      if (mirror) out.push({ ref: mirror, path: `${at}/filters/${k}/requestMirror/backendRef` });
    });
  rules.forEach((rule, i) => {
    mirrors(rule.filters, `${base}/${i}`);
    list(rule.backendRefs).forEach((ref, j) => {
      out.push({ ref, path: `${base}/${i}/backendRefs/${j}` });
      mirrors(ref.filters, `${base}/${i}/backendRefs/${j}`);
    });
  });
  return out;
}

/** Does a ReferenceGrant of the target's namespace let HTTPRoutes of `routeNamespace` refer to it? */
function permitted(
  grants: Grant[],
  routeNamespace: string,
  target: { group: string; kind: string; name: string; namespace: string },
): boolean {
  return grants.some(
    (g) =>
      g.namespace === target.namespace &&
      g.from.some((f) => f.group === GATEWAY_GROUP && f.kind === 'HTTPRoute' && f.namespace === routeNamespace) &&
      g.to.some(
        (t) =>
          String(t.group ?? '') === target.group &&
          t.kind === target.kind &&
          (t.name === undefined || t.name === '' || t.name === target.name),
      ),
  );
}

export const rule: Rule = {
  id: 'httproute-backend-grant',
  severity: 'error',
  summary: "An HTTPRoute's backend in another namespace is allowed by a ReferenceGrant in that namespace.",
  docs: {
    why:
      'A backendRef to a Service or InferencePool of another namespace is honoured only when a ' +
      "ReferenceGrant there allows HTTPRoutes of the route's namespace to refer to that kind (and name). " +
      'Without it the Gateway marks the route ResolvedRefs=False (RefNotPermitted) and does not configure ' +
      'the backend: the requests of that rule get HTTP 500, and nothing in Argo CD turns red.',
    fix:
      "Add a gateway.networking.k8s.io ReferenceGrant in the backend's namespace: from group " +
      "gateway.networking.k8s.io, kind HTTPRoute, the route's namespace; to the backend's group and kind " +
      '(`inference.networking.k8s.io` InferencePool, or `""` Service), optionally its name. Or move the ' +
      "route to the backend's namespace.",
    source:
      '[code] gateway-api apis/v1/httproute_types.go@v1.4.0 (HTTPBackendRef, HTTPRequestMirrorFilter: ' +
      'RefNotPermitted, 500 for rules whose backends are all invalid), ' +
      'apis/v1beta1/referencegrant_types.go (from, to, name optional).',
  },
  kinds: ['HTTPRoute', 'ReferenceGrant', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const grants: Grant[] = ctx.byKind('ReferenceGrant', GATEWAY_GROUP).map((g) => ({
      namespace: g.namespace ?? 'default',
      from: list(obj(g.object.spec)?.from),
      to: list(obj(g.object.spec)?.to),
    }));
    const check = (
      owner: Resource,
      routeNamespace: string,
      routeName: string,
      refs: BackendRef[],
      derived?: KServeDerived,
    ) => {
      for (const { ref, path } of refs) {
        const namespace = ref.namespace === undefined ? routeNamespace : String(ref.namespace);
        if (namespace === routeNamespace) continue;
        const target = {
          group: String(ref.group ?? ''),
          kind: String(ref.kind ?? 'Service'),
          name: String(ref.name ?? ''),
          namespace,
        };
        if (permitted(grants, routeNamespace, target)) continue;
        // Only a set that holds the backend, or the grants of its namespace, can tell a missing grant.
        if (!ctx.find(target.kind, namespace, target.name) && !grants.some((g) => g.namespace === namespace)) {
          ctx.skip(
            `HTTPRoute ${routeNamespace}/${routeName}: backend ${target.kind} ${namespace}/${target.name} and the ReferenceGrants of ${namespace} are not in the validated set (validate its cluster)`,
          );
          continue;
        }
        out.push(
          finding(
            owner,
            `${path}/namespace`,
            `HTTPRoute ${routeNamespace}/${routeName} sends to ${target.kind} ${namespace}/${target.name}, and no ReferenceGrant in ${namespace} allows HTTPRoutes of ${routeNamespace} to: the Gateway drops the backend (RefNotPermitted) and answers 500`,
            `Add a ReferenceGrant in ${namespace}: from {group: ${GATEWAY_GROUP}, kind: HTTPRoute, namespace: ${routeNamespace}}, to {group: "${target.group}", kind: ${target.kind}}.`,
            derived,
          ),
        );
      }
    };
    for (const route of ctx.byKind('HTTPRoute', GATEWAY_GROUP)) {
      check(
        route,
        route.namespace ?? 'default',
        route.name,
        backendRefs(list(obj(route.object.spec)?.rules), '/spec/rules'),
      );
    }
    for (const k of ctx.kserve) {
      if (k.route && !k.route.fromPreset)
        check(k.service, k.route.namespace, k.route.name, backendRefs(k.route.rules, k.route.rulesPath), k);
    }
    return out;
  },
};
