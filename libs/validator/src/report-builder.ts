// The report stage: collects located findings with the resource each is about, what was skipped and why,
// and the run's counts; then dedupes and orders the findings, gives every validated resource the findings
// about it (JUnit reads them), and writes the summary.
import { refOf, TOOL_VERSION, type Finding, type Resource, type ResourceRef } from '@inference-gitops/core';
import type { KustomizeTool } from '@inference-gitops/render';
import { registry } from '@inference-gitops/rules';
import type { Report, ReportResource, RuleInfo } from '@inference-gitops/report';
import { BUILTIN_RULE_INFO } from './builtin-rules.js';
import { locateFinding, relativeFile } from './locate.js';

/** The note a run with `--engine kubeconform` carries. */
export const KUBECONFORM_NOTE =
  "kubeconform decided the schema pass; the CRDs' CEL rules and the API server's native validation ran after its verdicts";

/** What the report needs at the end that other stages own. */
export interface ReportInputs {
  started: number;
  /** Moves a finding in a generated value to the cluster.yaml field it comes from. */
  toSpec: (finding: Finding) => Finding;
  celSkipped: Array<{ kind: string; rule: string; error: string }>;
  tool?: KustomizeTool;
  kubeconform: boolean;
  /** Where a kind's schema comes from (SchemaCatalog.describe), for the note on kinds checked by typings alone. */
  schemaOrigin?: (apiVersion: string, kind: string) => string | undefined;
}

/** The findings of one target, each located, and the resources they are about. */
export interface TargetFindings {
  /** Locates a finding and remembers the resource it is about (by object, else by its reference). */
  add(finding: Finding, resource?: Resource): void;
  /** Locates a finding that belongs to no resource of the report (spec fields, comparisons with the base). */
  addUnowned(finding: Finding, resource?: Resource): void;
}

export class ReportBuilder {
  private readonly findings: Finding[] = [];
  /** Every resource validated, once per identity and file. */
  private readonly validated = new Map<string, ReportResource>();
  private readonly findingOwner = new Map<Finding, string>();
  private readonly skippedResources = new Map<
    string,
    { kind: string; apiVersion: string; count: number; reason: string }
  >();
  private readonly skippedRules = new Map<string, string>();
  /** Overlays checked through the clusters that render them, for the notes. */
  private readonly clustersOf = new Map<string, string[]>();
  private readonly unitIds = new Set<string>();
  private resourceCount = 0;
  private targetCount = 0;

  constructor(private readonly cwd: string) {}

  /** A finding about no resource (configuration, cluster specs). */
  add(finding: Finding): void {
    this.findings.push(locateFinding(finding, undefined, this.cwd));
  }

  /** A target's resources become part of the report; its findings are added through what this returns. */
  target(resources: readonly Resource[]): TargetFindings {
    this.targetCount++;
    this.resourceCount += resources.length;
    const entryOf = new Map<Resource, string>();
    const entryByRef = new Map<string, string>();
    for (const resource of resources) {
      const file = relativeFile(resource.source.file, this.cwd);
      const key = JSON.stringify([refKey(resource), file]);
      if (!this.validated.has(key)) this.validated.set(key, { ...refOf(resource), file });
      entryOf.set(resource, key);
      if (!entryByRef.has(refKey(resource))) entryByRef.set(refKey(resource), key);
    }
    return {
      add: (finding, resource) => {
        const located = locateFinding(finding, resource, this.cwd);
        this.findings.push(located);
        const owner = resource
          ? entryOf.get(resource)
          : located.resource
            ? entryByRef.get(refKey(located.resource))
            : undefined;
        if (owner !== undefined) this.findingOwner.set(located, owner);
      },
      addUnowned: (finding, resource) => {
        this.findings.push(locateFinding(finding, resource, this.cwd));
      },
    };
  }

  units(ids: Iterable<string>): void {
    for (const id of ids) this.unitIds.add(id);
  }

  renderedByCluster(label: string, cluster: string): void {
    this.clustersOf.set(label, [...(this.clustersOf.get(label) ?? []), cluster]);
  }

  skipResource(resource: Resource, reason: string): void {
    const key = `${resource.apiVersion}/${resource.kind}/${reason}`;
    const entry = this.skippedResources.get(key) ?? {
      kind: resource.kind,
      apiVersion: resource.apiVersion,
      count: 0,
      reason,
    };
    entry.count++;
    this.skippedResources.set(key, entry);
  }

