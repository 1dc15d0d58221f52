import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { appSources, finding, obj, onGke } from './shared/util.js';

export const rule: Rule = {
  id: 'gke-no-gateway-api-crds',
  severity: 'error',
  summary: 'Nothing renders gateway.networking.k8s.io CRDs for GKE clusters (GKE owns them).',
  docs: {
    why:
      'GKE installs and manages the standard-channel Gateway API CRDs and blocks others with an admission ' +
      'policy ("Experimental CRDs are not permitted", seed IK-2); applying them fights the platform.',
    fix:
      'Remove Gateway API CRDs (and Applications that install kubernetes-sigs/gateway-api) from GKE ' +
      'clusters; enable --gateway-api=standard on the cluster instead.',
    source: 'seed IK-2; [doc] GKE gatewayclass-capabilities (CRD versions GKE installs).',
  },
  kinds: ['CustomResourceDefinition', 'Application'],
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!onGke(ctx)) return out;
    for (const crd of ctx.byKind('CustomResourceDefinition'))
      if (obj(crd.object.spec)?.group === 'gateway.networking.k8s.io')
        out.push(
          finding(
            crd,
            '/spec/group',
            `CRD ${crd.name} belongs to GKE on this cluster; do not apply Gateway API CRDs`,
            'Remove it; GKE manages the Gateway API CRDs.',
          ),
        );
    for (const app of ctx.byKind('Application', 'argoproj.io'))
      for (const { source, path } of appSources(app))
        if (/kubernetes-sigs\/gateway-api(\.git)?$/.test(String(source.repoURL ?? '')))
          out.push(
            finding(
              app,
              `${path}/repoURL`,
              `Application ${app.name} installs Gateway API CRDs, which GKE owns on this cluster`,
              'Remove the source; GKE manages the Gateway API CRDs.',
            ),
          );
    return out;
  },
};
