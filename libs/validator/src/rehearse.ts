// Upgrade rehearsal: the same targets judged twice, against the platform each cluster runs now and against a
// named platform of the lock, and only what the second run adds reported. A finding there is what would break
// (an error) or change (a warning) on that platform, at the file and line a person edits; what the tree gets
// wrong today is the business of a plain `gitops validate`. Besides the findings, the report says what the
// platform changes: the versions, what `gitops generate` would write for it (and whether that validates), and
// what KServe's presets of the new release change in what each endpoint runs.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { unifiedDiff } from '@inference-gitops/diff';
import { parseDocument, stringify } from 'yaml';
import { listClusterNames, loadAllClusterSpecs, loadClusterSpec } from '@inference-gitops/cluster-spec';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import type { Finding, Resource } from '@inference-gitops/core';
import { countBySeverity, type Rehearsal } from '@inference-gitops/report';
import { compareEffective } from '@inference-gitops/rules';
import {
  defaultSelection,
  platformNamed,
  sameVersion,
  type Platform,
  type PlatformSelection,
} from '@inference-gitops/schema-catalog';
import { platformOfSpec, selectionChanges, SPEC_VERSION_SETS, unusedSets } from './platform.js';
import { validate, type ValidateOptions, type ValidateResult } from './validate.js';

/** A finding's identity across the two runs (its place and words, not its order). */
function keyOf(f: Finding): string {
  return [f.rule, f.severity, f.file ?? '', f.line ?? '', f.path ?? '', f.message].join('\u0000');
}

/** A problem whatever file and line it is found at (a regenerated tree moves lines). */
function sameProblem(f: Finding): string {
  const r = f.resource;
  return [
    f.rule,
    r ? `${r.kind}/${r.namespace ?? ''}/${r.name}` : '',
    f.path ?? '',
    f.message.replace(REGENERATED, ''),
  ].join('\u0000');
}
const REGENERATED = /^as `gitops generate` would write it for [^:]+: /;

/** Lines of one endpoint's effective diff before it is cut. */
const MAX_DIFF_LINES = 80;

/** Validates `options.targets` on `platform` and reports only what that platform adds to today's findings. */
export async function rehearse(options: ValidateOptions & { platform: string }): Promise<ValidateResult> {
  const target = platformNamed(options.repoRoot, options.platform);
  const { platform: _named, ...own } = options;
  const clusters = await clusterTargets(options);
  const today = await validate(own);
  const services = new Map<string, ServiceSeen>();
  const there = await validate({
    ...options,
    onResources: (t, resources) => {
      const configs = resources.filter((r) => r.kind === 'LLMInferenceServiceConfig');
      const cluster = t.cluster ?? t.contextCluster;
      for (const r of resources)
        if (r.kind === 'LLMInferenceService' && r.apiVersion.startsWith('serving.kserve.io/'))
          services.set(`${cluster ?? ''}/${r.namespace ?? ''}/${r.name}`, {
            service: r,
            configs,
            ...(cluster ? { cluster } : {}),
          });
    },
  });
  const known = new Set(today.report.findings.map(keyOf));
  const added = there.report.findings.filter((f) => !known.has(keyOf(f)));
  const kept = new Set(there.report.findings.map(keyOf));
  const gone = today.report.findings.filter((f) => !kept.has(keyOf(f)) && f.severity !== 'info');
  const generated = await Promise.all(clusters.map((c) => generatedFor(options, c, target)));
  // What the regenerated tree repeats of the committed tree's findings (same rule, resource and words) is said once.
  const said = new Set(added.map(sameProblem));
  const generatedFindings = generated.flatMap((g) => g.findings).filter((f) => !said.has(sameProblem(f)));
  const counts = countBySeverity([...added, ...generatedFindings]);
  const rehearsal: Rehearsal = {
    platform: target.name,
    versions: clusters.map((c) => versionChanges(c, target)),
    generated: generated.map((g) => g.summary),
    endpoints: endpointChanges(
      services,
      [...clusters, ...(await contextClusters(services, clusters, options))],
      target,
      options,
    ),
  };
  const notes = [
    `only what platform ${target.name} adds to today's findings is listed (${today.report.summary.errors} errors and ${today.report.summary.warnings} warnings of today left out; \`gitops validate\` lists them)`,
    ...(gone.length > 0 ? [`${gone.length} finding(s) of today are gone on ${target.name}`] : []),
    ...(there.report.summary.notes ?? []).filter((n) => !(today.report.summary.notes ?? []).includes(n)),
  ];
  return {
    report: {
      ...there.report,
      findings: [...added, ...generatedFindings],
      summary: { ...there.report.summary, ...counts, notes },
      rehearsal,
    },
    exitCode: counts.errors > 0 ? 1 : 0,
  };
}

interface ServiceSeen {
  service: Resource;
  configs: Resource[];
  /** The cluster whose tree (or context) rendered it. */
  cluster?: string;
}

interface ClusterTarget {
  name: string;
  spec: ClusterSpec;
  /** What it runs today (its spec's versions). */
  selection: PlatformSelection;
}

/** The targets that are clusters of the repository (every cluster when no target is given), with their specs. */
async function clusterTargets(options: ValidateOptions): Promise<ClusterTarget[]> {
  const names = options.targets.length > 0 ? options.targets : listClusterNames(options.repoRoot);
  const out: ClusterTarget[] = [];
  for (const name of names) {
    const file = join(options.repoRoot, 'clusters', name, 'cluster.yaml');
    if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) continue;
    const { spec } = await loadClusterSpec(file);
    if (spec) out.push({ name, spec, selection: platformOfSpec(options.repoRoot, name, spec).selection });
  }
  return out;
}

