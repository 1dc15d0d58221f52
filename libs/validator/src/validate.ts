import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { refOf, sharedWorktree, TOOL_VERSION, UsageError, type Finding, type Resource, type ResourceRef } from '@inference-gitops/core';
import { listClusterNames, loadClusterSpec, type ClusterSpec } from '@inference-gitops/cluster-spec';
import { detectKustomize, Renderer, resolveTargets, type RenderResult } from '@inference-gitops/render';
import { cacheDirFor, EMBEDDED_KUBERNETES_VERSION, SchemaCatalog, runKubeconform } from '@inference-gitops/schema-catalog';
import { loadRulesConfig, runRules, registry } from '@inference-gitops/rules';
import type { Report, ReportResource, RuleInfo } from '@inference-gitops/report';
import { kindMatches, loadValidateConfig } from './repo-config.js';
import { locateFinding, relativeFile } from './locate.js';
import { BUILTIN_RULE_INFO } from './builtin-rules.js';
import { GeneratedTree } from './generated.js';
import { identity, immutableFindings } from './immutable.js';
import { apiFindings, SchemaPass, type CheckedResource } from './schema-pass.js';
import { sharedInfrastructureFindings } from './shared-infrastructure.js';

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
  engine?: 'builtin' | 'kubeconform';
  /** false: schema pass only. */
  rules?: boolean;
  /** Cluster spec (name or cluster.yaml path) used as rule context for plain targets. */
  cluster?: string;
  /** 'never': do not download schemas, say which command fills the cache. */
  sync?: 'auto' | 'never';
  /** A git revision: render the same targets there and refuse changes the API server refuses on update. */
  base?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** The id of the code, for the checks kept between runs (default: the bundle's; from sources none, so nothing is kept). */
  buildId?: string;
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
  // Detecting kustomize may run a process (versions are kept in the cache by binary): it starts now, while
  // the rest loads, unless every target is a plain file (such a run never needs it; the renderer asks for
  // it on a first build anyway).
  const detectOptions = { cacheDir: join(cacheDirFor(repoRoot), 'tools') };
  let toolPending = options.targets.length === 0 || options.targets.some((t) => t !== '-' && !isFile(resolve(cwd, t))) ? detectKustomize(detectOptions) : undefined;
  toolPending?.catch(() => undefined);
  const kustomizeTool = () => (toolPending ??= detectKustomize(detectOptions));
  const findings: Finding[] = [];
  const { config, findings: configFindings } = loadValidateConfig(repoRoot);
  findings.push(...configFindings);
  const rulesEnabled = options.rules !== false;

  let targets = options.targets;
  if (targets.length === 0) {
    targets = listClusterNames(repoRoot);
    if (targets.length === 0) throw new UsageError(`no TARGET given and no clusters under ${relativeFile(resolve(repoRoot, 'clusters'), cwd)}/; name a directory, file or cluster`);
  }
  const contextSpec = options.cluster !== undefined ? await loadContextSpec(options.cluster, repoRoot, cwd) : undefined;
  if (contextSpec?.findings.length) findings.push(...contextSpec.findings);

  const version = options.kubernetesVersion ?? config.kubernetesVersion;
  if (version !== undefined && !version.replace(/^v/, '').startsWith(EMBEDDED_KUBERNETES_VERSION)) {
    throw new UsageError(`--kubernetes-version ${version}: the embedded core schemas are Kubernetes ${EMBEDDED_KUBERNETES_VERSION}; for another version pass --schema-location with its schemas`);
  }
  const renderer = new Renderer(kustomizeTool, { repoRoot, cacheDir: join(cacheDirFor(repoRoot), 'render') });
  // The catalog opens, and the CEL engine loads when kustomize will run, while the builds run: the main
  // thread would otherwise wait for them idle. It opens once the first build has started, which is the
  // critical path. (Errors surface where they are awaited, after rendering.)
  let opening: Promise<SchemaCatalog> | undefined;
  const openCatalog = (): Promise<SchemaCatalog> => {
    if (!opening) {
      opening = SchemaCatalog.open({
        repoRoot,
        ...(options.schemaLocations ? { schemaLocations: options.schemaLocations } : {}),
        ...((options.kubernetesVersion ?? config.kubernetesVersion) ? { kubernetesVersion: options.kubernetesVersion ?? config.kubernetesVersion } : {}),
        sync: options.sync ?? 'auto',
        lazyCel: true,
      });
      opening.catch(() => undefined);
    }
    return opening;
  };
  // Targets one after another: each is resolved (a cluster's Argo CD tree walked) and rendered while the one
  // before it is checked, and its renders are dropped once it is checked, so a run holds about two targets
  // in memory however many it has (a whole repository of thousands of overlays).
  let renderedCount = 0;
  let unitsKnown = 0;
  const prepare = async (target: string) => {
    const resolvedHere = await resolveTargets([target], { cwd, repoRoot, renderer, ...(options.stdin ? { stdin: options.stdin } : {}), withClusters: options.cluster === undefined });
    const unitsHere = resolvedHere.flatMap((t) => t.units);
    unitsKnown += unitsHere.length;
    const rendering = renderer.renderAll(unitsHere, () => options.onProgress?.({ phase: 'render', done: ++renderedCount, total: unitsKnown }));
    // While kustomize runs, the CEL engine and the validators of the kinds the sources declare load: after
    // the build, only checking is left. (When every unit comes from the render cache, nothing is built and
    // their checks are likely kept too: validators then load only for what is checked.)
    void renderer.building.then(() =>
      setImmediate(() => {
        void openCatalog()
          .then(async (c) => {
            await c.prepareCel();
            await c.prefetch(renderer.declaredKinds(unitsHere));
          })
          .catch(() => undefined);
      }),
    );
    // The cluster specs the rules read, meanwhile.
    setImmediate(() => {
      for (const t of resolvedHere) {
        const cluster = t.cluster ?? t.contextCluster;
        if (cluster) void loadClusterSpec(resolve(repoRoot, 'clusters', cluster, 'cluster.yaml')).catch(() => undefined);
      }
    });
    const results = await rendering;
    const base = options.base !== undefined ? await renderAtBase(options.base, [target], { cwd, repoRoot, tool: await kustomizeTool() }) : undefined;
    return { resolved: resolvedHere, units: unitsHere, byUnit: new Map(results.map((r) => [r.unit.id, r])), base };
  };
  const preparing = (i: number) => {
    const p = prepare(targets[i]!);
    p.catch(() => undefined); // awaited in turn; a failure surfaces there
    return p;
  };
  let next = preparing(0);
  // Resolving and starting the first build runs in this turn (kustomize's version is usually known): what
  // follows waits for the next one.
  await new Promise<void>((started) => setImmediate(started));
  const rulesConfig = rulesEnabled ? loadRulesConfig(repoRoot, registry.ids()) : undefined;
  if (rulesConfig) findings.push(...rulesConfig.findings);

  const catalog = await openCatalog();

  const skippedResources = new Map<string, { kind: string; apiVersion: string; count: number; reason: string }>();
  const skipResource = (r: Resource, reason: string) => {
    const key = `${r.apiVersion}/${r.kind}/${reason}`;
    const entry = skippedResources.get(key) ?? { kind: r.kind, apiVersion: r.apiVersion, count: 0, reason };
    entry.count++;
    skippedResources.set(key, entry);
  };
  const skippedRules = new Map<string, string>();
  const generatedTree = new GeneratedTree(repoRoot, { cacheDir: join(cacheDirFor(repoRoot), 'plans') });
  const schemaPass = new SchemaPass(catalog, { cacheDir: join(cacheDirFor(repoRoot), 'checks'), ...(options.buildId ? { buildId: options.buildId } : {}) });
  // Every resource validated, once per identity and file, and which findings are about it (for JUnit).
  const validated = new Map<string, ReportResource>();
  const findingOwner = new Map<Finding, string>();
  let resourceCount = 0;
  let checked = 0;
  let totalResources = 0;
  let targetCount = 0;
  const unitIds = new Set<string>();
  const byLabel = new Map<string, string[]>();

  for (let i = 0; i < targets.length; i++) {
    const prepared = await next;
    if (i + 1 < targets.length) next = preparing(i + 1);
    const { byUnit } = prepared;
    const baseResources = prepared.base;
    targetCount += prepared.resolved.length;
    for (const u of prepared.units) unitIds.add(u.id);
    totalResources += [...byUnit.values()].reduce((n, r) => n + r.resources.length, 0);
    for (const t of prepared.resolved) {
      if (!t.contextCluster) continue;
      const label = t.label.replace(/ \(cluster [^)]+\)$/, '');
      byLabel.set(label, [...(byLabel.get(label) ?? []), t.contextCluster]);
    }
    for (const target of prepared.resolved) {
      const results = target.units.map((u) => byUnit.get(u.id)).filter((r): r is RenderResult => r !== undefined);
      const resources = results.flatMap((r) => r.resources);
      const entryOf = new Map<Resource, string>();
      const entryByRef = new Map<string, string>();
      for (const resource of resources) {
        const file = relativeFile(resource.source.file, cwd);
        const key = JSON.stringify([refKey(resource), file]);
        if (!validated.has(key)) validated.set(key, { ...refOf(resource), file });
        entryOf.set(resource, key);
        if (!entryByRef.has(refKey(resource))) entryByRef.set(refKey(resource), key);
      }
      /** Locates a finding of this target and remembers the resource it is about. */
      const add = (finding: Finding, resource?: Resource) => {
        const located = locateFinding(finding, resource, cwd);
        findings.push(located);
        const owner = resource ? entryOf.get(resource) : located.resource ? entryByRef.get(refKey(located.resource)) : undefined;
        if (owner !== undefined) findingOwner.set(located, owner);
      };
      for (const f of target.findings) add(f);
      for (const result of results) for (const f of result.findings) add(f);
      resourceCount += resources.length;

      // CRDs in the rendered tree itself are the first schema source.
      const crds = resources.filter((r) => r.kind === 'CustomResourceDefinition' && r.apiVersion.startsWith('apiextensions.k8s.io/'));
      if (crds.length > 0) catalog.addCrds(crds.map((r) => r.object));

      const applications = new Map(resources.filter((r) => r.kind === 'Application' && r.apiVersion.startsWith('argoproj.io/')).map((r) => [r.name, r]));
      const toCheck: Resource[] = [];
      for (const resource of resources) {
        checked++;
        if (checked % 500 === 0) options.onProgress?.({ phase: 'check', done: checked, total: totalResources });
        if (options.rejectKinds?.some((k) => kindMatches(k, resource.apiVersion, resource.kind))) {
          add({ rule: 'rejected-kind', severity: 'error', message: `${resource.kind} is a rejected kind (--reject)`, path: '/kind' }, resource);
          continue;
        }
        if (options.skipKinds?.some((k) => kindMatches(k, resource.apiVersion, resource.kind))) {
          skipResource(resource, 'skipped with --skip');
          continue;
        }
        toCheck.push(resource);
      }

      const csa = toCheck.map((r) => clientSideApplied(r, target.owners, applications));
      const checks = options.engine === 'kubeconform' ? await kubeconformChecks(toCheck, csa, catalog, repoRoot) : await unitChecks(toCheck, csa, schemaPass);
      // CRD transition rules need the CEL engine whatever the checks kept.
      if (baseResources) await catalog.prepareCel();
      toCheck.forEach((resource, i) => {
        const { schema, api } = checks[i]!;
        for (const f of schema) {
          if (f.rule === 'schema-missing') {
            const allowed = config.allowMissingSchemas.find((a) => kindMatches(a.kind, resource.apiVersion, resource.kind));
            if (allowed) {
              skipResource(resource, `no schema; allowed in .gitops.yaml: ${allowed.reason}`);
              continue;
            }
            if (options.ignoreMissingSchemas) {
              skipResource(resource, 'no schema (--ignore-missing-schemas)');
              continue;
            }
          }
          add(f, resource);
        }
        // What the API server's own validation refuses beyond the schema: part of the schema pass (it runs
        // with --no-rules, and after kubeconform's verdicts with --engine kubeconform).
        for (const f of api) add(f, resource);
      });

      if (baseResources) {
        for (const { finding, resource } of immutableFindings(baseResources, resources)) findings.push(locateFinding(finding, resource, cwd));
        // CRD transition rules (oldSelf), with the base revision's object as the old one.
        const before = new Map(baseResources.map((r) => [identity(r), r]));
        for (const r of resources) {
          const old = before.get(identity(r));
          if (old) for (const f of catalog.transitionFindings(r.object, old.object)) findings.push(locateFinding(f, r, cwd));
        }
      }

      if (rulesEnabled) {
        const specCluster = target.cluster ?? target.contextCluster;
        const spec = specCluster ? await clusterSpecFor(specCluster, repoRoot, findings, cwd) : contextSpec?.spec;
        if (spec && specCluster) {
          generatedTree.add(specCluster, spec);
          // A cluster is validated as it will be after `gitops generate`: a tree that no longer matches
          // its spec is an error, at the spec field whose generated value differs.
          if (target.cluster) findings.push(...(await generatedTree.drift(specCluster, cwd)), ...(await sharedInfrastructureFindings(specCluster, spec, repoRoot, cwd)).map((f) => locateFinding(f, undefined, cwd)));
        }
        if (specCluster && !spec) {
          // The rules read the cluster from its spec: on an invalid spec they would guess (own repository
          // taken for a remote one, no node pools). Report the spec's errors alone and say what waits on them.
          skippedRules.set('(all rules)', `not run for cluster ${specCluster}: clusters/${specCluster}/cluster.yaml has errors; fix them, then validate again`);
          continue;
        }
        const result = runRules(resources, {
          ...(spec ? { spec, environment: spec.environment } : {}),
          ...(rulesConfig ? { config: rulesConfig.config } : {}),
          ...(target.cluster || spec ? { repo: { root: repoRoot, repoURLs: spec ? [spec.argocd.repoURL] : [] } } : {}),
          ...(target.owners ? { applicationsOf: (r: Resource) => (r.unit ? (target.owners!.get(r.unit) ?? []) : []) } : {}),
        });
        for (const f of result.findings) add(f);
        for (const s of result.skipped) skippedRules.set(s.rule, s.reason);
      }
    }
    // Checked: its renders may go (a later target that shares a unit renders it again, from the render cache).
    renderer.forget(prepared.units.map((u) => u.id));
  }
  const notes: string[] = [];
  for (const [label, clusters] of byLabel) notes.push(clusters.length === 1 ? `${label} is rendered by cluster ${clusters[0]}'s Argo CD tree: checked with its spec (--cluster to choose another)` : `${label} is rendered by ${clusters.length} clusters (${clusters.join(', ')}): checked once per cluster, with each spec`);

  if (findings.some((f) => f.file !== undefined)) await generatedTree.plan();
  const sorted = dedupe(findings.map((f) => generatedTree.toSpec(f, cwd))).sort(compareFindings);
  const indexOf = new Map(sorted.map((f, i) => [findingKey(f), i]));
  const owned = new Map<string, Set<number>>();
  for (const [f, owner] of findingOwner) {
    const i = indexOf.get(findingKey(f));
    if (i !== undefined) owned.set(owner, (owned.get(owner) ?? new Set<number>()).add(i));
  }
  const resourceList = [...validated].map(([key, r]) => {
    const indices = [...(owned.get(key) ?? [])].sort((a, b) => a - b);
    return indices.length ? { ...r, findings: indices } : r;
  });
  resourceList.sort((a, b) => (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff'));
  const counted = sorted.filter((f) => !f.suppressed);
  const errors = counted.filter((f) => f.severity === 'error').length;
  const celSkipped = catalog.celRulesSkipped();
  const tool = await toolPending?.catch(() => undefined);
  const report: Report = {
    tool: { name: 'gitops', version: TOOL_VERSION },
    findings: sorted,
    summary: {
      resources: resourceCount,
      errors,
      warnings: counted.filter((f) => f.severity === 'warning').length,
      infos: counted.filter((f) => f.severity === 'info').length,
      suppressed: sorted.length - counted.length,
      targets: targetCount,
      renderUnits: unitIds.size,
      durationMs: Date.now() - started,
      ...(tool ? { kustomize: { version: tool.version, via: tool.via, ...(tool.differsFromArgoCd ? { note: `Argo CD v3.4/v3.5 bundle kustomize ${tool.argoCdVersion}; this run used ${tool.version}` } : {}) } } : {}),
      skippedRules: [...skippedRules].map(([rule, reason]) => ({ rule, reason })).sort((a, b) => a.rule.localeCompare(b.rule)),
      skippedResources: [...skippedResources.values()],
      celRulesSkipped: celSkipped.length,
      ...(celSkipped.length ? { celRulesNotEvaluated: celSkipped } : {}),
      ...(notes.length || options.engine === 'kubeconform' ? { notes: [...notes, ...(options.engine === 'kubeconform' ? ['kubeconform decided the schema pass; the CRDs\' CEL rules and the API server\'s native validation ran after its verdicts'] : [])] } : {}),
    },
    rules: ruleInfos(sorted),
    resources: resourceList,
  };
  return { report, exitCode: errors > 0 ? 1 : 0 };
}

/**
 * Every resource the same targets render at `ref` (a git worktree shared by the process, so an Nx batch
 * checks the base out once); targets missing there render nothing. Renders go through the render cache,
 * keyed by content: an overlay the change did not touch renders from the same entry as at the head.
 */
async function renderAtBase(ref: string, targets: string[], ctx: { cwd: string; repoRoot: string; tool: Awaited<ReturnType<typeof detectKustomize>> }): Promise<Resource[]> {
  const dir = sharedWorktree(ctx.repoRoot, ref);
  const mapped: string[] = [];
  for (const t of targets) {
    if (t === '-') continue;
    const asPath = resolve(ctx.cwd, t);
    const inRepo = asPath.startsWith(ctx.repoRoot + sep) || asPath === ctx.repoRoot;
    const candidate = existsSync(resolve(ctx.repoRoot, 'clusters', t, 'cluster.yaml')) ? t : inRepo ? join(dir, relative(ctx.repoRoot, asPath)) : undefined;
    if (candidate !== undefined && (candidate === t ? existsSync(join(dir, 'clusters', t, 'cluster.yaml')) : existsSync(candidate))) mapped.push(candidate);
  }
  if (mapped.length === 0) return [];
  const renderer = new Renderer(ctx.tool, { repoRoot: dir, cacheDir: join(cacheDirFor(ctx.repoRoot), 'render') });
  const resolved = await resolveTargets(mapped, { cwd: dir, repoRoot: dir, renderer, withClusters: false });
  const results = await renderer.renderAll(resolved.flatMap((t) => t.units));
  return results.flatMap((r) => r.resources);
}

/**
 * Is the object applied client-side, so its last-applied-configuration annotation must fit? Known for a
 * cluster validated through its Argo CD tree: when its Application (or the object) lacks ServerSideApply=true.
 */
function clientSideApplied(resource: Resource, owners: Map<string, string[]> | undefined, applications: ReadonlyMap<string, Resource>): boolean {
  if (!owners || !resource.unit) return false;
  const apps = owners.get(resource.unit) ?? [];
  if (apps.length === 0) return false;
  const own = String(((resource.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {})['argocd.argoproj.io/sync-options'] ?? '');
  if (own.includes('ServerSideApply=true')) return false;
  return apps.some((name) => {
    const app = applications.get(name);
    const options = ((app?.object.spec as { syncPolicy?: { syncOptions?: unknown[] } } | undefined)?.syncPolicy?.syncOptions ?? []).map(String);
    return !options.includes('ServerSideApply=true');
  });
}

/** The schema pass of each unit among `resources` (in order), kept between runs by SchemaPass. */
async function unitChecks(resources: Resource[], clientSideApply: boolean[], pass: SchemaPass): Promise<CheckedResource[]> {
  const byUnit = new Map<string, number[]>();
  resources.forEach((r, i) => {
    const unit = r.unit ?? '';
    const indices = byUnit.get(unit);
    if (indices) indices.push(i);
    else byUnit.set(unit, [i]);
  });
  const out: CheckedResource[] = new Array(resources.length);
  for (const indices of byUnit.values()) {
    const checked = await pass.check(indices.map((i) => resources[i]!), indices.map((i) => clientSideApply[i]!));
    indices.forEach((i, j) => (out[i] = checked[j]!));
  }
  return out;
}

/** kubeconform's verdicts, then, for what it accepts, the CRDs' CEL rules it does not evaluate and the API server's validation. */
async function kubeconformChecks(resources: Resource[], clientSideApply: boolean[], catalog: SchemaCatalog, repoRoot: string): Promise<CheckedResource[]> {
  void repoRoot;
  if (resources.some((r) => catalog.isCustomKind(r.apiVersion, r.kind))) await catalog.prepareCel();
  const all = await runKubeconform(resources, { catalog });
  return resources.map((r, i) => {
    const schema = (all[i] ?? []).length > 0 ? all[i]! : catalog.celFindings(r.object);
    if (schema.length > 0) return { schema, api: [] };
    return { schema, api: apiFindings(r.object, clientSideApply[i] === true) };
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

async function loadContextSpec(nameOrFile: string, repoRoot: string, cwd: string): Promise<{ spec?: ClusterSpec; findings: Finding[] }> {
  const asFile = resolve(cwd, nameOrFile);
  const file = existsSync(asFile) && statSync(asFile).isFile() ? asFile : resolve(repoRoot, 'clusters', nameOrFile, 'cluster.yaml');
  if (!existsSync(file)) throw new UsageError(`--cluster ${nameOrFile}: no such cluster spec (looked for ${relativeFile(file, cwd)}); known clusters: ${listClusterNames(repoRoot).join(', ') || 'none'}`);
  const result = await loadClusterSpec(file);
  return { ...(result.spec ? { spec: result.spec } : {}), findings: result.findings.map((f) => locateFinding(f, undefined, cwd)) };
}

async function clusterSpecFor(name: string, repoRoot: string, findings: Finding[], cwd: string): Promise<ClusterSpec | undefined> {
  const file = resolve(repoRoot, 'clusters', name, 'cluster.yaml');
  const result = await loadClusterSpec(file);
  for (const f of result.findings) findings.push(locateFinding(f, undefined, cwd));
  return result.spec;
}

function ruleInfos(findings: Finding[]): RuleInfo[] {
  const ids = [...new Set(findings.map((f) => f.rule))].sort();
  return ids.map((id) => {
    const rule = registry.get(id);
    if (rule) {
      const severity = typeof rule.severity === 'string' ? rule.severity : rule.severity.default;
      return { id, summary: rule.summary, severity, docs: `${rule.docs.why}\n\n${rule.docs.fix}` };
    }
    return BUILTIN_RULE_INFO[id] ?? { id, summary: id, severity: 'error' };
  });
}

function refKey(ref: ResourceRef): string {
  return JSON.stringify([ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name]);
}

function findingKey(f: Finding): string {
  return JSON.stringify([f.rule, f.file, f.line, f.column, f.message, f.resource && refOf(f.resource as never), f.path]);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = findingKey(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareFindings(a: Finding, b: Finding): number {
  return (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);
}
