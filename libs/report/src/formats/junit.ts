import type { Finding } from '@inference-gitops/core';
import { resourceLabel, type Report } from '../report.js';

/**
 * JUnit XML: one testsuite per file, one testcase per resource (or per file-level finding).
 * Errors are <failure>s; warnings and infos are written to <system-out> so test summaries stay green.
 */
export function formatJunit(report: Report): string {
  const byFile = new Map<string, Map<string, Finding[]>>();
  for (const f of report.findings) {
    const file = f.file ?? '(no file)';
    const cases = byFile.get(file) ?? new Map<string, Finding[]>();
    const name = resourceLabel(f) ?? file;
    cases.set(name, [...(cases.get(name) ?? []), f]);
    byFile.set(file, cases);
  }
  const suites: string[] = [];
  for (const [file, cases] of byFile) {
    let failures = 0;
    const testcases: string[] = [];
    for (const [name, findings] of cases) {
      const errors = findings.filter((f) => f.severity === 'error' && !f.suppressed);
      const others = findings.filter((f) => !errors.includes(f));
      if (errors.length) failures++;
      const body = [
        ...errors.map((f) => `      <failure message="${xml(f.message)}" type="${xml(f.rule)}">${xml(describe(f))}</failure>`),
        ...(others.length ? [`      <system-out>${xml(others.map(describe).join('\n'))}</system-out>`] : []),
      ];
      testcases.push(`    <testcase classname="${xml(file)}" name="${xml(name)}">\n${body.join('\n')}\n    </testcase>`);
    }
    suites.push(`  <testsuite name="${xml(file)}" tests="${cases.size}" failures="${failures}" errors="0">\n${testcases.join('\n')}\n  </testsuite>`);
  }
  const s = report.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gitops validate" tests="${[...byFile.values()].reduce((n, c) => n + c.size, 0)}" failures="${s.errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function describe(f: Finding): string {
  const where = f.file !== undefined ? `${f.file}:${f.line ?? 1}:${f.column ?? 1}` : '';
  return `${where} ${f.severity} ${f.rule}: ${f.message}${f.path ? ` (${f.path})` : ''}${f.hint ? `\nhint: ${f.hint}` : ''}${f.suppressed ? `\nsuppressed: ${f.suppressed.reason}` : ''}`.trim();
}

/** XML text/attribute escaping; characters XML 1.0 cannot carry are dropped. */
export function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
