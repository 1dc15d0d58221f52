import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { describeWith, seedManifests } from '@inference-gitops/core/testing';
import { crdVersions, readLock, SchemaCatalog, syncSchemas } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
// An empty cache: the committed schemas/pinned serve every pinned kind.
const cacheDir = mkdtempSync(join(tmpdir(), 'schema-cache-'));
const catalog = await SchemaCatalog.open({ repoRoot, cacheDir, sync: 'never' });
const seed = seedManifests();

describe('schema sync', () => {
  it('refuses a mirror file whose bytes do not match the lock', async () => {
    // A mirror laid out as the lock is, every file of it tampered with: the first entry is refused.
    const mirror = mkdtempSync(join(tmpdir(), 'mirror-'));
    for (const entry of readLock(repoRoot)) {
      mkdirSync(dirname(join(mirror, entry.path)), { recursive: true });
      writeFileSync(join(mirror, entry.path), '# tampered\n');
    }
    const first = readLock(repoRoot)[0]!.path;
    const error = await syncSchemas({ repoRoot, cacheDir: mkdtempSync(join(tmpdir(), 'c-')), mirror }).catch(
      (e: Error) => e,
    );
    expect(String((error as Error).message)).toBe(
      `${first}: sha256 ${createHash('sha256').update('# tampered\n').digest('hex')} does not match the pinned ${readLock(repoRoot)[0]!.sha256} in schemas/lock.yaml; refusing it`,
    );
  });

  it('needs no cache for the pinned schemas: they are committed (schemas/pinned)', async () => {
    const empty = await SchemaCatalog.open({
      repoRoot,
      cacheDir: mkdtempSync(join(tmpdir(), 'empty-')),
      sync: 'never',
    });
    expect(empty.has('serving.kserve.io/v1alpha1', 'LLMInferenceService')).toBe(true);
  });

  it('says which command to run when offline and a pinned CRD without a committed form is not cached', async () => {
    const root = mkdtempSync(join(tmpdir(), 'own-lock-'));
    mkdirSync(join(root, 'schemas'));
    writeFileSync(
      join(root, 'schemas/lock.yaml'),
      'version: 1\nfiles:\n  - path: mine/widgets.yaml\n    url: https://example.com/widgets.yaml\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n    type: crd\n',
    );
    await expect(
      SchemaCatalog.open({ repoRoot: root, cacheDir: mkdtempSync(join(tmpdir(), 'empty-')), sync: 'never' }),
    ).rejects.toThrow(
      'the schema cache lacks 1 pinned file(s) (mine/widgets.yaml); run `gitops schemas sync` (online) or `gitops schemas sync --mirror <dir>` (offline)',
    );
  });
});

