import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { projectFor, overlayEdges, clusterEdges, nestedApplicationEdges, owningProject } from './projects.js';
import { openParseCache, saveParseCache } from './parse-cache.js';
import { WalkLookups } from '@inference-gitops/render';
import type { ValidateExecutorOptions } from './executor.js';

// Minimal structural types of Nx's plugin API (nx/src/project-graph/plugins), so the bundle needs no nx import.
interface CreateNodesContext {
  workspaceRoot: string;
}
interface Target {
  command?: string;
  executor?: string;
  options?: ValidateExecutorOptions;
  cache: boolean;
  inputs: Array<string | { env: string }>;
  outputs?: string[];
  metadata?: { technologies: string[]; description: string };
}

const CLI = 'node apps/cli/bin/gitops.mjs';
/** `gitops validate` in the Nx worker's process; Nx runs a whole batch of these tasks in one (executor.ts). */
const VALIDATE = '@inference-gitops/nx-plugin:validate';
/** Everything a validate result depends on besides the project's own files and its dependencies'. */
const SHARED_INPUTS = [
  '{workspaceRoot}/schemas/lock.yaml',
  '{workspaceRoot}/.gitops.yaml',
  '{workspaceRoot}/apps/cli/dist/gitops.cjs',
];

export async function createNodesFromFiles(files: readonly string[], _options: unknown, context: CreateNodesContext) {
  openParseCache(context.workspaceRoot);
  const results: Array<[string, { projects: Record<string, unknown> }]> = [];
  for (const file of files) {
    const info = projectFor(file, context.workspaceRoot);
    if (!info) continue;
    const targets: Record<string, Target> = {};
    // GITOPS_BASE: the pull request's base revision, against which validate refuses immutable-field changes.
    const inputs = ['{projectRoot}/**/*', '^{projectRoot}/**/*', ...SHARED_INPUTS, { env: 'GITOPS_BASE' }];
    // Each validate task also leaves its whole report (an Nx output, restored on a cache hit): the pull
    // request workflow turns them into annotations, SARIF and JUnit with `gitops report`, validating nothing twice.
    const report = `.gitops/reports/${info.name}.json`;
    const outputs = [`{workspaceRoot}/${report}`];
    if (info.kind === 'cluster' && info.cluster) {
      targets.validate = {
        executor: VALIDATE,
        options: { target: info.cluster, report },
        cache: true,
        inputs,
        outputs,
        metadata: {
          technologies: ['kustomize'],
          description: `Validate cluster ${info.cluster} through its Argo CD tree`,
        },
      };
      targets.render = {
        command: `${CLI} render ${info.cluster}`,
        cache: true,
        inputs,
        metadata: { technologies: ['kustomize'], description: `Render every local Application of ${info.cluster}` },
      };
    } else if (info.kind === 'overlay') {
      const cluster =
        info.cluster && existsSync(join(context.workspaceRoot, 'clusters', info.cluster, 'cluster.yaml'))
          ? { cluster: info.cluster! }
          : {};
      targets.validate = {
        executor: VALIDATE,
        options: { target: info.root, ...cluster, report },
        cache: true,
        inputs,
        outputs,
        metadata: { technologies: ['kustomize'], description: `Render ${info.root} with kustomize and validate it` },
      };
      targets.render = {
        command: `${CLI} render ${info.root}`,
        cache: true,
        inputs,
        metadata: { technologies: ['kustomize'], description: `Render ${info.root} with kustomize` },
      };
    }
    const tags = [`type:${info.kind}`, ...(info.cluster ? [`cluster:${info.cluster}`] : [])];
    results.push([
      file,
      { projects: { [info.root]: { name: info.name, root: info.root, projectType: 'library', tags, targets } } },
    ]);
  }
  return results;
}

interface DependenciesContext {
  workspaceRoot: string;
  projects: Record<string, { root: string; name?: string }>;
}

