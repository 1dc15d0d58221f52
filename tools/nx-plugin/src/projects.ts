// Which Nx projects the repository's clusters and overlays become, and what each depends on.
import { existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { parseSourceDocuments, parseYamlValue } from '@inference-gitops/core';
import {
  kustomizationDeps,
  readKustomization,
  sameRepo,
  yamlFilesUnder,
  type WalkLookups,
} from '@inference-gitops/render';
import { parsedDocs } from './parse-cache.js';

export interface ProjectInfo {
  name: string;
  root: string;
  kind: 'cluster' | 'overlay' | 'component';
  cluster?: string;
}

/** `clusters/<c>/cluster.yaml` -> cluster-<c>; `overlays/a/b/kustomization.yaml` -> overlay-a-b. */
export function projectFor(file: string, workspaceRoot: string): ProjectInfo | undefined {
  const root = dirname(file).split('\\').join('/');
  if (/^clusters\/[^/]+$/.test(root) && file.endsWith('cluster.yaml'))
    return { name: `cluster-${root.split('/')[1]}`, root, kind: 'cluster', cluster: root.split('/')[1]! };
  if (!root.startsWith('overlays/')) return undefined;
  const k = readKustomization(join(workspaceRoot, root));
  const component = k?.data.kind === 'Component';
  const cluster = /^overlays\/(?:endpoints|clusters)\/([^/]+)\//.exec(root + '/')?.[1];
  return {
    name: `overlay-${root.slice('overlays/'.length).replace(/\//g, '-')}`,
    root,
    kind: component ? 'component' : 'overlay',
    ...(cluster ? { cluster } : {}),
  };
}

/**
 * What a kustomization references itself through resources, components, patches and generator inputs:
 * the kustomization directories, and the files its build reads (workspace-relative paths). Its own
 * references only: the projects it reaches have edges of their own, and Nx follows them (affected
 * projects and `^` inputs are transitive), so no chain is walked once per overlay.
 */
export function overlayEdges(
  root: string,
  workspaceRoot: string,
  lookups?: WalkLookups,
): { dirs: string[]; files: string[] } {
  const deps = kustomizationDeps(join(workspaceRoot, root), {
    root: workspaceRoot,
    shallow: true,
    ...(lookups ? { lookups } : {}),
  });
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

/**
 * The paths in this repository that the cluster's Applications render: every Application under
 * clusters/<c>/argocd/ (the generated apps/ and the person-owned custom/ alike) whose source is this
 * repository (the spec's argocd.repoURL; without one, any source whose path exists here).
 */
export function clusterEdges(cluster: string, workspaceRoot: string): string[] {
  const argocd = join(workspaceRoot, 'clusters', cluster, 'argocd');
  if (!existsSync(argocd)) return [];
  const repoURL = specRepoURL(join(workspaceRoot, 'clusters', cluster, 'cluster.yaml'));
  const local = (s: { repoURL?: unknown }, path: string) =>
    repoURL !== undefined
      ? typeof s.repoURL === 'string' && sameRepo(s.repoURL, repoURL)
      : existsSync(join(workspaceRoot, path));
  return applicationPaths(
    yamlFilesUnder(argocd).filter((f) => !/(^|\/)kustomization\.ya?ml$/.test(f)),
    local,
  );
}

/**
 * The paths in this repository that the Applications among an overlay's own files render (an app of apps
 * kept in overlays/): the overlay's cluster, and so its repoURL, is not known here, so a source counts when
 * its path exists in the workspace (an extra edge only makes more projects affected, never fewer).
 */
export function nestedApplicationEdges(files: string[], workspaceRoot: string, lookups: WalkLookups): string[] {
  // Only files that hold an Application are parsed (and kept parsed).
  const holding = files
    .map((f) => join(workspaceRoot, f))
    .filter((f) => /\.ya?ml$/.test(f) && /^kind:\s*Application\s*$/m.test(lookups.text(f) ?? ''));
  return applicationPaths(holding, (_s, path) => existsSync(join(workspaceRoot, path)));
}

/** The source paths (workspace-relative) of the Applications in these files that `local` accepts. */
function applicationPaths(files: string[], local: (source: { repoURL?: unknown }, path: string) => boolean): string[] {
  const out = new Set<string>();
  for (const file of files) {
    for (const js of parsedDocs(file, (text) => parseSourceDocuments(text, file).map((d) => d.js))) {
      const app = js as { kind?: string; spec?: { source?: Source; sources?: Source[] } } | null;
      if (app?.kind !== 'Application') continue;
      for (const s of [app.spec?.source, ...(Array.isArray(app.spec?.sources) ? app.spec.sources : [])]) {
        if (typeof s?.path !== 'string') continue;
        const path = normalize(s.path).split('\\').join('/').replace(/\/$/, '');
        if (!path.startsWith('..') && local(s, path)) out.add(path);
      }
    }
  }
  return [...out].sort();
}

type Source = { path?: unknown; repoURL?: unknown } | undefined;

function specRepoURL(specFile: string): string | undefined {
  try {
    const spec = parsedDocs(specFile, (text) => [parseYamlValue(text)])[0] as { argocd?: { repoURL?: unknown } } | null;
    return typeof spec?.argocd?.repoURL === 'string' ? spec.argocd.repoURL : undefined;
  } catch {
    return undefined;
  }
}
