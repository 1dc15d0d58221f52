import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { itWith, upstreamFiles } from '@inference-gitops/core/testing';
import { compilePresets, presetReleases, presetsFile, type PresetLockEntry } from '../src/model/presets/compile.js';
import { effectiveSpec, presetsFor } from '../src/model/presets/effective.js';
import { strategicMerge } from '../src/model/presets/merge.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const upstream = upstreamFiles();
const entries = (
  parse(readFileSync(join(repoRoot, 'schemas/lock.yaml'), 'utf8')).files as Array<PresetLockEntry & { type: string }>
).filter((e) => e.type === 'preset');

describe('KServe presets', () => {
  itWith(
    upstream,
    'are committed exactly as the pinned upstream files compile, one file per release (npm run presets -- --mirror ../shared/upstream)',
    () => {
      const releases = presetReleases(entries);
      expect([...releases].map(([r, group]) => [r, group.length])).toEqual([
        ['odh-v3.4-EA1', 8],
        ['v0.20.0', 10],
      ]);
      for (const [release, group] of releases) {
        const compiled = compilePresets(group, (e) => readFileSync(join(upstream.path, e.path)));
        expect(JSON.parse(readFileSync(join(repoRoot, presetsFile(release)), 'utf8'))).toEqual(compiled);
      }
    },
  );

  it('refuses a preset whose bytes differ from the pinned sha256', () => {
    expect(() =>
      compilePresets(entries.slice(0, 1), () => new TextEncoder().encode('kind: LLMInferenceServiceConfig\n')),
    ).toThrow(`${entries[0]!.path}: sha256`);
  });

  it('merge keyed lists by key, keep the service order first, replace unkeyed lists, delete on null', () => {
    const base = {
      containers: [
        { name: 'main', image: 'gpu', args: ['a', 'b'] },
        { name: 'side', image: 's' },
      ],
      tolerations: [{ key: 'x' }],
      x: 1,
    };
    const patch = {
      containers: [
        { name: 'extra', image: 'e' },
        { name: 'main', args: ['c'] },
      ],
      tolerations: [{ key: 'y' }],
      x: null,
    };
    expect(strategicMerge(base, patch)).toEqual({
      containers: [
        { name: 'extra', image: 'e' },
        { name: 'main', image: 'gpu', args: ['c'] },
        { name: 'side', image: 's' },
      ],
      tolerations: [{ key: 'y' }],
    });
  });

  it("model what KServe runs: a service without image, args or probes gets the preset's CUDA image, TLS args and HTTPS probes", () => {
    const text =
      'apiVersion: serving.kserve.io/v1alpha1\nkind: LLMInferenceService\nmetadata: {name: m, namespace: ns}\nspec:\n  model: {uri: "hf://a/b", name: a/b}\n  router: {scheduler: {}, route: {}, gateway: {}}\n  template:\n    containers: [{name: main, resources: {limits: {memory: 1Gi}}}]\n';
    const service = parseManifests(text, { file: '/m.yaml' }).resources[0]!;
    expect(presetsFor(service.object.spec as Record<string, unknown>)).toEqual([
      'kserve-config-llm-template',
      'kserve-config-llm-scheduler',
      'kserve-config-llm-router-route',
    ]);
    const { spec } = effectiveSpec(service);
    const main = (spec.template as { containers: Array<Record<string, any>> }).containers[0]!;
    expect(main.image).toBe('ghcr.io/llm-d/llm-d-dev:v0.2.2');
    expect(main.args[0]).toContain('--ssl-certfile /var/run/kserve/tls/tls.crt');
    expect(main.args[0]).toContain('--served-model-name "a/b"');
    expect(main.readinessProbe.httpGet.scheme).toBe('HTTPS');
    expect(main.resources).toEqual({ limits: { memory: '1Gi' } });
    const rules = (spec.router as any).route.http.spec.rules;
    expect(rules[0].backendRefs[0]).toEqual({
      group: 'inference.networking.x-k8s.io',
      kind: 'InferencePool',
      name: 'm-inference-pool',
      port: 8000,
      weight: 1,
    });
    expect(rules[0].matches[0].path.value).toBe('/ns/m/v1/completions');
    expect((spec.router as any).scheduler.pool.spec.extensionRef.name).toBe('m-epp-service');
  });

  it('model what community KServe v0.20.0 runs for the same service: its image, plain HTTP (TLS off by default), the script in command, the v1 pool', () => {
    const text =
      'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata: {name: m, namespace: ns}\nspec:\n  model: {uri: "hf://a/b", name: a/b}\n  router: {scheduler: {}, route: {}, gateway: {}}\n  template:\n    containers: [{name: main, resources: {limits: {memory: 1Gi}}}]\n';
    const service = parseManifests(text, { file: '/m.yaml' }).resources[0]!;
    const { spec, bases } = effectiveSpec(service, [], 'v0.20.0');
    expect(bases).toEqual([
      'kserve-config-llm-template',
      'kserve-config-llm-scheduler',
      'kserve-config-llm-router-route',
    ]);
    const main = (spec.template as { containers: Array<Record<string, any>> }).containers[0]!;
    expect(main.image).toBe('ghcr.io/llm-d/llm-d-cuda:v0.8.0');
    expect(main.args).toBeUndefined();
    const script = main.command[2] as string;
    expect(script).toContain('exec vllm serve /mnt/models');
    expect(script).not.toContain('--ssl-certfile');
    expect(script).not.toContain('GlobalConfig');
    expect([
      main.readinessProbe.httpGet.scheme,
      main.livenessProbe.httpGet.scheme,
      main.startupProbe.httpGet.scheme,
    ]).toEqual(['HTTP', 'HTTP', 'HTTP']);
    const rules = (spec.router as any).route.http.spec.rules;
    expect(rules.some((r: any) => r.backendRefs?.[0]?.group === 'inference.networking.k8s.io')).toBe(true);
    expect(JSON.stringify(rules)).toContain('X-Gateway-Model-Name');
  });
});