/** The clusters whose trees render an overlay or file target (their releases are what the services run today). */
async function contextClusters(
  services: Map<string, ServiceSeen>,
  known: ClusterTarget[],
  options: ValidateOptions,
): Promise<ClusterTarget[]> {
  const names = [...new Set([...services.values()].flatMap((s) => (s.cluster ? [s.cluster] : [])))].filter(
    (n) => !known.some((c) => c.name === n),
  );
  return names.length > 0 ? clusterTargets({ ...options, targets: names }) : [];
}

/** "cluster c: gateway-api v1.4.0 -> v1.6.1, ...", the sets whose version the platform changes. */
function versionChanges(c: ClusterTarget, target: Platform): string {
  const changes = selectionChanges(c.selection, target.sets, unusedSets(c.spec));
  return changes.length > 0
    ? `cluster ${c.name}: ${changes.join(', ')}`
    : `cluster ${c.name} already runs the versions of ${target.name}`;
}

/** The spec's `versions:` rewritten to the platform's (comments and order kept). */
function specForPlatform(text: string, spec: ClusterSpec, target: Platform): string {
  const doc = parseDocument(text);
  for (const [field, sets] of Object.entries(SPEC_VERSION_SETS)) {
    if ((field === 'sailOperator' || field === 'istio') && spec.variant !== 'istio') continue;
    const version = target.sets[sets[0]!];
    if (version !== undefined) doc.setIn(['versions', field], version);
    else if (doc.hasIn(['versions', field])) doc.deleteIn(['versions', field]);
  }
  return doc.toString();
}

/**
 * What `gitops generate` would write for the platform, in a scratch copy of the repository: the files it would
 * change, and its findings there (located at the repository's own paths), so a person sees whether regenerating
 * after the version bump is enough.
 */
async function generatedFor(
  options: ValidateOptions & { platform: string },
  c: ClusterTarget,
  target: Platform,
): Promise<{ summary: Rehearsal['generated'][number]; findings: Finding[] }> {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-rehearsal-'));
  try {
    for (const entry of ['clusters', 'overlays', 'schemas', '.gitops.yaml'])
      if (existsSync(join(options.repoRoot, entry)))
        cpSync(join(options.repoRoot, entry), join(scratch, entry), { recursive: true });
    const specFile = join(scratch, 'clusters', c.name, 'cluster.yaml');
    writeFileSync(specFile, specForPlatform(readFileSync(specFile, 'utf8'), c.spec, target));
    // Findings there name files of the scratch copy (absolute, or relative to it): name the repository's own.
    const back = (f: Finding): Finding => ({
      ...f,
      message: `as \`gitops generate\` would write it for ${target.name} (versions: set to the platform's): ${f.message}`,
      ...(f.file
        ? {
            file: relative(
              options.cwd,
              join(options.repoRoot, isAbsolute(f.file) ? relative(scratch, f.file) : f.file),
            ),
          }
        : {}),
    });
    const loaded = await loadAllClusterSpecs(scratch);
    const specProblems = loaded.flatMap((l) => l.result.findings).filter((f) => f.severity === 'error');
    if (specProblems.length > 0)
      return {
        summary: { cluster: c.name, files: [], errors: specProblems.length, warnings: 0, specErrors: true },
        findings: specProblems.map(back),
      };
    const { planRepository, applyPlan } = await import('@inference-gitops/generator');
    const plan = planRepository(
      loaded.map((l) => ({
        spec: l.result.spec!,
        specPath: relative(scratch, l.file).split(sep).join('/'),
      })),
    );
    const applied = await applyPlan(plan, scratch, { check: false, dryRun: false });
    const files = [...applied.written, ...applied.stale].filter((p) => p !== `clusters/${c.name}/cluster.yaml`).sort();
    const { report } = await validate({
      ...options,
      cwd: scratch,
      repoRoot: scratch,
      targets: [c.name],
      keep: { renders: false, checks: false },
    });
    const findings = report.findings.map(back);
    const counts = countBySeverity(findings);
    return {
      summary: { cluster: c.name, files, errors: counts.errors, warnings: counts.warnings },
      findings: findings.filter((f) => f.severity === 'error'),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Per LLMInferenceService of the targets: what the platform's KServe release would run differently. */
function endpointChanges(
  services: Map<string, ServiceSeen>,
  clusters: ClusterTarget[],
  target: Platform,
  options: ValidateOptions,
): Rehearsal['endpoints'] {
  const to = target.sets['kserve-presets'];
  if (!to) return [];
  const out: Rehearsal['endpoints'] = [];
  for (const { service, configs, cluster } of services.values()) {
    // The release it runs today: its cluster's, or the default platform's for files no cluster renders.
    const from =
      clusters.find((c) => c.name === cluster)?.selection['kserve-presets'] ??
      defaultSelection(options.repoRoot)?.['kserve-presets'];
    if (!from || sameVersion(from, to)) continue;
    const { changes, before, after } = compareEffective(service, configs, from, to);
    if (changes.length === 0) continue;
    const diff = unifiedDiff(
      `${service.name} on KServe ${from}`,
      `${service.name} on KServe ${to}`,
      stringify(before, { sortMapEntries: true }),
      stringify(after, { sortMapEntries: true }),
      { maxLines: MAX_DIFF_LINES, context: 2 },
    );
    out.push({
      resource: `LLMInferenceService ${service.namespace ?? ''}/${service.name} (KServe ${from} -> ${to})`,
      file: relative(options.cwd, service.source.file),
      ...(service.source.start?.line ? { line: service.source.start.line } : {}),
      changes,
      diff,
    });
  }
  return out;
}
