import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kustomizationDeps, readKustomization } from '../src/kustomization.js';

describe('reading kustomizations', () => {
  it('reads a kustomization edited during the process as it is now (parsed files are reused only while their text is the same)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kustomization-'));
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    for (const d of ['a', 'b']) writeFileSync(join(dir, d, 'kustomization.yaml'), 'resources: []\n');
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [a]\n');
    expect(kustomizationDeps(dir, { root: dir }).dirs).toEqual([join(dir, 'a')]);
    expect(readKustomization(dir)?.data).toEqual({ resources: ['a'] });
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [b]\n');
    expect(kustomizationDeps(dir, { root: dir }).dirs).toEqual([join(dir, 'b')]);
    expect(readKustomization(dir)?.data).toEqual({ resources: ['b'] });
  });
});
