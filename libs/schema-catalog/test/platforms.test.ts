// A platform is data: the lock holds several releases of each set, a named platform chooses one of each, and a
// catalog reads only the chosen files, so a kind is judged by the CRD the cluster will serve.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultSelection,
  lockedVersions,
  readLock,
  readPlatforms,
  SchemaCatalog,
  sameVersion,
  selects,
  type LockEntry,
} from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const open = (name?: string) =>
  SchemaCatalog.open({
    repoRoot,
    cacheDir: mkdtempSync(join(tmpdir(), 'platform-')),
    sync: 'never',
    ...(name ? { platform: readPlatforms(repoRoot).find((p) => p.name === name)!.sets } : {}),
  });
const referenceGrantV1 = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'ReferenceGrant',
  metadata: { name: 'allow', namespace: 'llm' },
  spec: { from: [{ group: '', kind: 'Service', namespace: 'other' }], to: [{ group: '', kind: 'Service' }] },
};

describe('platforms of the lock', () => {
  it('lists the default platform first, and every release of each set', () => {
    expect(readPlatforms(repoRoot).map((p) => [p.name, p.default === true])).toEqual([
      ['gke-odh-3.4', true],
      ['gke-odh-3.4-next', false],
      ['gke-kserve-0.20', false],
    ]);
    expect(defaultSelection(repoRoot)).toMatchObject({ 'gateway-api': 'v1.4.0', kserve: 'odh-v3.4-EA1' });
    expect(lockedVersions(repoRoot).get('gateway-api')).toEqual(['v1.4.0', 'v1.6.1']);
    expect(lockedVersions(repoRoot).get('kserve')).toEqual(['odh-v3.4-EA1', 'v0.20.0']);
  });

  it('selects the chosen release of a set, entries of no set always, and no entry of a set the platform leaves out', () => {
    const entry = (set: string | undefined, version: string): LockEntry => ({
      path: 'p',
      url: 'u',
      sha256: 's',
      type: 'crd',
      ...(set ? { set, version } : {}),
    });
    expect(selects({ lws: 'v0.8.0' }, entry('lws', 'v0.8.0'))).toBe(true);
    expect(selects({ lws: 'v0.8.0' }, entry('lws', 'v0.10.0'))).toBe(false);
    expect(selects({ lws: 'v0.8.0' }, entry('inference-model', 'v0.3.0'))).toBe(false);
    expect(selects({ lws: 'v0.8.0' }, entry(undefined, ''))).toBe(true);
    expect(selects(undefined, entry('lws', 'v0.10.0'))).toBe(true);
    expect(sameVersion('v1.27.3', '1.27.3')).toBe(true);
    expect(readLock(repoRoot, defaultSelection(repoRoot)).some((e) => e.path.startsWith('gateway-api@v1.6.1/'))).toBe(
      false,
    );
  });

  it('judges a kind by the release the platform chooses: ReferenceGrant v1 is served from Gateway API 1.6 only', async () => {
    expect((await (await open()).validate(referenceGrantV1)).map((f) => f.message)).toEqual([
      'gateway.networking.k8s.io/v1 ReferenceGrant is not a version the pinned CRD serves (it serves: gateway.networking.k8s.io/v1beta1); the API server answers "no matches for kind ReferenceGrant in version gateway.networking.k8s.io/v1"',
    ]);
    expect(await (await open('gke-odh-3.4-next')).validate(referenceGrantV1)).toEqual([]);
  });

  it('names the release that dropped a kind another release of its set serves', async () => {
    const pool = {
      apiVersion: 'inference.networking.x-k8s.io/v1alpha2',
      kind: 'InferencePool',
      metadata: { name: 'p', namespace: 'llm' },
      spec: { targetPortNumber: 8000, selector: { app: 'vllm' }, extensionRef: { name: 'epp' } },
    };
    expect(await (await open()).validate(pool)).toEqual([]);
    const [finding] = await (await open('gke-odh-3.4-next')).validate(pool);
    expect(finding).toEqual({
      rule: 'schema',
      severity: 'error',
      path: '/apiVersion',
      message:
        'inference.networking.x-k8s.io/v1alpha2 InferencePool is not served on this platform: inference-extension v1.6.0 has no CRD for it (inference-extension v1.2.0 has it); the API server answers "no matches for kind InferencePool in version inference.networking.x-k8s.io/v1alpha2"',
      hint: 'Move to what inference-extension v1.6.0 serves, or keep inference-extension v1.2.0 (versions: in the cluster spec).',
    });
    const [model] = await (
      await open('gke-kserve-0.20')
    ).validate({
      apiVersion: 'inference.networking.x-k8s.io/v1alpha2',
      kind: 'InferenceModel',
      metadata: { name: 'm', namespace: 'llm' },
      spec: { modelName: 'm', poolRef: { name: 'p' } },
    });
    expect(model!.message).toContain('is not served on this platform: it installs no inference-model');
  });

  it('serves LLMInferenceService v1alpha2 on community KServe and not on the OpenDataHub build', async () => {
    const service = {
      apiVersion: 'serving.kserve.io/v1alpha2',
      kind: 'LLMInferenceService',
      metadata: { name: 'm', namespace: 'llm' },
      spec: { model: { uri: 'hf://a/b', name: 'a/b' } },
    };
    expect((await open()).serves(service.apiVersion, service.kind)).toBe(false);
    const community = await open('gke-kserve-0.20');
    expect(community.serves(service.apiVersion, service.kind)).toBe(true);
    expect(await community.validate(service)).toEqual([]);
  });
});
