import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Renderer } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('declaredKinds', () => {
  it("lists the kinds an overlay's own resource files declare, before any build", () => {
    const renderer = new Renderer(() => Promise.reject(new Error('no build is needed')), { repoRoot });
    const kinds = renderer.declaredKinds([
      { kind: 'kustomize', dir: resolve(repoRoot, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1'), id: 'u' },
      { kind: 'file', file: resolve(repoRoot, 'clusters/gke-native-dev/cluster.yaml'), id: 'f' },
    ]);
    const names = kinds.map((k) => `${k.apiVersion} ${k.kind}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'serving.kserve.io/v1alpha1 LLMInferenceService',
        'networking.k8s.io/v1 NetworkPolicy',
        'batch/v1 Job',
        'networking.gke.io/v1 HealthCheckPolicy',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names.some((n) => n.endsWith(' Kustomization'))).toBe(false);
  });
});
