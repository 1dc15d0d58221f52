// Checking one resolved target: each resource against its schema (and the API server's own validation),
// with --base what the API server refuses on update, then the domain rules with the cluster's spec, and a
// cluster's tree against what its spec generates.
import { resolve } from 'node:path';
import type { Resource } from '@inference-gitops/core';
import { loadClusterSpec, type ClusterSpec } from '@inference-gitops/cluster-spec';
import type { RenderResult, ResolvedTarget } from '@inference-gitops/render';
import { runRules, type RulesConfig } from '@inference-gitops/rules';
import type { PlatformSelection, SchemaCatalog } from '@inference-gitops/schema-catalog';
import type { GeneratedTree } from './generated.js';
import { argocdHealthFindings } from './argocd-health/check.js';
import { findLua } from './argocd-health/lua.js';
import { identity, immutableFindings } from './immutable.js';
import { infrastructureRemovals } from './infrastructure-removals.js';
import type { PreparedTarget } from './prepare-target.js';
import { patchDropsFieldsFinding } from './patch-drops-fields.js';
import { platformOfSpec } from './platform.js';
import { kserveDerivedFindings } from './kserve-derived.js';
import { kindMatches, type ValidateConfig } from './repo-config.js';
import type { ReportBuilder, TargetFindings } from './report-builder.js';
import { clientSideApplied, type SchemaChecks } from './schema-checks.js';
import { sharedInfrastructureFindings } from './shared-infrastructure.js';

/** What judges a target's resources as its platform's API server would: its schemas and the checks run with them. */
export interface Judge {
  catalog: SchemaCatalog;
  schemaChecks: SchemaChecks;
}

export interface CheckContext {
  cwd: string;
  repoRoot: string;
  config: ValidateConfig;
  /** The judge of a platform's selection (undefined: the lock's default platform), made once per platform. */
  judge: (selection: PlatformSelection | undefined) => Promise<Judge>;
  /** --platform: the platform every target is judged against, whatever its spec names. */
  platform?: { name: string; selection: PlatformSelection };
  generatedTree: GeneratedTree;
  report: ReportBuilder;
  /** Undefined with --no-rules. */
  rules?: { config?: RulesConfig };
  /** The spec --cluster names, the rules' context for targets no cluster renders. */
  contextSpec?: ClusterSpec;
  skipKinds?: string[];
  rejectKinds?: string[];
  ignoreMissingSchemas?: boolean;
  onChecked?: (done: number, total: number) => void;
  /** Every target's rendered resources, once checked (the upgrade rehearsal reads its LLMInferenceServices). */
  onResources?: (target: ResolvedTarget, resources: readonly Resource[]) => void;
}

export class TargetChecker {
  private checked = 0;
  private total = 0;

  constructor(private readonly ctx: CheckContext) {}