describe('CRD conversion', () => {
  const crd = (schema: Record<string, unknown>) => ({
    spec: {
      group: 'example.com',
      names: { kind: 'Widget' },
      versions: [
        { name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: schema } } } },
      ],
    },
  });
  const check = (schema: Record<string, unknown>, spec: unknown) => {
    const c = SchemaCatalog.open({ repoRoot, cacheDir, sync: 'never' });
    return c.then((cat) => {
      cat.addCrds([crd(schema)]);
      return cat.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
    });
  };

  it('is strict, except under x-kubernetes-preserve-unknown-fields', async () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'string' },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { b: { type: 'object', properties: { c: { type: 'string' } } } },
        },
      },
    };
    expect(await check(schema, { a: 'x', free: { anything: 1, b: { extra: true } } })).toEqual([]);
    expect(await check(schema, { a: 'x', z: 1 })).toEqual([
      expect.objectContaining({ rule: 'schema', path: '/spec/z', message: 'unknown field "z" in /spec' }),
    ]);
  });

  it('accepts int-or-string and nullable, and checks quantities', async () => {
    const schema = {
      type: 'object',
      properties: {
        port: { 'x-kubernetes-int-or-string': true },
        n: { type: 'string', nullable: true },
        q: { type: 'string', format: 'quantity' },
      },
    };
    expect(await check(schema, { port: 'http', n: null, q: '500m' })).toEqual([]);
    expect(await check(schema, { port: 80, q: '4Gi' })).toEqual([]);
    expect(await check(schema, { port: true })).toEqual([
      expect.objectContaining({ path: '/spec/port', message: '/spec/port has the wrong type: boolean true' }),
    ]);
    expect(await check(schema, { q: 'lots' })).toEqual([
      expect.objectContaining({ path: '/spec/q', message: '/spec/q "lots" is not a valid quantity' }),
    ]);
  });

  it('drops Go patterns JavaScript cannot compile and counts CEL rules', () => {
    const stats = { celRules: 0, droppedPatterns: 0 };
    const [v] = crdVersions(
      crd({ type: 'string', pattern: '^(?i)abc$', 'x-kubernetes-validations': [{ rule: 'self != ""' }] }),
      stats,
    );
    expect(stats).toEqual({ celRules: 1, droppedPatterns: 1 });
    expect(JSON.stringify(v!.schema)).not.toContain('(?i)');
  });

  it('knows every pinned kind', () => {
    for (const [apiVersion, kind] of [
      ['serving.kserve.io/v1alpha1', 'LLMInferenceService'],
      ['serving.kserve.io/v1alpha1', 'LLMInferenceServiceConfig'],
      ['inference.networking.k8s.io/v1', 'InferencePool'],
      ['inference.networking.x-k8s.io/v1alpha2', 'InferencePool'],
      ['inference.networking.x-k8s.io/v1alpha2', 'InferenceModel'],
      ['inference.networking.x-k8s.io/v1alpha2', 'InferenceObjective'],
      ['leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet'],
      ['argoproj.io/v1alpha1', 'Application'],
      ['argoproj.io/v1alpha1', 'AppProject'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
      ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant'],
      ['networking.gke.io/v1', 'HealthCheckPolicy'],
    ]) {
      expect(catalog.has(apiVersion!, kind!), `${apiVersion} ${kind}`).toBe(true);
    }
  });

  it('reports a kind without schema', async () => {
    expect(await catalog.validate({ apiVersion: 'example.com/v9', kind: 'Nothing', metadata: { name: 'n' } })).toEqual([
      expect.objectContaining({ rule: 'schema-missing', message: 'no schema for Nothing in example.com/v9' }),
    ]);
  });
});

