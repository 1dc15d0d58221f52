// What Argo CD itself is configured with, as far as the validated set says: config management plugins
// (ConfigMaps holding a ConfigManagementPlugin) and argocd-cm's resource customizations.
import { parse } from 'yaml';
import type { Resource } from '@inference-gitops/core';

/** argocd-cm key that gives Application resources a health status (none by default since Argo CD 1.8). */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

export interface PluginView {
  /** The name Applications use: `<name>-<version>` when the plugin has a version (Argo CD CMP v2). */
  name: string;
  configMap: Resource;
  /** The ConfigMap data key that holds the plugin's definition. */
  key: string;
  /** Its `discover` section, when it has one: Argo CD then offers it Applications that do not name it. */
  discover?: unknown;
}

function data(r: Resource): Record<string, unknown> {
  const d = r.object.data;
  return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
}

export function configManagementPlugins(resources: readonly Resource[]): PluginView[] {
  const out: PluginView[] = [];
  for (const r of resources) {
    if (r.kind !== 'ConfigMap') continue;
    for (const [key, value] of Object.entries(data(r))) {
      if (typeof value !== 'string' || !value.includes('ConfigManagementPlugin')) continue;
      type PluginDoc = {
        kind?: unknown;
        metadata?: { name?: unknown };
        spec?: { version?: unknown; discover?: unknown };
      } | null;
      const doc = parseQuietly(value) as PluginDoc;
      if (doc?.kind !== 'ConfigManagementPlugin' || typeof doc.metadata?.name !== 'string') continue;
      const version = typeof doc.spec?.version === 'string' && doc.spec.version !== '' ? doc.spec.version : undefined;
      out.push({
        name: version ? `${doc.metadata.name}-${version}` : doc.metadata.name,
        configMap: r,
        key,
        ...(doc.spec?.discover !== undefined && doc.spec.discover !== null ? { discover: doc.spec.discover } : {}),
      });
    }
  }
  return out;
}

function parseQuietly(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return null;
  }
}

/** Does an argocd-cm in the set give Application resources a health check (new or legacy key)? */
export function configuresApplicationHealth(resources: readonly Resource[]): boolean | undefined {
  const cms = resources.filter((r) => r.kind === 'ConfigMap' && r.name === 'argocd-cm');
  if (cms.length === 0) return undefined;
  return cms.some((cm) => {
    const d = data(cm);
    if (typeof d[APPLICATION_HEALTH_KEY] === 'string') return true;
    const legacy = d['resource.customizations'];
    return typeof legacy === 'string' && /argoproj\.io\/Application:\s*\n\s+health\.lua/.test(legacy);
  });
}

/**
 * The argocd-cm of the set, when it holds one, and whether it gives `group/kind` a health check (the key
 * resource.customizations.health.<group>_<kind>, or the legacy resource.customizations block).
 */
export function healthCustomization(
  resources: readonly Resource[],
  group: string,
  kind: string,
): { configMap: Resource; configured: boolean } | undefined {
  const cm = resources.find((r) => r.kind === 'ConfigMap' && r.name === 'argocd-cm');
  if (!cm) return undefined;
  const d = data(cm);
  const legacy = d['resource.customizations'];
  const escaped = `${group}/${kind}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const configured =
    typeof d[`resource.customizations.health.${group}_${kind}`] === 'string' ||
    (typeof legacy === 'string' && new RegExp(`${escaped}:\\s*\\n\\s+health\\.lua`).test(legacy));
  return { configMap: cm, configured };
}
