// Which Nx projects the repository's clusters and overlays become, and what each depends on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseSourceDocuments } from '@inference-gitops/core';
import { kustomizationDeps, readKustomization } from '@inference-gitops/render';

export interface ProjectInfo {
  name: string;
  root: string;
  kind: 'cluster' | 'overlay' | 'component';
  cluster?: string;
}

/** `clusters/<c>/cluster.yaml` -> cluster-<c>; `overlays/a/b/kustomization.yaml` -> overlay-a-b. */
export function projectFor(file: string, workspaceRoot: string): ProjectInfo | undefined {
  const root = dirname(file).split('\\').join('/');
  if (/^clusters\/[^/]+$/.test(root) && file.endsWith('cluster.yaml')) return { name: `cluster-${root.split('/')[1]}`, root, kind: 'cluster', cluster: root.split('/')[1]! };
  if (!root.startsWith('overlays/')) return undefined;
  const k = readKustomization(join(workspaceRoot, root));
  const component = k?.data.kind === 'Component';
  const cluster = /^overlays\/(?:endpoints|clusters)\/([^/]+)\//.exec(root + '/')?.[1];
  return { name: `overlay-${root.slice('overlays/'.length).replace(/\//g, '-')}`, root, kind: component ? 'component' : 'overlay', ...(cluster ? { cluster } : {}) };
}

/**
 * What a kustomization reaches through resources, components, patches and generator inputs: the
 * kustomization directories, and every file the build reads (workspace-relative paths).
 */
export function overlayEdges(root: string, workspaceRoot: string): { dirs: string[]; files: string[] } {
  const deps = kustomizationDeps(join(workspaceRoot, root), { root: workspaceRoot });
  const rel = (p: string) => relative(workspaceRoot, p).split('\\').join('/');
  return { dirs: [...new Set(deps.dirs.map(rel))].sort(), files: [...new Set(deps.files.map(rel))].sort() };
}

/** The project a workspace path belongs to, as Nx decides it: the one with the longest root that contains it. */
export function owningProject(path: string, byRoot: ReadonlyMap<string, string>): string | undefined {
  for (let dir = path; dir !== '.' && dir !== ''; dir = dirname(dir)) {
    const project = byRoot.get(dir);
    if (project) return project;
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

/** Overlay directories the cluster's Applications render from this repository. */
export function clusterEdges(cluster: string, workspaceRoot: string): string[] {
  const apps = join(workspaceRoot, 'clusters', cluster, 'argocd', 'apps');
  if (!existsSync(apps)) return [];
  const out = new Set<string>();
  for (const file of readdirSync(apps)) {
    if (!file.endsWith('.yaml') || file === 'kustomization.yaml') continue;
    for (const doc of parseSourceDocuments(readFileSync(join(apps, file), 'utf8'), file)) {
      const app = doc.js as { kind?: string; spec?: { source?: { path?: string }; sources?: Array<{ path?: string }> } } | null;
      if (app?.kind !== 'Application') continue;
      for (const s of [app.spec?.source, ...(app.spec?.sources ?? [])]) if (s?.path?.startsWith('overlays/')) out.add(s.path);
    }
  }
  return [...out].sort();
}
