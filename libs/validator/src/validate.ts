// The validate pipeline: targets -> (resolve, render; the next target meanwhile) -> schema pass -> --base
// comparisons -> rules and drift -> located findings -> report. Each stage is a module of its own.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, type Finding, type Resource } from '@inference-gitops/core';
import { listClusterNames, loadClusterSpec, type ClusterSpec } from '@inference-gitops/cluster-spec';
import { detectKustomize, Renderer, type KustomizeTool, type ResolvedTarget } from '@inference-gitops/render';
import {
  cacheDirFor,
  defaultSelection,
  EMBEDDED_KUBERNETES_VERSION,
  platformNamed,
  SchemaCatalog,
  type PlatformSelection,
} from '@inference-gitops/schema-catalog';
import { loadRulesConfig, registry } from '@inference-gitops/rules';
import type { Report } from '@inference-gitops/report';
import { TargetChecker, type Judge } from './check-target.js';
import { selectionKey } from './platform.js';
import { GeneratedTree } from './generated.js';
import { locateFinding, relativeFile } from './locate.js';
import { nextTurn, prepareAhead } from './lookahead.js';
import { TargetPreparer } from './prepare-target.js';
import { loadValidateConfig } from './repo-config.js';
import { ReportBuilder } from './report-builder.js';
import { schemaChecks, type Engine } from './schema-checks.js';
import { SchemaPass } from './schema-pass.js';

export interface ValidateOptions {
  cwd: string;
  repoRoot: string;
  /** Cluster names, overlay dirs, files, dirs, or '-' for stdin. Empty: every cluster under clusters/. */
  targets: string[];
  stdin?: () => Promise<string>;
  schemaLocations?: string[];
  kubernetesVersion?: string;
  skipKinds?: string[];
  rejectKinds?: string[];
  ignoreMissingSchemas?: boolean;
  engine?: Engine;
  /** false: schema pass only. */
  rules?: boolean;
  /** Cluster spec (name or cluster.yaml path) used as rule context for plain targets. */
  cluster?: string;
  /** 'never': do not download schemas, say which command fills the cache. */
  sync?: 'auto' | 'never';
  /** A platform of the lock (`gitops platforms`) every target is judged against, instead of what its spec names. */
  platform?: string;
  /** Called with every target's rendered resources once checked. */
  onResources?: (target: ResolvedTarget, resources: readonly Resource[]) => void;
  /** A git revision: render the same targets there and refuse changes the API server refuses on update. */
  base?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** The id of the code, for the checks kept between runs (default: the bundle's; from sources none, so nothing is kept). */
  buildId?: string;
  /** The cache folder (default: the repository's, see libs/core cache-folder.ts), made once by the caller. */
  cacheDir?: string;
  /** What is kept between runs in the cache folder (default: both); false builds or checks everything again. */
  keep?: { renders?: boolean; checks?: boolean };
}

export interface ProgressEvent {
  phase: 'render' | 'check';
  done: number;
  total: number;
}

export interface ValidateResult {
  report: Report;
  /** 0: no error; 1: at least one finding of severity error. */
  exitCode: 0 | 1;
}

/** Render every target, check every resource against its schema, run the rules, locate the findings. */
export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const started = Date.now();
  const { cwd, repoRoot } = options;
  const cacheRoot = options.cacheDir ?? cacheDirFor(repoRoot);
  const kustomize = kustomizeFor(options, cacheRoot);
  const report = new ReportBuilder(cwd);
  const { config, findings: configFindings } = loadValidateConfig(repoRoot);
  configFindings.forEach((f) => report.add(f));
  const targets = targetsOf(options);
  const contextSpec = options.cluster !== undefined ? await loadContextSpec(options.cluster, repoRoot, cwd) : undefined;
  contextSpec?.findings.forEach((f) => report.add(f));
  const kubernetesVersion = checkedKubernetesVersion(options.kubernetesVersion ?? config.kubernetesVersion);
  const forced = options.platform !== undefined ? platformNamed(repoRoot, options.platform) : undefined;
  const openCatalog = (selection: PlatformSelection | undefined) =>
    SchemaCatalog.open({
      repoRoot,
      cacheDir: cacheRoot,
      sync: options.sync ?? 'auto',
      ...(options.schemaLocations ? { schemaLocations: options.schemaLocations } : {}),
      ...(kubernetesVersion ? { kubernetesVersion } : {}),
      ...(selection ? { platform: selection } : {}),
    });
  const firstSelection = forced?.sets ?? defaultSelection(repoRoot);
  const catalog = lazily(() => openCatalog(firstSelection));
  const renderCache = options.keep?.renders !== false ? join(cacheRoot, 'render') : undefined;
  const renderer = new Renderer(kustomize, { repoRoot, ...(renderCache ? { cacheDir: renderCache } : {}) });
  const preparer = new TargetPreparer({
    cwd,
    repoRoot,
    renderer,
    ...(renderCache ? { renderCache } : {}),
    tool: kustomize,
    catalog,
    withClusters: options.cluster === undefined,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.base !== undefined ? { base: options.base } : {}),
    onRendered: (done, total) => options.onProgress?.({ phase: 'render', done, total }),
  });
  // The first target resolves and starts building now; the catalog opens while kustomize runs.
  const prepared = prepareAhead(targets, (t) => preparer.prepare(t));
  await nextTurn();
  const rulesConfig = options.rules !== false ? loadRulesConfig(repoRoot, registry.ids()) : undefined;
  rulesConfig?.findings.forEach((f) => report.add(f));
  const opened = await catalog();
  const generatedTree = new GeneratedTree(repoRoot, { cacheDir: join(cacheRoot, 'plans') });
  const judgeWith = (c: SchemaCatalog): Judge => {
    const schemaPass = new SchemaPass(c, {
      ...(options.keep?.checks !== false ? { cacheDir: join(cacheRoot, 'checks') } : {}),
      ...(options.buildId ? { buildId: options.buildId } : {}),
    });
    return { catalog: c, schemaChecks: schemaChecks(options.engine ?? 'builtin', c, schemaPass) };
  };
  // One judge per platform the targets run: the clusters of one repository may run different releases.
  const judges = new Map<string, Promise<Judge>>([[selectionKey(firstSelection), Promise.resolve(judgeWith(opened))]]);
  const judge = (selection: PlatformSelection | undefined): Promise<Judge> => {
    const chosen = selection ?? firstSelection;
    const key = selectionKey(chosen);
    let made = judges.get(key);
    if (!made) {
      made = openCatalog(chosen).then(judgeWith);
      judges.set(key, made);
    }
    return made;
  };
  const checker = new TargetChecker({
    cwd,
    repoRoot,
    config,
    report,
    generatedTree,
    judge,
    ...(forced ? { platform: { name: forced.name, selection: forced.sets } } : {}),
    ...(rulesConfig ? { rules: { config: rulesConfig.config } } : {}),
    ...(contextSpec?.spec ? { contextSpec: contextSpec.spec } : {}),
    ...(options.skipKinds ? { skipKinds: options.skipKinds } : {}),
    ...(options.rejectKinds ? { rejectKinds: options.rejectKinds } : {}),
    ...(options.ignoreMissingSchemas ? { ignoreMissingSchemas: true } : {}),
    onChecked: (done, total) => options.onProgress?.({ phase: 'check', done, total }),
    ...(options.onResources ? { onResources: options.onResources } : {}),
  });
  for await (const target of prepared) {
    await checker.checkAll(target);
    // Checked: its renders may go (a later target that shares a unit renders it again, from the render cache).
    renderer.forget(target.units.map((u) => u.id));
  }
  if (report.hasFileFindings()) await generatedTree.plan();
  return report.build({
    started,
    toSpec: (f) => generatedTree.toSpec(f, cwd),
    celSkipped: (await Promise.all(judges.values())).flatMap((j) => j.catalog.celRulesSkipped()),
    kubeconform: options.engine === 'kubeconform',
    schemaOrigin: (apiVersion, kind) => opened.describe(apiVersion, kind),
    ...(await kustomize.started()),
  });
}

