// The workflows are the pull-request gate: what main checks after merge, the pull request checks before,
// and the pull request validates each affected project once (the formats come from the tasks' reports).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './workspace.js';

interface Workflow {
  jobs: Record<string, { steps: Array<{ run?: string; uses?: string; name?: string }> }>;
}
const runs = (file: string) =>
  Object.values((parse(readFileSync(join(repoRoot, '.github/workflows', file), 'utf8')) as Workflow).jobs)
    .flatMap((j) => j.steps.map((s) => s.run ?? ''))
    .filter(Boolean);
const gitopsCommands = (commands: string[]) =>
  commands
    .filter((r) => /\b(npx gitops|npm test|nx (affected|run-many))\b/.test(r))
    .map((r) => r.replace(/ --base=\S+| --head=\S+| --outputStyle=\S+| \|\| true/g, ''));

describe('pull-request workflow', () => {
  it('runs every check the main workflow runs', () => {
    const pr = runs('pull-request.yaml');
    for (const check of ['npx gitops generate --check', 'npm test']) expect(pr, check).toContain(check);
    expect(
      runs('main.yaml')
        .filter((r) => r.startsWith('npx gitops') || r === 'npm test')
        .every((r) => pr.some((p) => p.startsWith(r.split(' --')[0]!))),
    ).toBe(true);
  });

  it("validates only what is affected, once: every format comes from the validate tasks' reports", () => {
    const pr = gitopsCommands(runs('pull-request.yaml'));
    expect(pr.filter((r) => r.includes('gitops validate'))).toEqual([]);
    expect(pr.some((r) => r.startsWith('npx nx affected -t validate'))).toBe(true);
    expect(pr).toContain(
      'npx gitops report .gitops/reports --to github --to sarif=gitops.sarif --to junit=gitops-junit.xml',
    );
  });

  it('rehearses a change of versions with commands a test runs (apps/cli/test/platforms.test.ts)', () => {
    const workflow = parse(readFileSync(join(repoRoot, '.github/workflows/pull-request.yaml'), 'utf8')) as Workflow;
    const job = workflow.jobs['platform-rehearsal']!.steps.map((s) => s.run ?? '').filter(Boolean);
    const test = readFileSync(join(repoRoot, 'apps/cli/test/platforms.test.ts'), 'utf8');
    expect(job.some((r) => r.startsWith('npx gitops platforms --changed '))).toBe(true);
    expect(job.some((r) => r.startsWith('node tools/ci/rehearse-changes.mjs '))).toBe(true);
    expect(test).toContain("'platforms', '--changed'");
    expect(test).toContain('tools/ci/rehearse-changes.mjs');
  });

  it('has every command it runs exercised by .ci/run', () => {
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    for (const command of [
      'gitops generate --check',
      'npm test',
      'nx affected -t validate',
      'gitops report .gitops/reports',
      'gitops diff --base',
    ])
      expect(ci, command).toContain(command);
  });
});
