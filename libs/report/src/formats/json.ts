import type { Finding } from '@inference-gitops/core';
import type { Report } from '../report.js';

/** The documented JSON contract (README "JSON output", docs/output.md): stable key order. */
export function formatJson(report: Report): string {
  const s = report.summary;
  const doc = {
    summary: {
      resources: s.resources,
      errors: s.errors,
      warnings: s.warnings,
      infos: s.infos,
      suppressed: s.suppressed,
      targets: s.targets,
      renderUnits: s.renderUnits,
      durationMs: s.durationMs,
      ...(s.kustomize ? { kustomize: s.kustomize } : {}),
      skippedRules: s.skippedRules,
      skippedResources: s.skippedResources,
      ...(s.celRulesSkipped !== undefined ? { celRulesSkipped: s.celRulesSkipped } : {}),
      ...(s.celRulesNotEvaluated?.length ? { celRulesNotEvaluated: s.celRulesNotEvaluated } : {}),
      ...(s.notes?.length ? { notes: s.notes } : {}),
    },
    findings: report.findings.map(findingJson),
    ...(report.rehearsal ? { rehearsal: report.rehearsal } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...(f.hint !== undefined ? { hint: f.hint } : {}),
    resource: f.resource
      ? {
          apiVersion: f.resource.apiVersion,
          kind: f.resource.kind,
          namespace: f.resource.namespace ?? '',
          name: f.resource.name,
        }
      : null,
    path: f.path ?? '',
    file: f.file ?? null,
    line: f.line ?? null,
    column: f.column ?? null,
    ...(f.derivedFrom ? { derivedFrom: f.derivedFrom } : {}),
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  };
}
