import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterSpec } from '@inference-gitops/cluster-spec';
import { GeneratedTree } from '../src/generated.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const CLUSTER = 'gke-native-dev';

async function tree(cacheDir: string, buildId: string): Promise<GeneratedTree> {
  const { spec } = await loadClusterSpec(join(repoRoot, 'clusters', CLUSTER, 'cluster.yaml'));
  const t = new GeneratedTree(repoRoot, { cacheDir, buildId });
  t.add(CLUSTER, spec!);
  return t;
}

describe("the generator's plans, kept between runs", () => {
  it('are written once per spec and code, and read back instead of planning again', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'plans-'));
    expect(await (await tree(cacheDir, 'build-a')).drift(CLUSTER, repoRoot)).toEqual([]);
    const entries = readdirSync(cacheDir);
    expect(entries.length).toBe(2); // the cluster's plan and the shared bases
    // Plant a different content for one planned file: a run of the same code reads the plan from the cache
    // (and so reports the committed file as drifted), a run of other code plans again.
    for (const name of entries) {
      const file = join(cacheDir, name);
      const files = JSON.parse(readFileSync(file, 'utf8')) as Array<{ path: string; content: string; owner: string }>;
      const target = files.find((f) => f.owner === 'generated' && f.path.endsWith('/networkpolicies.yaml'));
      if (!target) continue;
      target.content = target.content.replace('130.211.0.0/22', '10.0.0.0/8');
      writeFileSync(file, JSON.stringify(files));
    }
    const fromCache = await (await tree(cacheDir, 'build-a')).drift(CLUSTER, repoRoot);
    expect(fromCache.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /networkpolicies\.yaml is out of date with clusters\/gke-native-dev\/cluster\.yaml: .* the file has "130\.211\.0\.0\/22", the spec gives "10\.0\.0\.0\/8"/,
      ),
    ]);
    expect(await (await tree(cacheDir, 'build-b')).drift(CLUSTER, repoRoot)).toEqual([]);
  });

  it('plan again over a damaged entry', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'plans-'));
    await (await tree(cacheDir, 'build-a')).drift(CLUSTER, repoRoot);
    for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), '{"truncated');
    expect(await (await tree(cacheDir, 'build-a')).drift(CLUSTER, repoRoot)).toEqual([]);
  });

  it('are not kept without a build id (running from sources)', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'plans-'));
    const { spec } = await loadClusterSpec(join(repoRoot, 'clusters', CLUSTER, 'cluster.yaml'));
    const t = new GeneratedTree(repoRoot, { cacheDir });
    t.add(CLUSTER, spec!);
    expect(await t.drift(CLUSTER, repoRoot)).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
