import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops } from './helpers.js';

/** A cache folder with a file in render/ (2 kB), plans/ and schemas/. */
function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-cache-cmd-'));
  for (const [folder, bytes] of [
    ['render', 2048],
    ['plans', 10],
    ['schemas', 5],
  ] as const) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, 'entry'), 'x'.repeat(bytes));
  }
  return dir;
}

describe('gitops cache', () => {
  it('says where the cache is and what each folder holds', async () => {
    const dir = cacheDir();
    const { code, stdout, stderr } = await gitops(['cache'], undefined, { GITOPS_CACHE_DIR: dir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^cache: .*gitops-cache-cmd-\w+ \(GITOPS_CACHE_DIR\)$/);
    expect(lines.find((l) => l.trimStart().startsWith('render'))).toMatch(
      /^  render\s+1 file\s+2 kB  kustomize builds$/,
    );
    expect(lines.find((l) => l.trimStart().startsWith('cel'))).toMatch(
      /^  cel\s+empty\s+parsed CEL rules of each CRD$/,
    );
  });

  it('removes the derived folders, and schemas/ only with --all or by name', async () => {
    const dir = cacheDir();
    const first = await gitops(['cache', 'clean'], undefined, { GITOPS_CACHE_DIR: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^gitops cache clean: removed compiled, render, checks, plans, cel, tools, graph from .* \(2 files, 2 kB\)\n$/,
    );
    expect([existsSync(join(dir, 'render')), existsSync(join(dir, 'plans')), existsSync(join(dir, 'schemas'))]).toEqual(
      [false, false, true],
    );
    expect((await gitops(['cache', 'clean', 'schemas'], undefined, { GITOPS_CACHE_DIR: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'schemas'))).toBe(false);
    const all = cacheDir();
    await gitops(['cache', 'clean', '--all'], undefined, { GITOPS_CACHE_DIR: all });
    expect(existsSync(join(all, 'schemas'))).toBe(false);
  });

  it('refuses a folder it does not know, and removes nothing', async () => {
    const dir = cacheDir();
    const { code, stdout, stderr } = await gitops(['cache', 'clean', 'render', 'renders'], undefined, {
      GITOPS_CACHE_DIR: dir,
    });
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'gitops: cache clean: no cache folder "renders" (folders: schemas, compiled, render, checks, plans, cel, tools, graph)\n',
    });
    expect(existsSync(join(dir, 'render'))).toBe(true);
  });
});
