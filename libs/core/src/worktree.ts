import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './types.js';

/** Runs `work` on a detached git worktree of `ref`, always removed afterwards. */
export async function withWorktree<T>(repoRoot: string, ref: string, work: (dir: string) => Promise<T>): Promise<T> {
  try {
    execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repoRoot, stdio: 'pipe' });
  } catch {
    throw new UsageError(`"${ref}" is not a commit of this repository (git rev-parse failed)`);
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'gitops-diff-')), 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: repoRoot, stdio: 'pipe' });
  try {
    return await work(dir);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: repoRoot, stdio: 'pipe' });
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}
