import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseSourceDocuments, parseYamlValue, UsageError, type Finding, type Resource } from '@inference-gitops/core';
import { kustomizationFile } from './kustomization.js';
import type { RenderUnit, Renderer } from './renderer.js';

export interface ResolvedTarget {
  label: string;
  /** Set when the target is a cluster of this repository. */
  cluster?: string;
  units: RenderUnit[];
  /** Problems found while walking the Argo CD tree (missing paths, cycles). */
  findings: Finding[];
  /** For a cluster: unit id -> the Applications that render it (two means a shared resource). */
  owners?: Map<string, string[]>;
  /** For an overlay or directory: the cluster whose Argo CD tree renders it (its spec is the rule context). */
  contextCluster?: string;
  /** The Application of that cluster that renders it. */
  contextApplication?: string;
}

export interface ResolveOptions {
  cwd: string;
  repoRoot: string;
  renderer: Renderer;
  stdin?: () => Promise<string>;
  /** false: do not look for the clusters whose Applications render a directory target (--cluster given). */
  withClusters?: boolean;
}

/** What one TARGET names. */
export type TargetChoice =
  | { kind: 'stdin' }
  /** `shadowed`: a file or directory of the same name relative to the current directory, not taken. */
  | { kind: 'cluster'; name: string; shadowed?: { path: string; directory: boolean } }
  | { kind: 'path'; path: string }
  | { kind: 'missing' };

/** A TARGET written as a path (`./x`, `../x`, `x/y`, `x/`, absolute, or a .yaml/.yml/.json name) is never a cluster name. */
export function writtenAsPath(target: string): boolean {
  return (
    target === '.' || target === '..' || isAbsolute(target) || /[\\/]/.test(target) || /\.(ya?ml|json)$/i.test(target)
  );
}

/**
 * Decides what a TARGET names. A bare name with clusters/<name>/cluster.yaml at the repository root is
 * that cluster, wherever the command runs, even when a file or directory of the same name exists in the
 * current directory (reported as `shadowed`, see `shadowNote`); anything else is a path.
 */
export function chooseTarget(target: string, options: { cwd: string; repoRoot: string }): TargetChoice {
  if (target === '-') return { kind: 'stdin' };
  const path = resolve(options.cwd, target);
  if (!writtenAsPath(target) && existsSync(join(options.repoRoot, 'clusters', target, 'cluster.yaml'))) {
    if (path === resolve(options.repoRoot, 'clusters', target) || !existsSync(path))
      return { kind: 'cluster', name: target };
    return { kind: 'cluster', name: target, shadowed: { path, directory: statSync(path).isDirectory() } };
  }
  return existsSync(path) ? { kind: 'path', path } : { kind: 'missing' };
}

/** The one-line note for a cluster name that also names a file or directory here: which was taken, how to get the other. */
export function shadowNote(target: string, shadowed: { directory: boolean }): string {
  const what = shadowed.directory ? 'directory' : 'file';
  return `note: "${target}" names the cluster clusters/${target} and the ${what} ./${target}; taking the cluster (write ./${target} for the ${what})`;
}

/** The unit a directory renders: its kustomization, else its files. */
function directoryUnit(path: string): RenderUnit {
  return kustomizationFile(path)
    ? { kind: 'kustomize', dir: path, id: `kustomize:${path}` }
    : { kind: 'dir', dir: path, id: `dir:${path}`, recurse: true };
}

/**
 * The kustomize unit a TARGET names directly (an overlay directory, not a cluster), known before the
 * target is resolved: a caller may start its build while resolving reads the clusters' Applications.
 */
export function overlayUnit(target: string, options: { cwd: string; repoRoot: string }): RenderUnit | undefined {
  const choice = chooseTarget(target, options);
  if (choice.kind !== 'path') return undefined;
  const { path } = choice;
  if (!statSync(path).isDirectory() || (existsSync(join(path, 'cluster.yaml')) && existsSync(join(path, 'argocd'))))
    return undefined;
  const unit = directoryUnit(path);
  return unit.kind === 'kustomize' ? unit : undefined;
}