  /** Every target a prepared TARGET resolved to. */
  async checkAll(prepared: PreparedTarget): Promise<void> {
    const { report } = this.ctx;
    report.units(prepared.units.map((u) => u.id));
    this.total += [...prepared.byUnit.values()].reduce((n, r) => n + r.resources.length, 0);
    for (const t of prepared.resolved)
      if (t.contextCluster) report.renderedByCluster(t.label.replace(/ \(cluster [^)]+\)$/, ''), t.contextCluster);
    for (const target of prepared.resolved) {
      const results = target.units
        .map((u) => prepared.byUnit.get(u.id))
        .filter((r): r is RenderResult => r !== undefined);
      await this.check(target, results, prepared.base);
    }
  }

  private async check(target: ResolvedTarget, results: RenderResult[], base: Resource[] | undefined): Promise<void> {
    const resources = results.flatMap((r) => r.resources);
    const out = this.ctx.report.target(resources);
    for (const f of target.findings) out.add(f);
    for (const result of results) {
      for (const f of result.findings) out.add(f);
      for (const drop of result.patchDrops)
        out.add(patchDropsFieldsFinding(drop, result.resources[drop.resource]!), result.resources[drop.resource]);
    }
    await this.schema(target, resources, out);
    this.ctx.onResources?.(target, resources);
    if (base) await this.comparedWithBase(target, base, resources, out);
    if (this.ctx.rules) await this.rules(target, resources, out);
  }

  /**
   * The platform a target is judged against: --platform, else what its cluster's spec names (the lock's default
   * platform filling the rest), else the default platform. A spec version the lock lacks is reported once.
   */
  private async judgeOf(target: ResolvedTarget): Promise<Judge> {
    if (this.ctx.platform) return this.ctx.judge(this.ctx.platform.selection);
    const name = target.cluster ?? target.contextCluster;
    const spec = name ? await this.clusterSpec(name) : this.ctx.contextSpec;
    if (!spec) return this.ctx.judge(undefined);
    const cluster = name ?? spec.name;
    let selection = this.platforms.get(cluster);
    if (!selection) {
      const platform = platformOfSpec(this.ctx.repoRoot, cluster, spec);
      for (const f of platform.findings) this.ctx.report.add(f);
      selection = platform.selection;
      this.platforms.set(cluster, selection);
    }
    return this.ctx.judge(selection);
  }
  /** Each cluster's platform, worked out (and its spec findings reported) once per run. */
  private readonly platforms = new Map<string, PlatformSelection>();

  private async schema(target: ResolvedTarget, resources: Resource[], out: TargetFindings): Promise<void> {
    const { config, report } = this.ctx;
    const { catalog, schemaChecks } = await this.judgeOf(target);
    // CRDs in the rendered tree itself are the first schema source.
    const crds = resources.filter(
      (r) => r.kind === 'CustomResourceDefinition' && r.apiVersion.startsWith('apiextensions.k8s.io/'),
    );
    if (crds.length > 0) catalog.addCrds(crds.map((r) => r.object));
    const applications = new Map(
      resources
        .filter((r) => r.kind === 'Application' && r.apiVersion.startsWith('argoproj.io/'))
        .map((r) => [r.name, r]),
    );
    const toCheck = resources.filter((resource) => {
      if (++this.checked % 500 === 0) this.ctx.onChecked?.(this.checked, this.total);
      if (this.ctx.rejectKinds?.some((k) => kindMatches(k, resource.apiVersion, resource.kind))) {
        out.add(
          {
            rule: 'rejected-kind',
            severity: 'error',
            message: `${resource.kind} is a rejected kind (--reject)`,
            path: '/kind',
          },
          resource,
        );
        return false;
      }
      if (this.ctx.skipKinds?.some((k) => kindMatches(k, resource.apiVersion, resource.kind))) {
        report.skipResource(resource, 'skipped with --skip');
        return false;
      }
      return true;
    });
    const csa = toCheck.map((r) => clientSideApplied(r, target.owners, applications));
    const checks = await schemaChecks(toCheck, csa);
    toCheck.forEach((resource, i) => {
      const { schema, api } = checks[i]!;
      for (const f of schema) {
        if (f.rule === 'schema-missing') {
          const allowed = config.allowMissingSchemas.find((a) =>
            kindMatches(a.kind, resource.apiVersion, resource.kind),
          );
          if (allowed) {
            report.skipResource(resource, `no schema; allowed in .gitops.yaml: ${allowed.reason}`);
            continue;
          }
          if (this.ctx.ignoreMissingSchemas) {
            report.skipResource(resource, 'no schema (--ignore-missing-schemas)');
            continue;
          }
        }
        out.add(f, resource);
      }
      // What the API server's own validation refuses beyond the schema: part of the schema pass (it runs
      // with --no-rules, and after kubeconform's verdicts with --engine kubeconform).
      for (const f of api) out.add(f, resource);
    });
    // What KServe writes for each service must be a kind this platform serves.
    for (const { finding, resource } of kserveDerivedFindings(toCheck, catalog, catalog.selection))
      out.add(finding, resource);
  }

  /** What the API server refuses on update: immutable fields, and CRD transition rules with the base's object as the old one. */
  private async comparedWithBase(
    target: ResolvedTarget,
    base: Resource[],
    resources: Resource[],
    out: TargetFindings,
  ): Promise<void> {
    const { repoRoot } = this.ctx;
    const { catalog } = await this.judgeOf(target);
    const name = target.cluster ?? target.contextCluster;
    const spec = name ? await this.clusterSpec(name) : this.ctx.contextSpec;
    const cluster = spec ? { name: name ?? spec.name, spec, repoRoot } : undefined;
    for (const f of infrastructureRemovals(base, resources, cluster)) this.ctx.report.add(f);
    for (const { finding, resource } of immutableFindings(base, resources)) out.addUnowned(finding, resource);
    const before = new Map(base.map((r) => [identity(r), r]));
    for (const r of resources) {
      const old = before.get(identity(r));
      if (old) for (const f of await catalog.transitionFindings(r.object, old.object)) out.addUnowned(f, r);
    }
  }

  private async rules(target: ResolvedTarget, resources: Resource[], out: TargetFindings): Promise<void> {
    const { repoRoot, report, generatedTree, cwd } = this.ctx;
    const specCluster = target.cluster ?? target.contextCluster;
    const spec = specCluster ? await this.clusterSpec(specCluster) : this.ctx.contextSpec;
    if (spec && specCluster) {
      generatedTree.add(specCluster, spec);
      // A cluster is validated as it will be after `gitops generate`: a tree that no longer matches its
      // spec is an error, at the spec field whose generated value differs.
      if (target.cluster) {
        for (const f of await generatedTree.drift(specCluster, cwd)) report.add(f);
        for (const f of await sharedInfrastructureFindings(specCluster, spec, repoRoot, cwd)) report.add(f);
      }
    }
    if (specCluster && !spec) {
      // The rules read the cluster from its spec: on an invalid spec they would guess (own repository taken
      // for a remote one, no node pools). Report the spec's errors alone and say what waits on them.
      report.skipRule(
        '(all rules)',
        `not run for cluster ${specCluster}: clusters/${specCluster}/cluster.yaml has errors; fix them, then validate again`,
      );
      return;
    }
    // The rules model what the platform's KServe release runs (its presets and controller).
    const { catalog } = await this.judgeOf(target);
    const kserveRelease = catalog.selection?.['kserve-presets'];
    const result = runRules(resources, {
      ...(kserveRelease ? { kserveRelease } : {}),
      ...(spec ? { spec, environment: spec.environment } : {}),
      ...(this.ctx.rules?.config ? { config: this.ctx.rules.config } : {}),
      ...(target.cluster || spec ? { repo: { root: repoRoot, repoURLs: spec ? [spec.argocd.repoURL] : [] } } : {}),
      ...(target.owners ? { applicationsOf: (r: Resource) => (r.unit ? (target.owners!.get(r.unit) ?? []) : []) } : {}),
    });
    for (const f of result.findings) out.add(f);
    for (const s of result.skipped) report.skipRule(s.rule, s.reason);
    // A cluster walked through its Argo CD tree: what its waves wait on, judged by the checks Argo CD runs.
    if (target.cluster && target.owners) {
      const owners = target.owners;
      const lua = findLua();
      const health = await argocdHealthFindings({
        resources,
        ...(spec ? { spec } : {}),
        applicationsOf: (r) => (r.unit ? (owners.get(r.unit) ?? []) : []),
        ...(lua ? { lua } : {}),
      });
      for (const { finding, resource } of health.findings) out.add(finding, resource);
      if (health.skipped) report.skipRule('argocd-health', health.skipped);
    }
  }

  /** A cluster's spec; its problems become findings at the spec's lines. */
  private readonly specs = new Map<string, Promise<ClusterSpec | undefined>>();

  /** A cluster's spec, read once per run; its problems become findings at the spec's lines, once. */
  private clusterSpec(name: string): Promise<ClusterSpec | undefined> {
    let spec = this.specs.get(name);
    if (!spec) {
      spec = loadClusterSpec(resolve(this.ctx.repoRoot, 'clusters', name, 'cluster.yaml')).then((result) => {
        for (const f of result.findings) this.ctx.report.add(f);
        return result.spec;
      });
      this.specs.set(name, spec);
    }
    return spec;
  }
}
