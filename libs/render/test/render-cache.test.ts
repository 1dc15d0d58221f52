import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKustomize, Renderer } from '../src/index.js';
import { executable, findKustomize, kustomizeEnv } from '../src/kustomize.js';
import { RenderCache, survivesJson } from '../src/render-cache.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** The real kustomize behind a script that counts its runs (in `dir`). */
async function countingKustomize(dir: string) {
  const real = await detectKustomize();
  const log = join(dir, 'runs.log');
  const command = join(dir, 'counting-kustomize');
  writeFileSync(command, `#!/bin/sh\necho run >> ${JSON.stringify(log)}\nexec ${JSON.stringify(real.command)} "$@"\n`, {
    mode: 0o755,
  });
  return {
    tool: { ...real, command },
    runs: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
  };
}

describe('the render cache', () => {
  it('reuses a build across renderers (processes) until a file the overlay reads changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-cache-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    const cacheDir = join(dir, '.cache');
    const overlay = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1');
    const { tool, runs } = await countingKustomize(dir);
    const unit = { kind: 'kustomize' as const, dir: overlay, id: 'u' };
    const first = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
    expect(first.findings).toEqual([]);
    expect(runs()).toBe(1);
    // Another renderer (another process, e.g. the cluster's Nx task) reuses the build...
    const again = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
    expect(runs()).toBe(1);
    expect(again.resources.map((r) => `${r.kind}/${r.name}`)).toEqual(
      first.resources.map((r) => `${r.kind}/${r.name}`),
    );
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

  it('builds an overlay once when renderers of one process ask for it at the same time (an Nx batch)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-cache-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    const { tool, runs } = await countingKustomize(dir);
    const unit = {
      kind: 'kustomize' as const,
      dir: join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1'),
      id: 'u',
    };
    const cacheDir = join(dir, '.cache');
    const [a, b] = await Promise.all([
      new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit),
      new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit),
    ]);
    expect(runs()).toBe(1);
    expect(b.resources.map((r) => r.object)).toEqual(a.resources.map((r) => r.object));
  });

  it('locates findings in a patch as it is now, after an edit between two runs of one process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-cache-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    const tool = await detectKustomize();
    const overlay = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1');
    const unit = { kind: 'kustomize' as const, dir: overlay, id: 'u' };
    const patch = join(overlay, 'patches.yaml');
    const before = readFileSync(patch, 'utf8');
    const where = async () =>
      (await new Renderer(tool, { repoRoot: dir }).render(unit)).resources
        .find((r) => r.kind === 'LLMInferenceService')!
        .source.locate('/metadata/annotations/team');
    writeFileSync(patch, before.replace(/^metadata:\n/m, 'metadata:\n  annotations:\n    team: a\n'));
    const first = await where();
    writeFileSync(
      patch,
      before.replace(/^metadata:\n/m, 'metadata:\n  labels:\n    x: y\n  annotations:\n    team: a\n'),
    );
    const second = await where();
    expect(first.file).toBe(patch);
    expect(second.position!.line).toBe(first.position!.line + 2);
  });

  it('shares an entry between checkouts of the same overlay (the pull request and its base)', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'render-cache-'));
    const { tool, runs } = await countingKustomize(cacheDir);
    const checkouts = [0, 1].map(() => {
      const dir = mkdtempSync(join(tmpdir(), 'checkout-'));
      cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
      return dir;
    });
    const unit = (dir: string) => ({
      kind: 'kustomize' as const,
      dir: join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1'),
      id: 'u',
    });
    const first = await new Renderer(tool, { repoRoot: checkouts[0]!, cacheDir: join(cacheDir, 'render') }).render(
      unit(checkouts[0]!),
    );
    const second = await new Renderer(tool, { repoRoot: checkouts[1]!, cacheDir: join(cacheDir, 'render') }).render(
      unit(checkouts[1]!),
    );
    expect(runs()).toBe(1);
    expect(second.resources.map((r) => r.object)).toEqual(first.resources.map((r) => r.object));
    // Each checkout's resources point into its own files.
    expect(second.resources.find((r) => r.kind === 'LLMInferenceService')!.source.file.startsWith(checkouts[1]!)).toBe(
      true,
    );
  });

  it('reads a kept build back as the renderer made it: same objects, files, positions and findings, with no YAML parsed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-kept-'));
    const base = join(dir, 'base');
    const overlay = join(dir, 'overlay');
    mkdirSync(base);
    mkdirSync(overlay);
    writeFileSync(join(base, 'kustomization.yaml'), 'resources: [deployment.yaml]\n');
    writeFileSync(
      join(base, 'deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.0\n          ports: [{containerPort: 80}]\n        - name: side\n          image: busybox:1.36\n',
    );
    // A prefix, a generated ConfigMap (no declaring file) and a patch that drops a container.
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      'namePrefix: a-\nresources: [../base]\npatches: [{path: patch.yaml}]\nconfigMapGenerator: [{name: cfg, literals: [k=v]}]\n',
    );
    writeFileSync(
      join(overlay, 'patch.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.28.0\n      $patch: replace\n',
    );
    const tool = await detectKustomize();
    const cacheDir = join(dir, '.cache');
    const unit = { kind: 'kustomize' as const, dir: overlay, id: 'u' };
    const seen = (r: Awaited<ReturnType<Renderer['render']>>) => ({
      findings: r.findings,
      patchDrops: r.patchDrops,
      resources: r.resources.map((x) => ({
        ref: `${x.kind}/${x.name}`,
        object: x.object,
        file: x.source.file,
        start: x.source.start,
        at: ['/spec/template/spec/containers/0/image', '/spec/selector', '/data/k', ''].map((p) => x.source.locate(p)),
      })),
    });
    const built = seen(await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit));
    // What the patch removed is a fact of the build, kept with it; the validator judges it (patch-drops-fields).
    expect(built.findings).toEqual([]);
    expect(
      built.patchDrops.map((d) => `${d.patch}:${d.line} ${d.base} ${d.dropped.map((f) => f.pointer).join(',')}`),
    ).toEqual([
      `${join(overlay, 'patch.yaml')}:9 ${join(base, 'deployment.yaml')} ${built.patchDrops[0]?.dropped.map((f) => f.pointer).join(',')}`,
    ]);
    expect(built.patchDrops[0]!.dropped.length).toBeGreaterThan(0);
    expect(built.resources.map((r) => `${r.ref} ${r.file}`)).toEqual([
      `ConfigMap/a-cfg-${(built.resources[0]!.object.metadata as { name: string }).name.split('-').pop()} ${join(overlay, 'kustomization.yaml')}`,
      `Deployment/a-web ${join(base, 'deployment.yaml')}`,
    ]);
    const entry = JSON.parse(readFileSync(join(cacheDir, readdirSync(cacheDir)[0]!), 'utf8')) as {
      resources?: unknown[];
    };
    expect(entry.resources).toHaveLength(2);
    expect(seen(await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit))).toEqual(built);
  });

  it('parses the output again when an entry holds it as text only (objects JSON cannot hold)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-kept-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    const tool = await detectKustomize();
    const cacheDir = join(dir, '.cache');
    const unit = {
      kind: 'kustomize' as const,
      dir: join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1'),
      id: 'u',
    };
    const built = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
    const file = join(cacheDir, readdirSync(cacheDir)[0]!);
    // What kustomize printed, kept as text: read back by parsing it. (Built again, the entry would be
    // rewritten with the objects.)
    writeFileSync(
      file,
      JSON.stringify({ stdout: execFileSync(tool.command, [...tool.args, unit.dir], { encoding: 'utf8' }) }),
    );
    const again = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual(['stdout']);
    expect(again.resources.map((r) => [r.object, r.source.file, r.source.locate('/spec')])).toEqual(
      built.resources.map((r) => [r.object, r.source.file, r.source.locate('/spec')]),
    );
    expect(again.findings).toEqual(built.findings);
  });

  it('tells which objects come back the same from JSON', () => {
    expect(survivesJson({ a: [1, 'x', null, true, { b: 2.5 }] })).toBe(true);
    for (const bad of [Infinity, NaN, -0, new Date(0), undefined, new Uint8Array(1)])
      expect(survivesJson({ a: [bad] })).toBe(false);
  });

  it('keeps entries a run reads, and prunes those no run has read or written for two weeks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-prune-'));
    const cache = new RenderCache(dir);
    cache.set('old', { stdout: 'a: 1\n' });
    cache.set('read', { stdout: 'b: 2\n' });
    const weeksAgo = new Date(Date.now() - 15 * 86_400_000);
    for (const key of ['old', 'read']) utimesSync(join(dir, `${key}.json`), weeksAgo, weeksAgo);
    expect(cache.get('read')).toEqual({ stdout: 'b: 2\n' });
    expect(cache.prune()).toBe(1);
    expect([cache.get('old'), cache.get('read')]).toEqual([undefined, { stdout: 'b: 2\n' }]);
  });

  it('renders a unit once per renderer until it is forgotten, then from the render cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-forget-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    const { tool, runs } = await countingKustomize(dir);
    const unit = {
      kind: 'kustomize' as const,
      dir: join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1'),
      id: 'u',
    };
    const renderer = new Renderer(tool, { repoRoot: dir, cacheDir: join(dir, '.cache') });
    const first = await renderer.render(unit);
    expect(await renderer.render(unit)).toBe(first);
    renderer.forget([unit.id]);
    const again = await renderer.render(unit);
    expect(again).not.toBe(first);
    expect(again.resources.map((r) => r.object)).toEqual(first.resources.map((r) => r.object));
    expect(runs()).toBe(1);
  });
});

