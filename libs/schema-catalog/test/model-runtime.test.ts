// kubernetes-models' validators through @kubernetes-models/validate: its verdicts, and its messages for a failure.
import { describe, expect, it } from 'vitest';
import { coreModel, validateWithModel } from '../src/core-kinds.js';
import { modelRuntime } from '../src/model-runtime.js';

const check = (o: Record<string, unknown>) =>
  validateWithModel(coreModel(String(o.apiVersion), String(o.kind))!, o).map(
    (e) => `${e.instancePath} ${e.keyword} ${e.message ?? ''}`,
  );

describe('the @kubernetes-models/validate runtime', () => {
  it('is found beside kubernetes-models', () => {
    expect(typeof modelRuntime()?.runValidateFunc).toBe('function');
  });

  it("gives the package's verdicts and messages, formats included", () => {
    expect(
      check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', generation: 2 }, data: { a: 'b' } }),
    ).toEqual([]);
    expect(
      check({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', creationTimestamp: '2026-11-28T00:00:00Z' },
        spec: { replicas: 2, selector: {}, template: {} },
      }),
    ).toEqual([]);
    expect(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'eA==' } })).toEqual([]);
    expect(
      check({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', resources: { limits: { cpu: '500m' } } }] },
      }),
    ).toEqual([]);
    expect(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } })).toEqual([
      '/data/k format must match format "byte"',
    ]);
    expect(
      check({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', resources: { limits: { cpu: 'lots' } } }] },
      }),
    ).toEqual([
      '/spec/containers/0/resources/limits/cpu type must be number',
      '/spec/containers/0/resources/limits/cpu format must match format "quantity"',
      '/spec/containers/0/resources/limits/cpu oneOf must match exactly one schema in "oneOf"',
    ]);
    expect(
      check({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', creationTimestamp: 'yesterday' },
        spec: { replicas: 'two', selector: {}, template: {} },
      }),
    ).toEqual([
      '/metadata/creationTimestamp format must match format "date-time"',
      '/spec/replicas type must be integer',
    ]);
  });
});
