import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, gateways, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'istio-inference-extension',
  severity: 'error',
  summary: 'istio variant: the Istio control plane enables ENABLE_GATEWAY_API_INFERENCE_EXTENSION.',
  docs: {
    why: 'istiod ignores InferencePool backends unless the inference extension is switched on (it is off by default); routes stay unresolved.',
    fix: 'Set spec.values.pilot.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION: "true" on the sail-operator Istio resource.',
    source: '[doc] GIE guide (Istio); seed infra sail-operator chart Istio CR; domain-facts 3.5.',
  },
  kinds: ['Istio', 'Gateway'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const istioGateways = gateways(ctx).filter((g) => g.className === 'istio');
    const controlPlanes = ctx.byKind('Istio', 'sailoperator.io');
    if (istioGateways.length === 0 && ctx.spec?.variant !== 'istio') return out;
    for (const cp of controlPlanes) {
      const env = obj(obj(obj(obj(cp.object.spec)?.values)?.pilot)?.env);
      if (String(env?.ENABLE_GATEWAY_API_INFERENCE_EXTENSION) !== 'true')
        out.push(
          finding(
            cp,
            '/spec/values/pilot/env',
            `Istio ${cp.name} does not enable ENABLE_GATEWAY_API_INFERENCE_EXTENSION; InferencePool backends stay unresolved`,
            'Set spec.values.pilot.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION: "true".',
          ),
        );
    }
    // Only a whole cluster (validated through its Argo CD tree) can know that no control plane exists.
    if (
      controlPlanes.length === 0 &&
      ctx.spec?.variant === 'istio' &&
      ctx.applicationsOf &&
      istioGateways[0]?.resource
    ) {
      out.push({
        ...finding(
          istioGateways[0].resource,
          '/spec/gatewayClassName',
          'no Istio control plane (sailoperator.io Istio) of this cluster enables the inference extension (unresolved)',
          'Render the Istio resource with ENABLE_GATEWAY_API_INFERENCE_EXTENSION: "true".',
        ),
        severity: 'warning',
      });
    }
    return out;
  },
};
