import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './types.js';
import { atProcessEnd } from './process-end.js';

/** The commit a ref names; a UsageError when it names none. */
export function commitOf(repoRoot: string, ref: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], {
      cwd: repoRoot,
      stdio: 'pipe',
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new UsageError(`"${ref}" is not a commit of this repository (git rev-parse failed)`);
  }
}

/** Runs `work` on a detached git worktree of `ref`, always removed afterwards. */
export async function withWorktree<T>(repoRoot: string, ref: string, work: (dir: string) => Promise<T>): Promise<T> {
  commitOf(repoRoot, ref);
  const dir = join(mkdtempSync(join(tmpdir(), 'gitops-diff-')), 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: repoRoot, stdio: 'pipe' });
  try {
    return await work(dir);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: repoRoot, stdio: 'pipe' });
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

/** Worktrees this process shares, by repository and commit; removed when the process ends. */
const shared = new Map<string, { repoRoot: string; dir: string }>();

/**
 * A detached worktree of `ref` for the rest of the process: the tasks of an Nx batch that all validate
 * against the pull request's base check it out once, not once each. Removed when the process ends
 * (atProcessEnd).
 */
export function sharedWorktree(repoRoot: string, ref: string): string {
  const key = `${repoRoot}\0${commitOf(repoRoot, ref)}`;
  let entry = shared.get(key);
  if (!entry) {
    const dir = join(mkdtempSync(join(tmpdir(), 'gitops-base-')), 'tree');
    execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: repoRoot, stdio: 'pipe' });
    entry = { repoRoot, dir };
    shared.set(key, entry);
    atProcessEnd(() => removeWorktree(key));
  }
  return entry.dir;
}

function removeWorktree(key: string): void {
  const entry = shared.get(key);
  if (!entry) return;
  shared.delete(key);
  try {
    execFileSync('git', ['worktree', 'remove', '--force', entry.dir], { cwd: entry.repoRoot, stdio: 'pipe' });
  } catch {
    // already gone; `git worktree prune` forgets it
  }
  rmSync(join(entry.dir, '..'), { recursive: true, force: true });
}