/** Static edges: overlay -> the bases/components/patch dirs it reaches; cluster -> the overlays its Applications render. */
export async function createDependencies(_options: unknown, context: DependenciesContext) {
  openParseCache(context.workspaceRoot);
  const byRoot = new Map<string, string>();
  for (const [name, p] of Object.entries(context.projects)) byRoot.set(p.root, p.name ?? name);
  const deps: Array<
    | { source: string; target: string; type: 'static'; sourceFile: string }
    | { source: string; target: string; type: 'implicit' }
  > = [];
  const orphans: Array<{ source: string; file: string }> = [];
  // Every overlay's chain is walked at this one moment: each path is looked up once.
  const lookups = new WalkLookups();
  // The validate result of a cluster or overlay depends on the tool that computes it: a change to a rule,
  // the schema catalog or the CLI must re-validate every cluster in the pull request that makes it.
  const tool = Object.entries(context.projects)
    .filter(([, p]) => /^(libs|apps)\//.test(p.root))
    .map(([name, p]) => p.name ?? name);
  for (const [name, p] of Object.entries(context.projects)) {
    const source = p.name ?? name;
    if (/^(overlays|clusters)\//.test(p.root))
      for (const target of tool) deps.push({ source, target, type: 'implicit' });
    try {
      if (p.root.startsWith('overlays/') && existsSync(join(context.workspaceRoot, p.root, 'kustomization.yaml'))) {
        const reached = overlayEdges(p.root, context.workspaceRoot, lookups);
        const targets = new Set<string>();
        for (const dir of reached.dirs) {
          const target = byRoot.get(dir);
          if (target) targets.add(target);
        }
        // A file belongs to the project whose root holds it, however deep (a base's patches/ folder).
        for (const file of reached.files) {
          const target = owningProject(file, byRoot);
          if (target) targets.add(target);
          else orphans.push({ source, file });
        }
        // An app of apps kept in overlays/: what its Applications render. The generated overlays
        // (endpoints/, clusters/: their kustomizations are checked for drift) hold none, and are not read.
        const generated = /^overlays\/(endpoints|clusters)\//.test(p.root);
        for (const path of generated ? [] : nestedApplicationEdges(reached.files, context.workspaceRoot, lookups)) {
          const target = owningProject(path, byRoot);
          if (target) targets.add(target);
          else orphans.push({ source, file: path });
        }
        targets.delete(source);
        for (const target of [...targets].sort())
          deps.push({ source, target, type: 'static', sourceFile: `${p.root}/kustomization.yaml` });
      } else if (/^clusters\/[^/]+$/.test(p.root)) {
        const cluster = p.root.split('/')[1]!;
        const targets = new Set<string>();
        for (const path of clusterEdges(cluster, context.workspaceRoot)) {
          // The project that holds the rendered folder (an overlay, or the folder inside one).
          const target = owningProject(path, byRoot);
          if (target) targets.add(target);
          else orphans.push({ source, file: path });
        }
        targets.delete(source);
        for (const target of [...targets].sort())
          deps.push({ source, target, type: 'static', sourceFile: `${p.root}/cluster.yaml` });
      }
    } catch (error) {
      // A broken kustomization must not break the project graph: validate reports it.
      console.warn(`@inference-gitops/nx-plugin: skipped dependencies of ${source}: ${(error as Error).message}`);
    }
  }
  // Nx knows a change only by the project that holds the file: one no project holds never makes the
  // overlays that read it affected. Said on every project graph until the file moves.
  saveParseCache(context.workspaceRoot);
  for (const { source, file } of orphans) {
    console.warn(
      `@inference-gitops/nx-plugin: ${source} reads ${file}, which belongs to no project: nx affected cannot tell that an edit to it affects ${source}. Move it under a folder with a kustomization.yaml (a project), or give its folder one (a kustomize Component, say).`,
    );
  }
  return deps;
}