describeWith(seed, 'the seed repository', () => {
  it('every real manifest whose kind has a schema validates with no schema error', async () => {
    const root = seed.path;
    const files: string[] = [];
    const walk = (d: string) =>
      readdirSync(d).forEach((e) =>
        statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : /\.ya?ml$/.test(e) && files.push(join(d, e)),
      );
    walk(root);
    let checked = 0;
    const errors: string[] = [];
    for (const file of files) {
      const { resources } = parseManifests(readFileSync(file, 'utf8'), { file });
      for (const r of resources) {
        if (!catalog.has(r.apiVersion, r.kind)) continue;
        checked++;
        for (const f of await catalog.validate(r.object))
          errors.push(`${file.slice(root.length)} ${r.kind}/${r.name} ${f.path} ${f.message}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(errors).toEqual([]);
  });
});

describe('schema locations', () => {
  it('reads exported schemas back through a kubeconform-style path template', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const { files } = await catalog.export(dir);
    expect(files).toBeGreaterThan(20);
    expect(readdirSync(join(dir, 'serving.kserve.io'))).toContain('llminferenceservice_v1alpha1.json');
    expect(readdirSync(join(dir, 'core'))).toContain('configmap_v1.json');
    const widget = {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: { type: 'object', properties: { size: { type: 'integer' } }, additionalProperties: false },
      },
    };
    writeFileSync(join(dir, 'widget.json'), JSON.stringify(widget));
    cpSync(join(dir, 'widget.json'), join(dir, 'example.com-widget-v1.json'));
    const withTemplate = await SchemaCatalog.open({
      repoRoot,
      cacheDir,
      sync: 'never',
      schemaLocations: [`${dir}/{{.Group}}-{{.ResourceKind}}-{{.ResourceAPIVersion}}.json`],
    });
    expect(
      await withTemplate.validate({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { size: 'big' },
      }),
    ).toEqual([expect.objectContaining({ rule: 'schema', path: '/spec/size' })]);
  });
});

describe('versions a pinned CRD does not serve', () => {
  const es = (apiVersion: string) => ({
    apiVersion,
    kind: 'ExternalSecret',
    metadata: { name: 'hf-token', namespace: 'x' },
    spec: {
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'store' },
      target: { name: 'hf-token' },
      data: [{ secretKey: 'HF_TOKEN', remoteRef: { key: 'hf' } }],
    },
  });

  it('refuses external-secrets.io/v1beta1 (served: false since external-secrets v0.17), although a model of it exists', async () => {
    expect(await catalog.validate(es('external-secrets.io/v1beta1'))).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        path: '/apiVersion',
        message:
          'external-secrets.io/v1beta1 ExternalSecret is not served by the pinned CRD (served: external-secrets.io/v1); the API server refuses it',
        hint: 'Use apiVersion external-secrets.io/v1; the CRD is externalsecrets.external-secrets.io.',
      },
    ]);
  });

  it('accepts the served version', async () => {
    expect(await catalog.validate(es('external-secrets.io/v1'))).toEqual([]);
  });

  it('validates the sail-operator Istio against its pinned CRD', async () => {
    expect(
      await catalog.validate({
        apiVersion: 'sailoperator.io/v1',
        kind: 'Istio',
        metadata: { name: 'default' },
        spec: { version: 'v1.27.3', namespace: 'istio-system', valuez: {} },
      }),
    ).toEqual([
      expect.objectContaining({ rule: 'schema', path: '/spec/valuez', message: 'unknown field "valuez" in /spec' }),
    ]);
  });
});

describe('the CEL engine, loaded on demand', () => {
  it('evaluates the CEL rules of a custom resource on its first check, with nothing asked of the caller', async () => {
    const fresh = await SchemaCatalog.open({
      repoRoot,
      cacheDir: mkdtempSync(join(tmpdir(), 'fresh-cel-')),
      sync: 'never',
    });
    const pool = {
      apiVersion: 'inference.networking.k8s.io/v1',
      kind: 'InferencePool',
      metadata: { name: 'p' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        targetPorts: [{ number: 8000 }, { number: 8000 }],
        endpointPickerRef: { name: 'epp', port: { number: 9002 } },
      },
    };
    expect(await fresh.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toEqual([]);
    expect((await fresh.validate(pool)).map((f) => `${f.rule} ${f.path} ${f.message}`)).toEqual([
      'cel /spec/targetPorts port number must be unique',
    ]);
  });
});

describe('prefetch (validators loaded while kustomize builds)', () => {
  it('loads the validators of the kinds named, skips kinds it does not know, and changes no finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prefetch-'));
    const fresh = await SchemaCatalog.open({ repoRoot, cacheDir: dir, sync: 'never' });
    await fresh.prefetch([
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
      { apiVersion: 'example.com/v1', kind: 'Widget' },
      { apiVersion: 'v1', kind: 'ConfigMap' },
    ]);
    // The HTTPRoute's validator was compiled into the cache by the prefetch, before any validate().
    expect(readdirSync(join(dir, 'compiled')).some((f) => f.endsWith('.cjs'))).toBe(true);
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'n' },
      spec: {
        parentRefs: [{ name: 'g' }],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'no-slash' } }] }],
      },
    };
    expect(await fresh.validate(route)).toEqual(await catalog.validate(route));
    expect((await fresh.validate(route)).map((f) => f.rule)).toContain('cel');
  });
});

describe('a CRD of the rendered tree that replaces a schema already used', () => {
  const crd = (rule: string) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { a: { type: 'integer' } },
                  'x-kubernetes-validations': [{ rule, message: `must hold: ${rule}` }],
                },
              },
            },
          },
        },
      ],
    },
  });
  it('checks later objects with its own CEL rules, not those of the schema it replaced', async () => {
    const c = await SchemaCatalog.open({ repoRoot, cacheDir, sync: 'never' });
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'n' },
      spec: { a: 3 },
    };
    c.addCrds([crd('self.a > 0')]);
    expect(await c.validate(widget)).toEqual([]);
    // Another target's tree (or the same tree after a prefetch) brings a stricter version of the CRD.
    c.addCrds([crd('self.a > 5')]);
    expect((await c.validate(widget)).map((f) => f.message)).toEqual(['must hold: self.a > 5']);
  });

  it('serves a version the replacing CRD serves, though the replaced one did not', async () => {
    const c = await SchemaCatalog.open({ repoRoot, cacheDir, sync: 'never' });
    const old = crd('self.a > 0');
    old.spec.versions = [
      { ...old.spec.versions[0]!, served: false, storage: false },
      { ...old.spec.versions[0]!, name: 'v2' },
    ];
    c.addCrds([old]);
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'n' },
      spec: { a: 3 },
    };
    expect((await c.validate(widget)).map((f) => f.message)).toEqual([
      'example.com/v1 Widget is not served by the pinned CRD (served: example.com/v2); the API server refuses it',
    ]);
    c.addCrds([crd('self.a > 0')]);
    expect(await c.validate(widget)).toEqual([]);
  });
});
