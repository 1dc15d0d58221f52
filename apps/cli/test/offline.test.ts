// A fresh clone validates with no network, no schema cache and no ../shared beside it: the pinned
// schemas are committed in compact form (schemas/pinned).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

describe('a fresh clone', () => {
  it('validates every cluster offline, with an empty cache and no ../shared', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fresh-'));
    const clone = join(parent, 'main');
    execFileSync('git', ['clone', '-q', '--local', repoRoot, clone]);
    expect(existsSync(join(parent, 'shared'))).toBe(false);
    // What `npm ci` would install and build, taken from this checkout (the network is not needed for it here).
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
    cpSync(join(repoRoot, 'apps/cli/dist'), join(clone, 'apps/cli/dist'), { recursive: true });
    const env = { ...process.env, GITOPS_CACHE_DIR: '', NO_COLOR: '1', CI: 'true' };
    delete (env as Record<string, string | undefined>).GITOPS_CACHE_DIR;
    const out = execFileSync('node', ['apps/cli/bin/gitops.mjs', 'validate', '--offline'], {
      cwd: clone,
      env,
      encoding: 'utf8',
    });
    expect(out).toMatch(/OK: \d+ resources in \d+ render units, 0 errors/);
    expect(existsSync(join(clone, '.gitops-cache', 'schemas'))).toBe(false);
  });
});
