// What the cluster serves decides, not what a typing knows: removed core APIs, and versions of a group the
// pinned CRDs define but do not list, are refused with the API server's words.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaCatalog } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const catalog = await SchemaCatalog.open({ repoRoot, cacheDir: mkdtempSync(join(tmpdir(), 'served-')), sync: 'never' });
const messages = async (object: Record<string, unknown>) => (await catalog.validate(object)).map((f) => f.message);

describe('versions the API server does not serve', () => {
  it('refuses a core API version Kubernetes removed, naming the release and the replacement', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1beta1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'foos.example.com' },
      spec: { group: 'example.com', names: { kind: 'Foo', plural: 'foos' }, scope: 'Namespaced', version: 'v1' },
    };
    expect(await messages(crd)).toEqual([
      'apiextensions.k8s.io/v1beta1 CustomResourceDefinition was removed in Kubernetes 1.22: the API server (1.32) does not serve it ("no matches for kind CustomResourceDefinition in version apiextensions.k8s.io/v1beta1")',
    ]);
    const [ingress] = await catalog.validate({
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'i' },
    });
    expect(ingress!.hint).toBe('Use apiVersion networking.k8s.io/v1 (Kubernetes deprecation guide).');
  });

  it('refuses a version of a pinned group that its CRD does not list, even when a typing knows it', async () => {
    // @kubernetes-models/cert-manager still types cert-manager.io/v1alpha2; cert-manager v1.16.2 serves v1 only.
    expect(
      await messages({
        apiVersion: 'cert-manager.io/v1alpha2',
        kind: 'Certificate',
        metadata: { name: 'c', namespace: 'n' },
        spec: { secretName: 's', issuerRef: { name: 'i' } },
      }),
    ).toEqual([
      'cert-manager.io/v1alpha2 Certificate is not a version the pinned CRD serves (it serves: cert-manager.io/v1); the API server answers "no matches for kind Certificate in version cert-manager.io/v1alpha2"',
    ]);
    // Community KServe's v1alpha2 is not the pinned OpenDataHub build's (v1alpha1 only): not "no schema".
    expect(
      await messages({
        apiVersion: 'serving.kserve.io/v1alpha2',
        kind: 'LLMInferenceService',
        metadata: { name: 'x', namespace: 'n' },
        spec: { model: { uri: 'hf://a/b' } },
      }),
    ).toEqual([
      'serving.kserve.io/v1alpha2 LLMInferenceService is not a version the pinned CRD serves (it serves: serving.kserve.io/v1alpha1); the API server answers "no matches for kind LLMInferenceService in version serving.kserve.io/v1alpha2"',
    ]);
  });

  it('says where the schema of a kind whose group no pinned CRD covers comes from', () => {
    expect(catalog.describe('networking.istio.io/v1beta1', 'VirtualService')).toBe('@kubernetes-models');
    expect(catalog.describe('cert-manager.io/v1', 'Certificate')).not.toBe('@kubernetes-models');
  });
});

describe('defaults before validation, as the API server applies them', () => {
  const gateway = (address: Record<string, unknown>) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'g', namespace: 'n' },
    spec: {
      gatewayClassName: 'istio',
      addresses: [address],
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
    },
  });

  it('accepts an address without type: the CRD defaults it to IPAddress, and one oneOf branch then matches', async () => {
    expect(await messages(gateway({ value: '10.0.0.1' }))).toEqual([]);
  });

  it('refuses an address that is no IP once its type is defaulted, as the server does', async () => {
    expect(await messages(gateway({ value: 'not-an-ip' }))).toEqual([
      '/spec/addresses/0/value "not-an-ip" is not a valid ipv4',
      '/spec/addresses/0 must validate one and only one schema (oneOf): it matches none',
    ]);
  });
});

describe('structural defaulting', () => {
  it('sets the defaults the object leaves out, in existing and defaulted objects, without changing the input', async () => {
    const { applyStructuralDefaults } = await import('../src/defaulting.js');
    const schema = {
      properties: {
        a: { type: 'string', default: 'x' },
        b: { type: 'object', default: {}, properties: { c: { type: 'integer', default: 3 } } },
        list: { type: 'array', items: { properties: { t: { type: 'string', default: 'IPAddress' } } } },
        map: { type: 'object', additionalProperties: { properties: { d: { type: 'boolean', default: true } } } },
      },
    };
    const input = { a: 'kept', list: [{}, { t: 'Hostname' }], map: { k: {} } };
    expect(applyStructuralDefaults(schema, input)).toEqual({
      a: 'kept',
      b: { c: 3 },
      list: [{ t: 'IPAddress' }, { t: 'Hostname' }],
      map: { k: { d: true } },
    });
    expect(input).toEqual({ a: 'kept', list: [{}, { t: 'Hostname' }], map: { k: {} } });
  });
});

describe('built-in defaults before the schema', () => {
  it('accepts an RBAC roleRef without apiGroup, which the API server defaults', async () => {
    expect(
      await messages({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'b', namespace: 'n' },
        roleRef: { kind: 'Role', name: 'r' },
        subjects: [{ kind: 'ServiceAccount', name: 'sa' }],
      }),
    ).toEqual([]);
  });
});
