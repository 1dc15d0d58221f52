import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository root for a working directory: the nearest ancestor holding `nx.json` or
 * `.gitops.yaml` (the GitOps repository's markers), else the directory itself.
 * GITOPS_REPO_ROOT overrides it (used by the Argo CD plugin, whose cwd is the source path).
 */
export function findRepoRoot(cwd: string): string {
  const fromEnv = process.env.GITOPS_REPO_ROOT;
  if (fromEnv) return resolve(fromEnv);
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, 'nx.json')) || existsSync(join(dir, '.gitops.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}
