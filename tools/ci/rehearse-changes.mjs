// CI, on a pull request that changes `versions:` in a cluster spec: the base revision's tree rehearsed on the
// platform each changed cluster moves to (`gitops validate CLUSTER --platform NAME`), as Markdown for a comment.
// Exit 1 when something would break. The validate job judges the pull request's own tree against its versions.
//   node tools/ci/rehearse-changes.mjs <base-ref> <platform-changes.json> > rehearsal.md   (in the repository)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [base, changesFile] = process.argv.slice(2);
if (!base || !changesFile) {
  console.error('usage: rehearse-changes.mjs <base-ref> <platform-changes.json>');
  process.exit(2);
}
// The repository is the working directory; the CLI is this checkout's (the pull request's) build.
const root = process.cwd();
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'cli', 'bin', 'gitops.mjs');
const changes = JSON.parse(readFileSync(changesFile, 'utf8'));
const out = ['## Platform rehearsal', ''];
let broken = false;
if (changes.length === 0) out.push('No cluster spec changes its `versions:`.');
const worktree = mkdtempSync(join(tmpdir(), 'rehearsal-base-'));
rmSync(worktree, { recursive: true, force: true });
execFileSync('git', ['worktree', 'add', '--detach', worktree, base], { cwd: root, stdio: 'pipe' });
try {
  for (const { cluster, changes: sets, platform } of changes) {
    out.push(`### ${cluster}`, '', `Versions: ${sets.join(', ')}.`, '');
    if (!platform) {
      out.push(
        'These versions are no named platform of `schemas/lock.yaml`, so the base tree is not rehearsed on them; ' +
          'the validate job judges the new tree against them.',
        '',
      );
      continue;
    }
    const run = spawnSync('node', [cli, 'validate', cluster, '--platform', platform], {
      cwd: worktree,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (run.status !== 0) broken = true;
    const verdict = run.status === 0 ? 'nothing breaks' : run.status === 1 ? 'something would break' : 'could not run';
    out.push(
      `The base tree on platform \`${platform}\`: **${verdict}**.`,
      '',
      '```',
      run.stdout + run.stderr,
      '```',
      '',
    );
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root, stdio: 'pipe' });
}
process.stdout.write(out.join('\n') + '\n');
process.exit(broken ? 1 : 0);
