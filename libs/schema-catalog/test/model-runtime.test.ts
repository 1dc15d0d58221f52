// The stand-in for @kubernetes-models/validate: the package's verdicts and messages, with its heavy parts
// loaded only when needed: its own formats (and the draft-2019 ones they come with) for a byte or quantity
// value, ajv-i18n for a failed validation. The forks pool gives this file a process of its own, so Node's
// module cache starts empty.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installLazyModelRuntime } from '../src/model-runtime.js';
import { coreModel, validateWithModel } from '../src/core-kinds.js';

const require = createRequire(import.meta.url);
const loaded = (pattern: RegExp) => Object.keys(require.cache).some((f) => pattern.test(f));
const check = (o: Record<string, unknown>) => validateWithModel(coreModel(String(o.apiVersion), String(o.kind))!, o).map((e) => `${e.instancePath} ${e.keyword} ${e.message ?? ''}`);

describe('the @kubernetes-models/validate stand-in', () => {
  it("gives the package's verdicts and messages, loading its parts only when a value or a failure needs them", () => {
    expect(loaded(/ajv-i18n|ajv-formats-draft2019/)).toBe(false);
    installLazyModelRuntime();
    expect(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', generation: 2 }, data: { a: 'b' } })).toEqual([]);
    expect(check({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', creationTimestamp: '2026-11-28T00:00:00Z' }, spec: { replicas: 2, selector: {}, template: {} } })).toEqual([]);
    expect(loaded(/ajv-i18n|ajv-formats-draft2019/)).toBe(false);
    expect(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'eA==' } })).toEqual([]);
    expect(check({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: '500m' } } }] } })).toEqual([]);
    expect([loaded(/ajv-formats-draft2019/), loaded(/ajv-i18n/)]).toEqual([true, false]);
    expect(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } })).toEqual(['/data/k format must match format "byte"']);
    expect(check({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: 'lots' } } }] } })).toEqual(['/spec/containers/0/resources/limits/cpu type must be number', '/spec/containers/0/resources/limits/cpu format must match format "quantity"', '/spec/containers/0/resources/limits/cpu oneOf must match exactly one schema in "oneOf"']);
    expect(check({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', creationTimestamp: 'yesterday' }, spec: { replicas: 'two', selector: {}, template: {} } })).toEqual(['/metadata/creationTimestamp format must match format "date-time"', '/spec/replicas type must be integer']);
    expect(loaded(/ajv-i18n/)).toBe(true);
  });
});
