// Upgrade rehearsal: the same targets judged twice, against the platform each cluster runs now and against a
// named platform of the lock, and only what the second run adds reported. A finding there is what would break
// (an error) or change (a warning) on that platform, at the file and line a person edits; what the tree gets
// wrong today is the business of a plain `gitops validate`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listClusterNames, loadClusterSpec } from '@inference-gitops/cluster-spec';
import type { Finding } from '@inference-gitops/core';
import { countBySeverity } from '@inference-gitops/report';
import { platformNamed, sameVersion, type Platform } from '@inference-gitops/schema-catalog';
import { platformOfSpec } from './platform.js';
import { validate, type ValidateOptions, type ValidateResult } from './validate.js';

/** A finding's identity across the two runs (its place and words, not its order). */
function keyOf(f: Finding): string {
  return [f.rule, f.severity, f.file ?? '', f.line ?? '', f.path ?? '', f.message].join('\u0000');
}

/** Validates `options.targets` on `platform` and reports only what that platform adds to today's findings. */
export async function rehearse(options: ValidateOptions & { platform: string }): Promise<ValidateResult> {
  const target = platformNamed(options.repoRoot, options.platform);
  const { platform: _named, ...own } = options;
  const today = await validate(own);
  const there = await validate(options);
  const known = new Set(today.report.findings.map(keyOf));
  const added = there.report.findings.filter((f) => !known.has(keyOf(f)));
  const kept = new Set(there.report.findings.map(keyOf));
  const gone = today.report.findings.filter((f) => !kept.has(keyOf(f)) && f.severity !== 'info');
  const counts = countBySeverity(added);
  const notes = [
    `upgrade rehearsal on platform ${target.name}: only what it adds to today's findings is listed (${today.report.summary.errors} errors and ${today.report.summary.warnings} warnings of today left out; \`gitops validate\` lists them)`,
    ...(await versionChanges(options, target)),
    ...(gone.length > 0 ? [`${gone.length} finding(s) of today are gone on ${target.name}`] : []),
    ...(there.report.summary.notes ?? []).filter((n) => !(today.report.summary.notes ?? []).includes(n)),
  ];
  return {
    report: {
      ...there.report,
      findings: added,
      summary: { ...there.report.summary, ...counts, notes },
    },
    exitCode: counts.errors > 0 ? 1 : 0,
  };
}

/** For each cluster target: the sets whose version the platform changes, e.g. "gateway-api v1.4.0 -> v1.6.1". */
async function versionChanges(options: ValidateOptions, target: Platform): Promise<string[]> {
  const out: string[] = [];
  for (const name of options.targets.length > 0 ? options.targets : listClusterNames(options.repoRoot)) {
    const file = join(options.repoRoot, 'clusters', name, 'cluster.yaml');
    if (!existsSync(file)) continue;
    const { spec } = await loadClusterSpec(file);
    if (!spec) continue;
    const now = platformOfSpec(options.repoRoot, name, spec).selection;
    const changes = Object.keys({ ...now, ...target.sets })
      .sort()
      .filter((set) => !(now[set] && target.sets[set] && sameVersion(now[set], target.sets[set])))
      .map((set) => `${set} ${now[set] ?? '(none)'} -> ${target.sets[set] ?? '(none)'}`);
    out.push(
      changes.length > 0
        ? `cluster ${name}: ${changes.join(', ')}`
        : `cluster ${name} already runs the versions of ${target.name}`,
    );
  }
  return out;
}
