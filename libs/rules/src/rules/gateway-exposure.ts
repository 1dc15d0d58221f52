import type { Resource, RuleFinding } from '@inference-gitops/core';
import { GKE_INTERNAL_CLASSES, GKE_LB_TYPE_ANNOTATION } from '@inference-gitops/cluster-spec';
import type { Rule } from '../types.js';
import { finding, isGkeClass, list, obj, requiresPrincipal } from './shared/util.js';

/** Whether the internet reaches a Gateway: a GKE external class, or an Istio gateway on a public load balancer. */
function external(g: Resource): boolean {
  const spec = obj(g.object.spec) ?? {};
  const className = String(spec.gatewayClassName ?? '');
  if (isGkeClass(className)) return !GKE_INTERNAL_CLASSES.includes(className);
  const annotations = {
    ...(obj(obj(spec.infrastructure)?.annotations) ?? {}),
    ...(obj(obj(g.object.metadata)?.annotations) ?? {}),
  };
  // Istio: the Service takes these annotations; ClusterIP (networking.istio.io/service-type) is not exposed at all.
  return (
    annotations[GKE_LB_TYPE_ANNOTATION] !== 'Internal' &&
    annotations['networking.istio.io/service-type'] !== 'ClusterIP'
  );
}

export const rule: Rule = {
  id: 'gateway-exposure',
  severity: { prod: 'error', default: 'warning' },
  summary:
    'A Gateway the internet reaches serves TLS and authenticates requests before they reach the models; in prod an open one is refused (an internal gateway is the other answer).',
  docs: {
    why:
      "The odh-xks KServe build disables KServe's own authentication (LLMISVC_AUTH_DISABLED), so nothing but the " +
      'gateway stands between the internet and the models: a public gateway on plain HTTP with no authentication ' +
      'lets anyone call them and read the traffic. On Istio, a RequestAuthentication alone accepts requests with ' +
      'no token: an AuthorizationPolicy that requires a request principal must be attached to the Gateway. On GKE, ' +
      'no authentication in front of InferencePool backends is verified yet (IAP on an InferencePool is not ' +
      'documented), so an external GKE inference gateway cannot be made safe here.',
    fix:
      'Make the gateway internal (GKE: gke-l7-rilb; Istio: networking.gke.io/load-balancer-type: Internal in ' +
      "spec.infrastructure.annotations; the spec's gateway.exposure: internal, the default in prod), or serve HTTPS " +
      'and attach, on Istio, a RequestAuthentication and an AuthorizationPolicy requiring requestPrincipals by ' +
      'targetRefs to the Gateway (the spec: gateway.authentication).',
    source:
      '[code] opendatahub-io/kserve odh-v3.4-EA1 config/overlays/odh-xks/patches/patch-controller-env.yaml ' +
      '(LLMISVC_AUTH_DISABLED); [doc] istio.io RequestAuthentication and AuthorizationPolicy references (a request ' +
      'without a token is accepted unless a policy requires a principal; targetRefs to a Gateway); GKE GatewayClass ' +
      'capabilities (gke-l7-rilb internal); research serving-safety.md D13, D14.',
  },
  kinds: ['Gateway', 'AuthorizationPolicy'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const g of ctx.byKind('Gateway', 'gateway.networking.k8s.io')) {
      if (!external(g)) continue;
      const gke = isGkeClass(String(obj(g.object.spec)?.gatewayClassName ?? ''));
      list(obj(g.object.spec)?.listeners).forEach((l, i) => {
        if (l.protocol !== 'HTTP') return;
        out.push(
          finding(
            g,
            `/spec/listeners/${i}/protocol`,
            `Gateway ${g.name} is reachable from the internet and listener ${String(l.name)} serves plain HTTP: requests and answers cross it unencrypted`,
            gke
              ? 'Serve HTTPS (a Certificate Manager certificate or a Secret in tls.certificateRefs), or make the gateway internal (gke-l7-rilb).'
              : 'Serve HTTPS (tls.certificateRefs from cert-manager), or make the gateway internal.',
          ),
        );
      });
      if (!gke && requiresPrincipal(ctx, g)) continue;
      out.push(
        finding(
          g,
          '/spec/gatewayClassName',
          gke
            ? `Gateway ${g.name} is reachable from the internet, and no authentication in front of InferencePool backends is verified on GKE: anyone can call the models`
            : `Gateway ${g.name} is reachable from the internet, and no AuthorizationPolicy requiring a request principal is attached to it: anyone can call the models`,
          gke
            ? 'Make the gateway internal (className gke-l7-rilb; gateway.exposure: internal).'
            : 'Attach a RequestAuthentication and an AuthorizationPolicy (rules.from.source.requestPrincipals) by targetRefs to the Gateway (gateway.authentication in the spec), or make it internal.',
        ),
      );
    }
    return out;
  },
};