/** Every target given, else every cluster of the repository. */
function targetsOf(options: ValidateOptions): string[] {
  if (options.targets.length > 0) return options.targets;
  const clusters = listClusterNames(options.repoRoot);
  if (clusters.length === 0)
    throw new UsageError(
      `no TARGET given and no clusters under ${relativeFile(resolve(options.repoRoot, 'clusters'), options.cwd)}/; name a directory, file or cluster`,
    );
  return clusters;
}

function checkedKubernetesVersion(version: string | undefined): string | undefined {
  if (version !== undefined && !version.replace(/^v/, '').startsWith(EMBEDDED_KUBERNETES_VERSION)) {
    throw new UsageError(
      `--kubernetes-version ${version}: the embedded core schemas are Kubernetes ${EMBEDDED_KUBERNETES_VERSION}; for another version pass --schema-location with its schemas`,
    );
  }
  return version;
}

/** kustomize, detected once: at once when a target may need it (it may run a process), else on a first build. */
function kustomizeFor(
  options: ValidateOptions,
  cacheRoot: string,
): (() => Promise<KustomizeTool>) & { started(): Promise<{ tool?: KustomizeTool }> } {
  const detectOptions = { cacheDir: join(cacheRoot, 'tools') };
  const mayBuild =
    options.targets.length === 0 || options.targets.some((t) => t !== '-' && !isFile(resolve(options.cwd, t)));
  let pending = mayBuild ? detectKustomize(detectOptions) : undefined;
  pending?.catch(() => undefined);
  const tool = () => (pending ??= detectKustomize(detectOptions));
  // The report names the kustomize of a run that needed one.
  const started = async () => {
    const detected = await pending?.catch(() => undefined);
    return detected ? { tool: detected } : {};
  };
  return Object.assign(tool, { started });
}

/** A promise made on first use, failures surfacing where it is awaited. */
function lazily<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      made = make();
      made.catch(() => undefined);
    }
    return made;
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

async function loadContextSpec(
  nameOrFile: string,
  repoRoot: string,
  cwd: string,
): Promise<{ spec?: ClusterSpec; findings: Finding[] }> {
  const asFile = resolve(cwd, nameOrFile);
  const file =
    existsSync(asFile) && statSync(asFile).isFile()
      ? asFile
      : resolve(repoRoot, 'clusters', nameOrFile, 'cluster.yaml');
  if (!existsSync(file))
    throw new UsageError(
      `--cluster ${nameOrFile}: no such cluster spec (looked for ${relativeFile(file, cwd)}); known clusters: ${listClusterNames(repoRoot).join(', ') || 'none'}`,
    );
  const result = await loadClusterSpec(file);
  return {
    ...(result.spec ? { spec: result.spec } : {}),
    findings: result.findings.map((f) => locateFinding(f, undefined, cwd)),
  };
}
