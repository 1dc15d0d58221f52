import { relative } from 'node:path';
import { stringify } from 'yaml';
import type { Resource } from '@inference-gitops/core';
import { listClusterNames } from '@inference-gitops/cluster-spec';
import { detectKustomize, Renderer, walkArgoTree } from '@inference-gitops/render';

/** What one revision renders: cluster -> Application -> resource key -> YAML (secrets redacted). */
export interface Snapshot {
  clusters: Map<string, Map<string, { source: string; resources: Map<string, string> }>>;
}

export async function snapshot(repoRoot: string): Promise<Snapshot> {
  const renderer = new Renderer(await detectKustomize(), { repoRoot });
  const clusters: Snapshot['clusters'] = new Map();
  for (const cluster of listClusterNames(repoRoot)) {
    const target = await walkArgoTree(repoRoot, cluster, renderer);
    const apps = new Map<string, { source: string; resources: Map<string, string> }>();
    for (const unit of target.units) {
      const result = await renderer.render(unit);
      const app = 'application' in unit && unit.application ? unit.application : `${cluster}-root`;
      const where =
        unit.kind === 'kustomize' || unit.kind === 'dir' ? unit.dir : unit.kind === 'file' ? unit.file : '-';
      const entry = apps.get(app) ?? { source: relative(repoRoot, where), resources: new Map<string, string>() };
      for (const r of result.resources) entry.resources.set(resourceKey(r), stringify(redact(r), { lineWidth: 0 }));
      apps.set(app, entry);
    }
    clusters.set(cluster, apps);
  }
  return { clusters };
}

export function resourceKey(r: Resource): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** Secret values never leave the machine: data and stringData keys are kept, values replaced. */
function redact(r: Resource): unknown {
  if (r.kind !== 'Secret') return r.object;
  const copy = structuredClone(r.object) as Record<string, unknown>;
  for (const field of ['data', 'stringData']) {
    const d = copy[field] as Record<string, unknown> | undefined;
    if (d && typeof d === 'object') for (const k of Object.keys(d)) d[k] = '<redacted>';
  }
  return copy;
}
