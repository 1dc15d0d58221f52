// Without kustomize (or kubectl) on PATH, plain files still validate; a target that needs a build says
// what to install. The built CLI in a process whose PATH holds only Node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, schemaCache } from './helpers.js';

describe('a machine without kustomize', () => {
  it('validates plain files, and refuses an overlay with the tool to install', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-kustomize-'));
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n');
    // A PATH with Node alone (its own directory may hold kubectl too).
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const env = { PATH: bin, HOME: dir, GITOPS_CACHE_DIR: await schemaCache(), NO_COLOR: '1', CI: 'true' };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(repoRoot, 'apps/cli/bin/gitops.mjs'), ...args], {
        cwd: repoRoot,
        env,
        encoding: 'utf8',
      });
    const plain = run('validate', join(dir, 'cm.yaml'), '--offline');
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('OK: 1 resources in 1 render units, 0 errors, 0 warnings');
    expect(plain.stdout).not.toContain('kustomize');
    const overlay = run('validate', 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1', '--offline');
    expect(overlay.status).toBe(2);
    expect(overlay.stderr).toBe(
      'gitops: rendering needs kustomize >= 5: install kustomize, or kubectl (its embedded kustomize is used), and put it on PATH\n',
    );
  });
});
