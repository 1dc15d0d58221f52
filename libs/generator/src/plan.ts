import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import { planCluster } from './cluster.js';
import { planShared } from './shared.js';
import type { PlannedFile } from './types.js';

/** Every file of the repository's generated tree, sorted by path (deterministic). */
export function planRepository(clusters: Array<{ spec: ClusterSpec; specPath: string }>): PlannedFile[] {
  const files = [...planShared(), ...clusters.flatMap((c) => planCluster(c.spec, c.specPath))];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two generated files claim ${f.path}`);
    seen.add(f.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Folders the generator owns: stale generated files under them are removed. */
export const GENERATED_ROOTS = ['overlays', 'clusters'] as const;