  skipRule(rule: string, reason: string): void {
    this.skippedRules.set(rule, reason);
  }

  /** Is any finding in a file (then the generated tree's provenance may move it to the spec)? */
  hasFileFindings(): boolean {
    return this.findings.some((f) => f.file !== undefined);
  }

  /**
   * Kinds whose group no pinned CRD covers, checked against the @kubernetes-models typings alone: said once per
   * kind, since the typings may know fields or versions the cluster's CRD does not.
   */
  private typingsOnlyNote(origin: ReportInputs['schemaOrigin']): string[] {
    if (!origin) return [];
    const kinds = new Set<string>();
    for (const r of this.validated.values())
      if (origin(r.apiVersion, r.kind) === '@kubernetes-models') kinds.add(`${r.kind} (${r.apiVersion})`);
    if (kinds.size === 0) return [];
    return [
      `checked against the @kubernetes-models typings alone, no pinned CRD covers their group: ${[...kinds].sort().join(', ')}; pin the CRDs in schemas/lock.yaml to check them as the cluster will`,
    ];
  }

  build(inputs: ReportInputs): { report: Report; exitCode: 0 | 1 } {
    const sorted = dedupe(this.findings.map(inputs.toSpec)).sort(compareFindings);
    const counted = sorted.filter((f) => !f.suppressed);
    const errors = counted.filter((f) => f.severity === 'error').length;
    const notes = [
      ...this.clusterNotes(),
      ...(inputs.kubeconform ? [KUBECONFORM_NOTE] : []),
      ...this.typingsOnlyNote(inputs.schemaOrigin),
    ];
    const { tool, celSkipped } = inputs;
    const report: Report = {
      tool: { name: 'gitops', version: TOOL_VERSION },
      findings: sorted,
      summary: {
        resources: this.resourceCount,
        errors,
        warnings: counted.filter((f) => f.severity === 'warning').length,
        infos: counted.filter((f) => f.severity === 'info').length,
        suppressed: sorted.length - counted.length,
        targets: this.targetCount,
        renderUnits: this.unitIds.size,
        durationMs: Date.now() - inputs.started,
        ...(tool
          ? {
              kustomize: {
                version: tool.version,
                via: tool.via,
                ...(tool.differsFromArgoCd
                  ? { note: `Argo CD v3.4/v3.5 bundle kustomize ${tool.argoCdVersion}; this run used ${tool.version}` }
                  : {}),
              },
            }
          : {}),
        skippedRules: [...this.skippedRules]
          .map(([rule, reason]) => ({ rule, reason }))
          .sort((a, b) => a.rule.localeCompare(b.rule)),
        skippedResources: [...this.skippedResources.values()],
        celRulesSkipped: celSkipped.length,
        ...(celSkipped.length ? { celRulesNotEvaluated: celSkipped } : {}),
        ...(notes.length ? { notes } : {}),
      },
      rules: ruleInfos(sorted),
      resources: this.resourcesWithFindings(sorted),
    };
    return { report, exitCode: errors > 0 ? 1 : 0 };
  }

  private clusterNotes(): string[] {
    return [...this.clustersOf].map(([label, clusters]) =>
      clusters.length === 1
        ? `${label} is rendered by cluster ${clusters[0]}'s Argo CD tree: checked with its spec (--cluster to choose another)`
        : `${label} is rendered by ${clusters.length} clusters (${clusters.join(', ')}): checked once per cluster, with each spec`,
    );
  }

  /** Every validated resource, with the indices of the (sorted) findings about it. */
  private resourcesWithFindings(sorted: Finding[]): ReportResource[] {
    const indexOf = new Map(sorted.map((f, i) => [findingKey(f), i]));
    const owned = new Map<string, Set<number>>();
    for (const [f, owner] of this.findingOwner) {
      const i = indexOf.get(findingKey(f));
      if (i !== undefined) owned.set(owner, (owned.get(owner) ?? new Set<number>()).add(i));
    }
    const list = [...this.validated].map(([key, r]) => {
      const indices = [...(owned.get(key) ?? [])].sort((a, b) => a - b);
      return indices.length ? { ...r, findings: indices } : r;
    });
    return list.sort((a, b) => (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff'));
  }
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
  return JSON.stringify([
    f.rule,
    f.file,
    f.line,
    f.column,
    f.message,
    f.resource && refOf(f.resource as never),
    f.path,
  ]);
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
  return (
    (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}