/** TARGETs as the CLI gets them: a cluster name, a kustomization dir, a file, a dir of files, or '-'. */
export async function resolveTargets(targets: string[], options: ResolveOptions): Promise<ResolvedTarget[]> {
  const out: ResolvedTarget[] = [];
  for (const target of targets) {
    const choice = chooseTarget(target, options);
    if (choice.kind === 'stdin') {
      if (!options.stdin) throw new UsageError('reading from stdin (-) is not available here');
      out.push({
        label: '<stdin>',
        units: [{ kind: 'stdin', text: await options.stdin(), id: 'stdin' }],
        findings: [],
      });
      continue;
    }
    if (choice.kind === 'cluster') {
      out.push(await walkArgoTree(options.repoRoot, choice.name, options.renderer));
      continue;
    }
    if (choice.kind === 'missing')
      throw new UsageError(`target "${target}" is neither a file, a directory nor a cluster under clusters/`);
    const path = choice.path;
    const stat = statSync(path);
    if (stat.isDirectory() && existsSync(join(path, 'cluster.yaml')) && existsSync(join(path, 'argocd'))) {
      const name = path.split('/').pop()!;
      out.push(await walkArgoTree(options.repoRoot, name, options.renderer, path));
    } else if (stat.isDirectory()) {
      const unit = directoryUnit(path);
      // An overlay an Application of the tree renders belongs to that Application's cluster: validate it
      // with that cluster's spec, once per cluster when several render it.
      const owners = options.withClusters === false ? [] : applicationsRendering(path, options.repoRoot);
      if (owners.length === 0) out.push({ label: target, units: [unit], findings: [] });
      for (const o of owners)
        out.push({
          label: owners.length > 1 ? `${target} (cluster ${o.cluster})` : target,
          units: [unit],
          findings: [],
          contextCluster: o.cluster,
          contextApplication: o.application,
        });
    } else {
      out.push({ label: target, units: [{ kind: 'file', file: path, id: `file:${path}` }], findings: [] });
    }
  }
  return out;
}

/** The root Application of a cluster's infrastructure, beside root.yaml (generator: cluster.ts). */
export const INFRASTRUCTURE_ROOT = 'infrastructure-root.yaml';

/**
 * Walks a cluster's Argo CD tree from clusters/<name>/argocd/root.yaml (and infrastructure-root.yaml), as Argo CD would: sources in this
 * repository are rendered (kustomize, the gated plugin's kustomize, or a plain directory), child
 * Applications are followed, remote sources are left to the rules (pinned revision, sync options).
 */
export async function walkArgoTree(
  repoRoot: string,
  cluster: string,
  renderer: Renderer,
  clusterDir = join(repoRoot, 'clusters', cluster),
): Promise<ResolvedTarget> {
  const root = join(clusterDir, 'argocd', 'root.yaml');
  const findings: Finding[] = [];
  const units: RenderUnit[] = [];
  const owners = new Map<string, string[]>();
  const target: ResolvedTarget = { label: cluster, cluster, units, findings, owners };
  if (!existsSync(root)) {
    findings.push({
      rule: 'render',
      severity: 'error',
      message: `cluster ${cluster} has no root Application (${join('clusters', cluster, 'argocd', 'root.yaml')})`,
      hint: 'Run `gitops generate` to write the Argo CD tree.',
      file: join(clusterDir, 'cluster.yaml'),
      line: 1,
      column: 1,
    });
    return target;
  }
  const repoURLs = thisRepoURLs(clusterDir);
  // The infrastructure root, when there is one, is synced by the management cluster's Argo CD: walked too.
  const roots = [root, join(clusterDir, 'argocd', INFRASTRUCTURE_ROOT)].filter((f) => existsSync(f));
  const rootUnits: RenderUnit[] = roots.map((file) => ({ kind: 'file', file, id: `file:${file}`, cluster }));
  units.push(...rootUnits);
  const seen = new Set<string>(rootUnits.map((u) => u.id));
  const queue: RenderUnit[] = [...rootUnits];
  // Level by level, every unit of a level rendered in parallel (the renderer bounds the concurrency);
  // units are still listed in the order the Applications name them.
  while (queue.length > 0) {
    const level = await renderer.renderAll(queue.splice(0));
    for (const app of level
      .flatMap((result) => result.resources)
      .filter((r) => r.kind === 'Application' && r.apiVersion.startsWith('argoproj.io/'))) {
      for (const unit of localUnits(app, repoRoot, repoURLs, cluster, findings)) {
        const apps = owners.get(unit.id) ?? [];
        if (!apps.includes(app.name)) owners.set(unit.id, [...apps, app.name]);
        if (seen.has(unit.id)) continue;
        seen.add(unit.id);
        units.push(unit);
        queue.push(unit);
      }
    }
  }
  return target;
}

