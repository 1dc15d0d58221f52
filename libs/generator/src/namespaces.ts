// Per cluster: the endpoint namespaces and the Secrets every endpoint of a namespace shares. Each object
// has exactly one owning Application: two endpoint Applications that both rendered `hf-token` would
// fight over it, and pruning one endpoint would delete the other's token (Argo CD shared resources).
import { KSERVE_BUILDS, kserveBuild, type ClusterSpec } from '@inference-gitops/cluster-spec';
import { externalSecretV1, namespace } from '@inference-gitops/k8s-builders';
import { generated, kustomization } from './emit.js';
import type { PlannedFile } from './types.js';

export function endpointNamespaces(spec: ClusterSpec): string[] {
  return [...new Set(spec.endpoints.map((e) => e.namespace))].sort();
}

/**
 * The gateway's namespace when the KServe install does not create it (the OpenDataHub build creates opendatahub,
 * community KServe creates kserve): the serving project may not create namespaces, so the platform's namespaces
 * Application does.
 */
export function gatewayNamespaceToCreate(spec: ClusterSpec): string | undefined {
  const installed = KSERVE_BUILDS[kserveBuild(spec.versions.kserve)].namespace;
  const ns = spec.gateway.namespace;
  return ns === installed || endpointNamespaces(spec).includes(ns) ? undefined : ns;
}

export function planNamespaces(spec: ClusterSpec, specPath: string): PlannedFile[] {
  const names = endpointNamespaces(spec);
  const gatewayNs = gatewayNamespaceToCreate(spec);
  if (names.length === 0 && !gatewayNs) return [];
  const dir = `overlays/clusters/${spec.name}/namespaces`;
  const docs: unknown[] = names.map((name) =>
    namespace({ metadata: { name, labels: { 'inference-gitops.dev/endpoints': 'true' } } }),
  );
  if (gatewayNs)
    docs.unshift(namespace({ metadata: { name: gatewayNs, labels: { 'inference-gitops.dev/gateway': 'true' } } }));
  if (spec.secrets.provider === 'external-secrets') for (const ns of names) docs.push(...externalSecrets(spec, ns));
  return [
    generated(`${dir}/namespaces.yaml`, specPath, docs),
    generated(`${dir}/kustomization.yaml`, specPath, [
      kustomization({ resources: ['namespaces.yaml'], components: [`../../../components/env-${spec.environment}`] }),
    ]),
  ];
}

function externalSecrets(spec: ClusterSpec, ns: string): unknown[] {
  const store = { kind: 'ClusterSecretStore', name: spec.secrets.store ?? 'store' };
  const token = spec.secrets.huggingFaceToken;
  const out: unknown[] = [
    externalSecretV1({
      metadata: { name: token.name, namespace: ns, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: store,
        target: { name: token.name, creationPolicy: 'Owner' },
        data: [{ secretKey: token.key, remoteRef: { key: token.remoteKey ?? token.name } }],
      },
    }),
  ];
  const pull = spec.secrets.imagePull;
  if (pull) {
    out.push(
      externalSecretV1({
        metadata: { name: pull.name, namespace: ns, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: store,
          target: { name: pull.name, creationPolicy: 'Owner', template: { type: 'kubernetes.io/dockerconfigjson' } },
          data: [{ secretKey: '.dockerconfigjson', remoteRef: { key: pull.remoteKey ?? pull.name } }],
        },
      }),
    );
  }
  return out;
}
