import type { Finding } from '@inference-gitops/core';
import { refLabel, resourceLabel, type Report } from '../report.js';

/**
 * JUnit XML: one testsuite per file, one testcase per validated resource (`report.resources`), passing
 * when it has no error; findings on no listed resource (a render failure, a config problem) are test
 * cases of their own. Errors are <failure>s; warnings, infos and suppressed findings are written to
 * <system-out> so test summaries stay green.
 */
export function formatJunit(report: Report): string {
  const suites = new Map<string, Map<string, Finding[]>>();
  const add = (suite: string, name: string, findings: Finding[]) => {
    const cases = suites.get(suite) ?? new Map<string, Finding[]>();
    cases.set(name, [...(cases.get(name) ?? []), ...findings]);
    suites.set(suite, cases);
  };
  const linked = new Set<number>();
  for (const resource of report.resources ?? []) {
    const suite = resource.file ?? NO_FILE;
    let name = refLabel(resource);
    // Two versions of a kind with the same name in one file (InferencePool v1 and v1alpha2) stay two cases.
    if (suites.get(suite)?.has(name)) name = `${name} (${resource.apiVersion})`;
    const findings: Finding[] = [];
    for (const i of resource.findings ?? []) {
      const f = report.findings[i];
      if (!f) continue;
      linked.add(i);
      findings.push(f);
    }
    add(suite, name, findings);
  }
  report.findings.forEach((f, i) => {
    if (linked.has(i)) return;
    const file = f.file ?? NO_FILE;
    add(file, resourceLabel(f) ?? file, [f]);
  });

  const out: string[] = [];
  let tests = 0;
  let failed = 0;
  for (const file of [...suites.keys()].sort(compareFiles)) {
    const cases = suites.get(file)!;
    let failures = 0;
    const testcases: string[] = [];
    for (const [name, findings] of cases) {
      const errors = findings.filter((f) => f.severity === 'error' && !f.suppressed);
      const others = findings.filter((f) => !errors.includes(f));
      if (errors.length) failures++;
      const body = [
        ...errors.map(
          (f) => `      <failure message="${xml(f.message)}" type="${xml(f.rule)}">${xml(describe(f))}</failure>`,
        ),
        ...(others.length ? [`      <system-out>${xml(others.map(describe).join('\n'))}</system-out>`] : []),
      ];
      const open = `    <testcase classname="${xml(file)}" name="${xml(name)}"`;
      testcases.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    tests += cases.size;
    failed += failures;
    out.push(
      `  <testsuite name="${xml(file)}" tests="${cases.size}" failures="${failures}" errors="0">\n${testcases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gitops validate" tests="${tests}" failures="${failed}">${out.length ? `\n${out.join('\n')}` : ''}\n</testsuites>\n`;
}

const NO_FILE = '(no file)';

/** Files in name order; findings on no file last. */
function compareFiles(a: string, b: string): number {
  return (a === NO_FILE ? '\uffff' : a).localeCompare(b === NO_FILE ? '\uffff' : b);
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
