// Reports of several runs (the per-project validate tasks of `nx affected`) as one, so every output
// format is written from the runs that already happened instead of validating again.
import type { Finding } from '@inference-gitops/core';
import type { Report, ReportResource } from './report.js';

const key = (f: Finding) => JSON.stringify([f.rule, f.file, f.line, f.column, f.message, f.resource, f.path]);

export function mergeReports(reports: Report[]): Report {
  const findings: Finding[] = [];
  const index = new Map<string, number>();
  const resources = new Map<string, ReportResource>();
  const rules = new Map<string, Report['rules'][number]>();
  const skippedRules = new Map<string, string>();
  const skippedResources = new Map<string, Report['summary']['skippedResources'][number]>();
  const notes = new Set<string>();
  let durationMs = 0;
  let renderUnits = 0;
  let targets = 0;
  let cel = 0;
  let kustomize: Report['summary']['kustomize'];
  for (const report of reports) {
    const remap = report.findings.map((f) => {
      const k = key(f);
      if (!index.has(k)) {
        index.set(k, findings.length);
        findings.push(f);
      }
      return index.get(k)!;
    });
    for (const r of report.resources ?? []) {
      const rk = JSON.stringify([r.apiVersion, r.kind, r.namespace, r.name, r.file]);
      const existing = resources.get(rk) ?? { ...r, findings: [] };
      existing.findings = [...new Set([...(existing.findings ?? []), ...(r.findings ?? []).map((i) => remap[i]!)])];
      resources.set(rk, existing);
    }
    for (const rule of report.rules) rules.set(rule.id, rule);
    for (const s of report.summary.skippedRules) skippedRules.set(s.rule, s.reason);
    for (const s of report.summary.skippedResources) {
      const k = `${s.apiVersion}/${s.kind}/${s.reason}`;
      const prev = skippedResources.get(k);
      skippedResources.set(k, prev ? { ...prev, count: prev.count + s.count } : { ...s });
    }
    for (const n of report.summary.notes ?? []) notes.add(n);
    durationMs += report.summary.durationMs;
    renderUnits += report.summary.renderUnits;
    targets += report.summary.targets;
    cel += report.summary.celRulesSkipped ?? 0;
    kustomize ??= report.summary.kustomize;
  }
  const live = findings.filter((f) => !f.suppressed);
  const merged: Report = {
    tool: reports[0]?.tool ?? { name: 'gitops', version: '0.0.0' },
    findings,
    summary: {
      resources: reports.reduce((n, r) => n + r.summary.resources, 0),
      errors: live.filter((f) => f.severity === 'error').length,
      warnings: live.filter((f) => f.severity === 'warning').length,
      infos: live.filter((f) => f.severity === 'info').length,
      suppressed: findings.length - live.length,
      targets,
      renderUnits,
      durationMs,
      ...(kustomize ? { kustomize } : {}),
      skippedRules: [...skippedRules]
        .map(([rule, reason]) => ({ rule, reason }))
        .sort((a, b) => a.rule.localeCompare(b.rule)),
      skippedResources: [...skippedResources.values()],
      ...(cel ? { celRulesSkipped: cel } : {}),
      ...(notes.size ? { notes: [...notes] } : {}),
    },
    rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)),
    resources: [...resources.values()].sort(
      (a, b) =>
        (a.file ?? '').localeCompare(b.file ?? '') || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    ),
  };
  return merged;
}

/** A report file as `--to report=FILE` writes it; throws with the reason when it is not one. */
export function parseReportFile(text: string): Report {
  const data = JSON.parse(text) as Partial<Report>;
  if (!data || !Array.isArray(data.findings) || !data.summary || !Array.isArray(data.rules))
    throw new Error('not a gitops report (written by `gitops validate --to report=FILE`)');
  return data as Report;
}
