import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKustomize, Renderer } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('the render cache', () => {
  it('reuses a build across renderers (processes) until a file the overlay reads changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-cache-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    const cacheDir = join(dir, '.cache');
    const overlay = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1');
    const real = await detectKustomize();
    // The real kustomize behind a script that counts its runs.
    const log = join(dir, 'runs.log');
    const counting = join(dir, 'counting-kustomize');
    writeFileSync(counting, `#!/bin/sh\necho run >> ${JSON.stringify(log)}\nexec ${JSON.stringify(real.command)} "$@"\n`, { mode: 0o755 });
    const tool = { ...real, command: counting };
    const runs = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    const unit = { kind: 'kustomize' as const, dir: overlay, id: 'u' };
    const first = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
    expect(first.findings).toEqual([]);
    expect(runs()).toBe(1);
    // Another renderer (another process, e.g. the cluster's Nx task) reuses the build...
    const again = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
    expect(runs()).toBe(1);
    expect(again.resources.map((r) => `${r.kind}/${r.name}`)).toEqual(first.resources.map((r) => `${r.kind}/${r.name}`));
    // ...and source locations still name the files a person edits.
    const svc = again.resources.find((r) => r.kind === 'LLMInferenceService')!;
    expect(svc.source.locate('/spec/replicas').file).toBe(join(overlay, 'llminferenceservice.yaml'));
    // A change to the merge-keys component (reached through components and openapi) is a miss.
    const openapi = join(dir, 'overlays/components/kserve-merge-keys/openapi.yaml');
    writeFileSync(openapi, readFileSync(openapi, 'utf8') + '\n');
    const miss = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
    expect(runs()).toBe(2);
    expect(miss.resources.length).toBe(first.resources.length);
  });
});
