// A corpus of manifests modelled on public repositories (written anew, never copied), each with the verdict a real
// API server (or kubectl's YAML reader) gives and the Kubernetes source that decides it. The schema, CEL,
// API-validation and YAML passes must agree with every verdict: no false negatives, no false positives.
// Header of each file in corpus/:
//   # verdict: accepted | refused
//   # expect: <rule>@<line>: <part of the message>   (one line per expected error, refused files only)
//   # source: where Kubernetes (or the CRD) decides it; # server: what the API server says
//   # policy: <rule> ...   (optional: a stated policy of this tool that refuses what the server accepts)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops } from './helpers.js';

const folder = join(import.meta.dirname, 'corpus');
/** The passes that model the API server (and the YAML reader); domain rules are policy and judged elsewhere. */
const SERVER_PASSES = new Set(['yaml', 'schema', 'cel', 'api-validation']);

interface Expectation {
  rule: string;
  line: number;
  text: string;
}
interface CorpusCase {
  file: string;
  verdict: 'accepted' | 'refused';
  expected: Expectation[];
  /** Rules of this tool's stated policies that must refuse the file although the server accepts it. */
  policies: string[];
}

function readCase(file: string): CorpusCase {
  const header = readFileSync(join(folder, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('#'));
  const verdict = header.map((l) => /^# verdict: (accepted|refused)$/.exec(l)?.[1]).find(Boolean);
  if (!verdict) throw new Error(`${file}: no "# verdict: accepted|refused" line`);
  if (!header.some((l) => l.startsWith('# source: '))) throw new Error(`${file}: no "# source:" line`);
  const expected = header.flatMap((l) => {
    const m = /^# expect: ([a-z-]+)@(\d+): (.+)$/.exec(l);
    return m ? [{ rule: m[1]!, line: Number(m[2]), text: m[3]! }] : [];
  });
  if (verdict === 'refused' && expected.length === 0) throw new Error(`${file}: refused, but no "# expect:" line`);
  if (verdict === 'accepted' && expected.length > 0) throw new Error(`${file}: accepted, yet "# expect:" lines`);
  const policies = header.flatMap((l) => /^# policy: ([a-z-]+)/.exec(l)?.[1] ?? []);
  return { file, verdict: verdict as CorpusCase['verdict'], expected, policies };
}

const cases = readdirSync(folder)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map(readCase);

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
}

describe('third-party corpus: validate agrees with the API server', async () => {
  const run = await gitops(['validate', 'apps/cli/test/corpus', '--format', 'json']);
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  const errorsOf = (file: string) =>
    report.findings.filter(
      (f) => f.severity === 'error' && SERVER_PASSES.has(f.rule) && f.file?.endsWith(`corpus/${file}`),
    );

  it('holds accepted and refused cases', () => {
    expect(cases.filter((c) => c.verdict === 'accepted').length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.verdict === 'refused').length).toBeGreaterThan(0);
  });

  it.each(cases.filter((c) => c.policies.length > 0))('$file is refused by the stated policy $policies', (c) => {
    const rules = report.findings.filter((f) => f.file?.endsWith(`corpus/${c.file}`)).map((f) => f.rule);
    for (const policy of c.policies) expect(rules).toContain(policy);
  });

  it.each(cases)('$file is $verdict', ({ file, expected }) => {
    const got = errorsOf(file).map((f) => ({ rule: f.rule, line: f.line, message: f.message }));
    expect(got).toHaveLength(expected.length);
    for (const e of expected)
      expect(got).toContainEqual({ rule: e.rule, line: e.line, message: expect.stringContaining(e.text) });
  });
});
