import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { appSources, finding, gateways, isGkeClass, list, obj } from './shared/util.js';

const V1 = 'inference.networking.k8s.io';
const ALPHA = 'inference.networking.x-k8s.io';

export const rule: Rule = {
  id: 'inferencepool-api-supported',
  severity: 'error',
  summary:
    'The InferencePool group used by routes and policies is installed and supported by the gateway implementation.',
  docs: {
    why:
      'Gateways ignore or reject InferencePool groups they do not implement (GKE and Istio >= 1.28 use v1 ' +
      'inference.networking.k8s.io; Istio 1.27 only the x-k8s.io v1alpha2 group), leaving the route with ' +
      'ResolvedRefs=False.',
    fix:
      'Use group inference.networking.k8s.io on GKE and Istio >= 1.28; install the InferencePool CRDs ' +
      '(Gateway API Inference Extension) the references need.',
    source:
      '[doc] GIE site-src/implementations/gateways.md, guides/index.md; Istio issues 57219, 58533; domain-facts 3.2, 3.5.',
  },
  kinds: ['HTTPRoute', 'HealthCheckPolicy', 'GCPBackendPolicy', 'Application'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const gws = gateways(ctx);
    const gke = gws.some((g) => isGkeClass(g.className)) || ctx.spec?.variant === 'gke-native';
    const istioVersion = ctx.spec?.versions.istio;
    const installsCrds = ctx
      .byKind('Application', 'argoproj.io')
      .some((a) =>
        appSources(a).some(({ source }) => /gateway-api-inference-extension/.test(String(source.repoURL ?? ''))),
      );
    const crdsInSet = new Set(ctx.byKind('CustomResourceDefinition').map((c) => String(obj(c.object.spec)?.group)));
    const installed = (group: string) => installsCrds || crdsInSet.has(group) || (gke && group === V1);
    const check = (r: (typeof ctx.resources)[number], group: string, path: string) => {
      if (group !== V1 && group !== ALPHA) return;
      if (gke && group === ALPHA && (r.kind === 'HealthCheckPolicy' || r.kind === 'GCPBackendPolicy'))
        out.push(
          finding(
            r,
            path,
            `${r.kind} ${r.name} targets the ${ALPHA} InferencePool group; the GKE Gateway programs v1 pools (${V1})`,
            `Use group ${V1}.`,
          ),
        );
      else if (istioVersion && group === V1 && /^v?1\.27\./.test(istioVersion))
        out.push(
          finding(
            r,
            path,
            `Istio ${istioVersion} only supports ${ALPHA} InferencePools; ${V1} needs Istio >= 1.28`,
            `Use group ${ALPHA} with Istio 1.27, or upgrade Istio.`,
          ),
        );
      else if (ctx.spec && !installed(group))
        out.push(
          finding(
            r,
            path,
            `no Application or CRD of this cluster installs the ${group} InferencePool CRD`,
            'Install the Gateway API Inference Extension CRDs.',
          ),
        );
    };
    for (const route of ctx.byKind('HTTPRoute'))
      list(obj(route.object.spec)?.rules).forEach((rule, i) =>
        list(rule.backendRefs).forEach(
          (b, j) =>
            b.kind === 'InferencePool' &&
            check(route, String(b.group ?? ''), `/spec/rules/${i}/backendRefs/${j}/group`),
        ),
      );
    for (const kind of ['HealthCheckPolicy', 'GCPBackendPolicy'])
      for (const p of ctx.byKind(kind)) {
        const ref = obj(obj(p.object.spec)?.targetRef);
        if (ref?.kind === 'InferencePool') check(p, String(ref.group ?? ''), '/spec/targetRef/group');
      }
    return out;
  },
};