describe('kustomize detection', () => {
  /** A kustomize that says its version and counts how often it was asked. */
  const fakeKustomize = (dir: string, version: string) => {
    const log = join(dir, 'asked.log');
    const command = join(dir, 'kustomize');
    writeFileSync(command, `#!/bin/sh\necho asked >> ${JSON.stringify(log)}\necho v${version}\n`, { mode: 0o755 });
    return {
      command,
      asked: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
    };
  };

  it('keeps the version of a binary between runs, and asks again when the binary changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-'));
    const cacheDir = join(dir, 'tools');
    const { command, asked } = fakeKustomize(dir, '5.9.0');
    const saved = process.env.KUSTOMIZE;
    process.env.KUSTOMIZE = command;
    try {
      expect((await findKustomize({ cacheDir })).version).toBe('5.9.0');
      expect((await findKustomize({ cacheDir })).version).toBe('5.9.0');
      expect(asked()).toBe(1);
      fakeKustomize(dir, '5.10.0'); // replaced in place: another size
      expect(await findKustomize({ cacheDir })).toMatchObject({
        command,
        args: ['build'],
        version: '5.10.0',
        via: 'kustomize',
      });
      expect(asked()).toBe(2);
      await findKustomize();
      expect(asked()).toBe(3); // without a cache folder, it asks every time
    } finally {
      if (saved === undefined) delete process.env.KUSTOMIZE;
      else process.env.KUSTOMIZE = saved;
    }
  });

  it('finds executables on PATH as the system does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-'));
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir, 'not-executable'), '', { mode: 0o644 });
    const saved = process.env.PATH;
    process.env.PATH = `/nonexistent:${dir}`;
    try {
      expect(executable('tool')?.path).toBe(join(dir, 'tool'));
      expect(executable('not-executable')).toBeUndefined();
      expect(executable('missing')).toBeUndefined();
      expect(executable(join(dir, 'tool'))?.path).toBe(join(dir, 'tool'));
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('the environment of kustomize builds', () => {
  it("turns Go's collector off up to a heap limit, unless the caller's environment sets it", () => {
    expect(kustomizeEnv({ PATH: '/bin' })).toEqual({
      PATH: '/bin',
      KUSTOMIZE_ENABLE_ALPHA_COMMANDS: 'false',
      GOGC: 'off',
      GOMEMLIMIT: '512MiB',
    });
    expect(kustomizeEnv({ GOGC: '100' })).toEqual({ GOGC: '100', KUSTOMIZE_ENABLE_ALPHA_COMMANDS: 'false' });
    expect(kustomizeEnv({ GOMEMLIMIT: '2GiB' })).toEqual({
      GOMEMLIMIT: '2GiB',
      KUSTOMIZE_ENABLE_ALPHA_COMMANDS: 'false',
    });
    // The Argo CD plugin's builds keep the collector (a sidecar's memory is tight).
    expect(kustomizeEnv({ PATH: '/bin' }, { gc: false })).toEqual({
      PATH: '/bin',
      KUSTOMIZE_ENABLE_ALPHA_COMMANDS: 'false',
    });
  });
});
