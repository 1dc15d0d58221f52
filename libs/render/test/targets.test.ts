import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseTarget, shadowNote, writtenAsPath } from '../src/index.js';

describe('TARGET resolution', () => {
  it('treats ./x, ../x, x/y, x/, absolute paths and file names as paths, bare words as names', () => {
    for (const t of [
      './gke-native-dev',
      '../gke-native-dev',
      'overlays/gke-native-dev',
      'gke-native-dev/',
      '/abs/gke-native-dev',
      'gke-native-dev.yaml',
      'a.yml',
      'a.json',
      '.',
      '..',
    ])
      expect(writtenAsPath(t), t).toBe(true);
    for (const t of ['gke-native-dev', 'prod', 'a.txt']) expect(writtenAsPath(t), t).toBe(false);
  });

  it('takes the cluster for a bare cluster name from any folder, reporting a same-named path it did not take', () => {
    const repoRoot = mkdtempSync(join(tmpdir(), 'targets-'));
    mkdirSync(join(repoRoot, 'clusters/c1'), { recursive: true });
    writeFileSync(join(repoRoot, 'clusters/c1/cluster.yaml'), 'name: c1\n');
    const sub = join(repoRoot, 'overlays/endpoints');
    mkdirSync(join(sub, 'c1'), { recursive: true });
    writeFileSync(join(sub, 'other'), '');
    expect(chooseTarget('c1', { cwd: repoRoot, repoRoot })).toEqual({ kind: 'cluster', name: 'c1' });
    expect(chooseTarget('c1', { cwd: join(repoRoot, 'clusters'), repoRoot })).toEqual({ kind: 'cluster', name: 'c1' });
    expect(chooseTarget('c1', { cwd: sub, repoRoot })).toEqual({
      kind: 'cluster',
      name: 'c1',
      shadowed: { path: join(sub, 'c1'), directory: true },
    });
    expect(chooseTarget('./c1', { cwd: sub, repoRoot })).toEqual({ kind: 'path', path: join(sub, 'c1') });
    expect(chooseTarget('c1/', { cwd: sub, repoRoot })).toEqual({ kind: 'path', path: join(sub, 'c1') });
    expect(chooseTarget('other', { cwd: sub, repoRoot })).toEqual({ kind: 'path', path: join(sub, 'other') });
    expect(chooseTarget('nothing', { cwd: sub, repoRoot })).toEqual({ kind: 'missing' });
    expect(chooseTarget('-', { cwd: sub, repoRoot })).toEqual({ kind: 'stdin' });
    expect(shadowNote('c1', { directory: true })).toBe(
      'note: "c1" names the cluster clusters/c1 and the directory ./c1; taking the cluster (write ./c1 for the directory)',
    );
    expect(shadowNote('c1', { directory: false })).toBe(
      'note: "c1" names the cluster clusters/c1 and the file ./c1; taking the cluster (write ./c1 for the file)',
    );
  });
});
