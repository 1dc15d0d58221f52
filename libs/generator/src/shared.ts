// Shared kustomize bases and Components, the same for every cluster.
import { stringify } from 'yaml';
import { configMap } from '@inference-gitops/k8s-builders';
import { argocdCm, cmpPluginConfigMap } from './argocd-config.js';
import { generated, generatedText, kustomization } from './emit.js';
import { mergeKeySchema } from './merge-keys.js';
import { kservePki } from './cluster.js';
import type { PlannedFile } from './types.js';

const SOURCE = 'gitops generate (shared bases and components)';
const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const VARIANTS = ['gke-native', 'istio'] as const;

export function planShared(): PlannedFile[] {
  const files: PlannedFile[] = [];
  files.push(generated('overlays/bases/kserve-pki/pki.yaml', SOURCE, kservePki()));
  files.push(
    generated('overlays/bases/kserve-pki/kustomization.yaml', SOURCE, [kustomization({ resources: ['pki.yaml'] })]),
  );
  files.push(generated('overlays/bases/istio-gateway-config/gateway-config.yaml', SOURCE, [istioGatewayConfig()]));
  files.push(
    generated('overlays/bases/istio-gateway-config/kustomization.yaml', SOURCE, [
      kustomization({ resources: ['gateway-config.yaml'] }),
    ]),
  );
  files.push(generated('overlays/bases/argocd-config/argocd-config.yaml', SOURCE, [argocdCm(), cmpPluginConfigMap()]));
  files.push(
    generated('overlays/bases/argocd-config/kustomization.yaml', SOURCE, [
      kustomization({ resources: ['argocd-config.yaml'] }),
    ]),
  );
  files.push(
    generatedText(
      'overlays/components/kserve-merge-keys/openapi.yaml',
      SOURCE,
      stringify(mergeKeySchema(), { lineWidth: 0 }),
    ),
  );
  files.push(
    generated('overlays/components/kserve-merge-keys/kustomization.yaml', SOURCE, [
      { ...kustomization({ kind: 'Component' }), openapi: { path: 'openapi.yaml' } },
    ]),
  );
  for (const env of ENVIRONMENTS) {
    files.push(
      generated(`overlays/components/env-${env}/kustomization.yaml`, SOURCE, [
        kustomization({
          kind: 'Component',
          labels: [
            { pairs: { 'inference-gitops.dev/environment': env }, includeSelectors: false, includeTemplates: false },
          ],
          // prod: never let an automated sync prune a serving endpoint or its gateway.
          ...(env === 'prod' ? { commonAnnotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } } : {}),
        }),
      ]),
    );
  }
  for (const variant of VARIANTS) {
    files.push(
      generated(`overlays/components/variant-${variant}/kustomization.yaml`, SOURCE, [
        kustomization({
          kind: 'Component',
          labels: [
            { pairs: { 'inference-gitops.dev/variant': variant }, includeSelectors: false, includeTemplates: false },
          ],
        }),
      ]),
    );
  }
  return files;
}

/**
 * Istio's gateway deployment customisation (Gateway spec.infrastructure.parametersRef): mounts the ODH
 * CA bundle ConfigMap `odh-ca-bundle` (pre-created from cert-manager's opendatahub-ca, see
 * docs/generated-tree.md) into istio-proxy at /var/run/secrets/opendatahub, as setup-gateway.sh did.
 */
function istioGatewayConfig() {
  const deploymentPatch = {
    spec: {
      template: {
        spec: {
          volumes: [{ name: 'odh-ca-bundle', configMap: { name: 'odh-ca-bundle' } }],
          containers: [
            {
              name: 'istio-proxy',
              volumeMounts: [{ name: 'odh-ca-bundle', mountPath: '/var/run/secrets/opendatahub', readOnly: true }],
            },
          ],
        },
      },
    },
  };
  return configMap({
    metadata: { name: 'inference-gateway-config' },
    data: { deployment: JSON.stringify(deploymentPatch, null, 2) + '\n' },
  });
}
