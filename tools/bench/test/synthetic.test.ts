import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { syntheticStream } from '../src/synthetic-stream.js';
import { buildSyntheticRepo, editOneOverlay, oneEndpointOverlay, SYNTHETIC_REPO_URL } from '../src/synthetic-repo.js';
import { kustomizeUnits } from '../src/render-floor.js';

describe('synthetic stream', () => {
  it("makes K resources of the repository's kinds, every tenth one invalid", () => {
    const { resources, findings } = parseManifests(syntheticStream({ count: 70 }), { file: '/s.yaml' });
    expect(findings).toEqual([]);
    expect(resources).toHaveLength(70);
    expect(new Set(resources.map((r) => r.kind))).toEqual(
      new Set([
        'Deployment',
        'Service',
        'NetworkPolicy',
        'LLMInferenceService',
        'InferencePool',
        'HTTPRoute',
        'Application',
      ]),
    );
  });
});

describe('synthetic repository', () => {
  it('has the render units an Argo CD tree reaches, and a one-overlay edit that can be undone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      await buildSyntheticRepo(dir, {
        clusters: 1,
        endpoints: 2,
        repoRoot: resolve(new URL('../../..', import.meta.url).pathname),
      });
      const units = kustomizeUnits(dir, SYNTHETIC_REPO_URL).map((u) => relative(dir, u));
      expect(units).toEqual(
        expect.arrayContaining([
          'clusters/bench-0/argocd/apps',
          'overlays/endpoints/bench-0/model-0',
          'overlays/endpoints/bench-0/model-1',
        ]),
      );
      expect(units.filter((u) => u.startsWith('overlays/components/'))).toEqual([]);

      const patches = join(oneEndpointOverlay(dir), 'patches.yaml');
      const before = readFileSync(patches, 'utf8');
      const undo = editOneOverlay(dir);
      expect(readFileSync(patches, 'utf8')).toContain('bench.example.com/edited');
      undo();
      expect(readFileSync(patches, 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
