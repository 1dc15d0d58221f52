// The CLI build's core validators (apps/cli/dist/core-validators/, made by `npm run build`) must judge
// every object exactly as kubernetes-models' own classes do.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flushCodeCaches } from '../src/compiled.js';
import { bundledValidator, coreModel, loadCoreValidatorBundle, validateWithModel } from '../src/core-kinds.js';

const bundle = resolve(import.meta.dirname, '../../../apps/cli/dist/core-validators');

const pod = (container: Record<string, unknown>) => ({
  restartPolicy: 'Never',
  containers: [{ name: 'main', image: 'busybox', ...container }],
});
const OBJECTS: Array<Record<string, any>> = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 1 } },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { template: { spec: pod({ ports: [{ containerPort: 80 }] }) } },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { template: { spec: pod({ ports: [{ containerPort: 'http' }] }) } },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { backoffLimit: 'x', template: { spec: { containers: [{ image: 3 }] } } },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { spec: pod({ resources: { limits: { cpu: 'lots' } } }) },
    },
  },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: pod({}) } } },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: { ports: [{ port: 70000, targetPort: 'http' }] },
  },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: 'not base64!' } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'n' },
    spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 7 } }] }] },
  },
];

describe('the bundled core validators', () => {
  it('exist in the CLI build (run `npm run build`)', () => {
    expect(existsSync(join(bundle, 'index.json'))).toBe(true);
  });

  it("give kubernetes-models' verdict and errors for valid and invalid objects", () => {
    const codeCacheDir = mkdtempSync(join(tmpdir(), 'core-bundle-'));
    const table = loadCoreValidatorBundle(bundle, codeCacheDir);
    let invalid = 0;
    for (const object of OBJECTS) {
      const validate = bundledValidator(table, object.apiVersion, object.kind)!;
      const expected = validateWithModel(coreModel(object.apiVersion, object.kind)!, object);
      expect(validate(object), `${object.kind} ${JSON.stringify(object.spec ?? object.data)}`).toEqual(expected);
      if (expected.length > 0) invalid++;
    }
    expect(invalid).toBe(7);
    flushCodeCaches();
    // One code cache per file loaded: the formats and each kind validated, and no other kind's.
    expect(
      readdirSync(codeCacheDir)
        .map((f) => f.replace(/-[0-9a-f]{16}\.code-cache$/, ''))
        .sort(),
    ).toEqual([
      'core-apps_v1_Deployment',
      'core-batch_v1_Job',
      'core-formats',
      'core-networking.k8s.io_v1_NetworkPolicy',
      'core-v1_ConfigMap',
      'core-v1_Secret',
      'core-v1_Service',
    ]);
  });

  it('know the kinds kubernetes-models knows, and no others', () => {
    const table = loadCoreValidatorBundle(bundle, mkdtempSync(join(tmpdir(), 'core-bundle-')));
    expect(bundledValidator(table, 'apps/v1', 'StatefulSet')).toBeDefined();
    expect(bundledValidator(table, 'v1', 'Widget')).toBeUndefined();
    expect(bundledValidator(table, 'v1', 'toString')).toBeUndefined();
    // List kinds are left to the package's classes.
    expect(bundledValidator(table, 'v1', 'ConfigMapList')).toBeUndefined();
  });
});
