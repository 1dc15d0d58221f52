import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { syntheticStream } from '../src/synthetic-stream.js';

describe('synthetic stream', () => {
  it('makes K resources of the repository\'s kinds, every tenth one invalid', () => {
    const { resources, findings } = parseManifests(syntheticStream({ count: 70 }), { file: '/s.yaml' });
    expect(findings).toEqual([]);
    expect(resources).toHaveLength(70);
    expect(new Set(resources.map((r) => r.kind))).toEqual(new Set(['Deployment', 'Service', 'NetworkPolicy', 'LLMInferenceService', 'InferencePool', 'HTTPRoute', 'Application']));
  });
});
