// Argo CD's own configuration that the generated tree relies on, synced first by each cluster's root
// Application: the health checks (sync waves between child Applications wait on the Application's; the
// LLMInferenceService's keeps the smoke test from running while the model loads, argocd-health.ts) and the
// gitops-validate config management plugin that gated Applications name.
import { stringify } from 'yaml';
import { configMap } from '@inference-gitops/k8s-builders';
import { WORKLOAD_HEALTH_CHECKS } from './argocd-health.js';

/** The config management plugin: its name and version. Argo CD calls a versioned plugin `<name>-<version>`. */
export const CMP_PLUGIN = { name: 'gitops-validate', version: 'v1' } as const;

/** What a gated Application puts in `source.plugin.name` (Argo CD docs, config-management-plugins: "name-version"). */
export const GATED_PLUGIN_NAME = `${CMP_PLUGIN.name}-${CMP_PLUGIN.version}`;

/** argocd-cm key that gives Application resources a health status (none since Argo CD 1.8). */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/**
 * Healthy only when the child Application reports Healthy; Progressing until it has a status. With this,
 * the parent's sync waves wait for each child (Argo CD docs: sync waves, "Application health").
 */
export const APPLICATION_HEALTH_LUA = [
  'hs = {status = "Progressing", message = "waiting for the Application to report its health"}',
  'if obj.status ~= nil and obj.status.health ~= nil and obj.status.health.status ~= nil then',
  '  hs.status = obj.status.health.status',
  '  hs.message = obj.status.health.message or ""',
  'end',
  'return hs',
  '',
].join('\n');

/**
 * argocd-cm with only the key this tree needs. Server-side apply merges it into the installed ConfigMap
 * (other keys stay with their owner); Prune=false and Delete=false keep Argo CD's ConfigMap when the
 * root Application goes.
 */
export function argocdCm(): unknown {
  return configMap({
    metadata: {
      name: 'argocd-cm',
      labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
      annotations: {
        'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false',
        'argocd.argoproj.io/sync-wave': '-100',
      },
    },
    data: { [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA, ...WORKLOAD_HEALTH_CHECKS },
  });
}

/**
 * The ConfigManagementPlugin, in the ConfigMap the repo-server sidecar mounts (deploy/argocd-cmp). It has
 * no `discover`: only the Applications that name it render through it, never other teams' (Argo CD tries
 * discovering plugins before its own kustomize; rule argocd-plugin-discovery).
 */
export function cmpPluginConfigMap(): unknown {
  const plugin = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ConfigManagementPlugin',
    metadata: { name: CMP_PLUGIN.name },
    spec: {
      version: CMP_PLUGIN.version,
      generate: { command: ['gitops', 'argocd-cmp', 'generate'] },
      preserveFileMode: false,
    },
  };
  return configMap({
    metadata: { name: 'gitops-validate-cmp', annotations: { 'argocd.argoproj.io/sync-wave': '-100' } },
    data: { 'plugin.yaml': stringify(plugin) },
  });
}
