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

/** Local directories a kustomization reaches through resources, components and patches. */
export function overlayEdges(root: string, workspaceRoot: string): string[] {
  const deps = kustomizationDeps(join(workspaceRoot, root), { root: workspaceRoot });
  const dirs = new Set(deps.dirs.map((d) => relative(workspaceRoot, d).split('\\').join('/')));
  for (const f of deps.files) {
    const dir = relative(workspaceRoot, dirname(f)).split('\\').join('/');
    if (dir !== root) dirs.add(dir);
  }
  return [...dirs].sort();
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