function localUnits(
  app: Resource,
  repoRoot: string,
  repoURLs: string[],
  cluster: string,
  findings: Finding[],
): RenderUnit[] {
  const spec = (app.object.spec ?? {}) as Record<string, unknown>;
  const sources = ((Array.isArray(spec.sources) ? spec.sources : spec.source ? [spec.source] : []) as unknown[]).filter(
    (x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x),
  );
  const units: RenderUnit[] = [];
  sources.forEach((source, i) => {
    const repoURL = typeof source.repoURL === 'string' ? source.repoURL : '';
    if (!repoURLs.some((u) => sameRepo(u, repoURL)) || typeof source.path !== 'string') return;
    const pointer = Array.isArray(spec.sources) ? `/spec/sources/${i}/path` : '/spec/source/path';
    const dir = resolve(repoRoot, source.path);
    if (!dir.startsWith(repoRoot) || !existsSync(dir) || !statSync(dir).isDirectory()) {
      const where = app.source.locate(pointer);
      findings.push({
        rule: 'render',
        severity: 'error',
        message: `Application ${app.name} renders path "${source.path}", which does not exist in this repository`,
        hint: 'Fix spec.source.path or run `gitops generate`.',
        resource: {
          apiVersion: app.apiVersion,
          kind: app.kind,
          name: app.name,
          ...(app.namespace ? { namespace: app.namespace } : {}),
        },
        path: pointer,
        file: where.file,
        ...(where.position ? { line: where.position.line, column: where.position.column } : {}),
      });
      return;
    }
    const directory = (source.directory ?? {}) as Record<string, unknown>;
    if (kustomizationFile(dir) && !source.directory)
      units.push({ kind: 'kustomize', dir, id: `kustomize:${dir}`, cluster, application: app.name });
    else
      units.push({
        kind: 'dir',
        dir,
        id: `dir:${dir}:${JSON.stringify(directory)}`,
        recurse: directory.recurse === true,
        ...(typeof directory.include === 'string' ? { include: directory.include } : {}),
        ...(typeof directory.exclude === 'string' ? { exclude: directory.exclude } : {}),
        cluster,
        application: app.name,
      });
  });
  return units;
}

/** The repository URL(s) Argo CD uses for this repo, from the cluster spec. */
function thisRepoURLs(clusterDir: string): string[] {
  try {
    const spec = parseYamlValue(readFileSync(join(clusterDir, 'cluster.yaml'), 'utf8')) as {
      argocd?: { repoURL?: unknown };
    } | null;
    return typeof spec?.argocd?.repoURL === 'string' ? [spec.argocd.repoURL] : [];
  } catch {
    return [];
  }
}

/** Whether two repository URLs name one repository (case, a trailing `.git` or `/` aside). */
export function sameRepo(a: string, b: string): boolean {
  const norm = (u: string) =>
    u
      .replace(/\.git$/, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The Applications under clusters/<c>/argocd/ (generated and person-owned) whose source path in this
 * repository is `dir`, read from the files as committed: one entry per cluster, sorted.
 */
export function applicationsRendering(dir: string, repoRoot: string): Array<{ cluster: string; application: string }> {
  const clustersDir = join(repoRoot, 'clusters');
  if (!existsSync(clustersDir)) return [];
  const target = resolve(dir);
  const found = new Map<string, string>();
  for (const cluster of readdirSync(clustersDir).sort()) {
    const argocd = join(clustersDir, cluster, 'argocd');
    if (!existsSync(join(clustersDir, cluster, 'cluster.yaml')) || !existsSync(argocd)) continue;
    const rel = relative(repoRoot, target).split(sep).join('/');
    for (const file of yamlFilesUnder(argocd)) {
      let docs;
      try {
        const text = readFileSync(file, 'utf8');
        if (!text.includes(rel)) continue; // cheap: only files that mention the path are parsed
        docs = parseSourceDocuments(text, file);
      } catch {
        continue;
      }
      for (const doc of docs) {
        const app = doc.js as Record<string, any> | null;
        if (app?.kind !== 'Application' || !app.spec) continue;
        const sources: Array<Record<string, unknown>> = Array.isArray(app.spec.sources)
          ? app.spec.sources
          : app.spec.source
            ? [app.spec.source]
            : [];
        if (
          sources.some((s) => typeof s?.path === 'string' && resolve(repoRoot, s.path) === target) &&
          !found.has(cluster)
        )
          found.set(cluster, String(app.metadata?.name ?? ''));
      }
    }
  }
  return [...found].map(([cluster, application]) => ({ cluster, application }));
}

/** Every .yaml/.yml file under a directory, recursively, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(path));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}
