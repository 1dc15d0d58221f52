import type { Finding } from '@inference-gitops/core';
import { resourceLabel, type Rehearsal, type Report } from '../report.js';

const COLORS = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/** Human output: grouped by file, one line per finding, the hint below it, a summary at the end. */
export function formatText(report: Report, color = false): string {
  const c = (code: keyof typeof COLORS, s: string) => (color ? COLORS[code] + s + COLORS.reset : s);
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = f.file ?? (resourceLabel(f) ? `(${resourceLabel(f)})` : '(no file)');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [file, findings] of groups) {
    lines.push(c('bold', file));
    for (const f of findings) {
      const where = f.line !== undefined ? `${f.line}:${f.column ?? 1}` : '-';
      const sev = f.suppressed ? c('dim', 'suppressed') : c(f.severity, f.severity);
      const what = resourceLabel(f);
      lines.push(`  ${where.padEnd(8)} ${sev.padEnd(color ? 7 + 9 : 7)}  ${f.rule}  ${f.message}`);
      const details = [
        what ? `${what}${f.path ? ` at ${f.path}` : ''}` : undefined,
        f.derivedFrom
          ? `derived from ${f.derivedFrom.kind} ${f.derivedFrom.namespace ? `${f.derivedFrom.namespace}/` : ''}${f.derivedFrom.name}`
          : undefined,
      ].filter(Boolean);
      if (details.length) lines.push(c('dim', `           ${details.join('; ')}`));
      if (f.hint) lines.push(`           hint: ${f.hint}`);
      if (f.suppressed) lines.push(c('dim', `           suppressed: ${f.suppressed.reason}`));
    }
    lines.push('');
  }
  const s = report.summary;
  for (const r of s.skippedRules) lines.push(c('dim', `skipped rule ${r.rule}: ${r.reason}`));
  for (const r of s.skippedResources) lines.push(c('dim', `skipped ${r.count} ${r.apiVersion} ${r.kind}: ${r.reason}`));
  if (s.celRulesSkipped)
    lines.push(
      c(
        'dim',
        `${s.celRulesSkipped} CEL validation rules (x-kubernetes-validations) were not evaluated: ${(
          s.celRulesNotEvaluated ?? []
        )
          .slice(0, 3)
          .map((r) => `${r.kind} \`${r.rule}\` (${r.error})`)
          .join('; ')}`,
      ),
    );
  if (report.rehearsal) lines.push(...rehearsalLines(report.rehearsal));
  for (const n of s.notes ?? []) lines.push(c('dim', `note: ${n}`));
  if (s.kustomize?.note) lines.push(c('dim', `note: ${s.kustomize.note}`));
  const verdict = s.errors > 0 ? c('error', 'FAIL') : c('bold', 'OK');
  lines.push(
    `${verdict}: ${s.resources} resources in ${s.renderUnits} render units, ${s.errors} errors, ${s.warnings} warnings${s.infos ? `, ${s.infos} infos` : ''}${s.suppressed ? `, ${s.suppressed} suppressed` : ''}`,
  );
  return lines.join('\n') + '\n';
}

/** The rehearsal section: versions, what `generate` would rewrite, and what each endpoint would run differently. */
function rehearsalLines(r: Rehearsal): string[] {
  const lines = [`upgrade rehearsal on platform ${r.platform}:`];
  for (const v of r.versions) lines.push(`  ${v}`);
  for (const g of r.generated)
    lines.push(
      g.specErrors
        ? `  cluster ${g.cluster}: its spec needs changes before \`gitops generate\` can write a tree for ${r.platform} (${g.errors} errors, listed above)`
        : g.files.length === 0
          ? `  cluster ${g.cluster}: \`gitops generate\` would write the same tree for ${r.platform}`
          : `  cluster ${g.cluster}: \`gitops generate\` would rewrite ${g.files.length} file(s) for ${r.platform} (${g.errors} errors, ${g.warnings} warnings there): ${g.files.join(', ')}`,
    );
  for (const e of r.endpoints) {
    lines.push(`  ${e.resource}${e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : ''} would run differently:`);
    for (const change of e.changes) lines.push(`    ${change}`);
    if (e.diff) lines.push(...e.diff.split('\n').map((l) => `    ${l}`));
  }
  lines.push('');
  return lines;
}
