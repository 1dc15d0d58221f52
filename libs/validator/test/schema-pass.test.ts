// The schema pass kept between runs: read back only when the code, the object, its kind's schema and how
// it is applied are all the same; otherwise checked again, with the verdict of the schema now in force.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests, type Resource } from '@inference-gitops/core';
import { SchemaCatalog } from '@inference-gitops/schema-catalog';
import { SchemaPass } from '../src/schema-pass.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const schemaCache = mkdtempSync(join(tmpdir(), 'checks-schemas-'));

const widgetCrd = (
  rules: Array<{ rule: string; message?: string }>,
  replicas: Record<string, unknown> = { type: 'integer' },
) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { replicas }, 'x-kubernetes-validations': rules } },
          },
        },
      },
    ],
  },
});

const STREAM = `apiVersion: v1
kind: ConfigMap
metadata: {name: Bad-Name, namespace: llm}
data: {a: b}
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: llm}
spec: {ports: [{port: 80, bogus: 1}]}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: llm}
spec: {replicas: 0}
`;

function resources(text = STREAM): Resource[] {
  return parseManifests(text, { file: '/m.yaml', unit: 'u' }).resources;
}

async function pass(
  store: string,
  crd: Record<string, unknown>,
  buildId: string | null = 'build-a',
): Promise<{ pass: SchemaPass; catalog: SchemaCatalog }> {
  const catalog = await SchemaCatalog.open({ repoRoot, cacheDir: schemaCache, sync: 'never' });
  catalog.addCrds([crd]);
  return { pass: new SchemaPass(catalog, { cacheDir: store, ...(buildId ? { buildId } : {}) }), catalog };
}

const summary = (checked: Awaited<ReturnType<SchemaPass['check']>>) =>
  checked.map((c) => [...c.schema, ...c.api].map((f) => `${f.rule} ${f.path}: ${f.message}`));

describe('the schema pass, kept between runs', () => {
  const positive = widgetCrd([{ rule: 'self.replicas > 0', message: 'replicas must be positive' }]);

  it('reads back the same findings (schema, CEL, API validation) for the same code, objects and schemas', async () => {
    const store = mkdtempSync(join(tmpdir(), 'checks-'));
    const first = await pass(store, positive);
    const checked = await first.pass.check(resources(), [false, false, false]);
    expect(first.pass.stats).toEqual({ kept: 0, checked: 1 });
    const found = summary(checked);
    expect(found[0]).toEqual([expect.stringMatching(/^api-validation \/metadata\/name: /)]);
    expect(found[1]).toEqual(['schema /spec/ports/0/bogus: unknown field "bogus" in /spec/ports/0']);
    expect(found[2]).toEqual(['cel /spec: replicas must be positive']);
    expect(readdirSync(store)).toHaveLength(1);

    const second = await pass(store, positive);
    expect(summary(await second.pass.check(resources(), [false, false, false]))).toEqual(found);
    expect(second.pass.stats).toEqual({ kept: 1, checked: 0 });
  });

  it('checks again when an object, its CRD, the way it is applied or the code changes', async () => {
    const store = mkdtempSync(join(tmpdir(), 'checks-'));
    await (await pass(store, positive)).pass.check(resources(), [false, false, false]);

    const edited = await pass(store, positive);
    expect(
      summary(
        await edited.pass.check(resources(STREAM.replace('replicas: 0', 'replicas: 2')), [false, false, false]),
      )[2],
    ).toEqual([]);
    expect(edited.pass.stats).toEqual({ kept: 0, checked: 1 });

    // The tree's CRD now caps replicas: the kept verdict of the old schema must not be read back.
    const capped = await pass(
      store,
      widgetCrd([{ rule: 'self.replicas > 0', message: 'replicas must be positive' }], { type: 'integer', minimum: 1 }),
    );
    expect(summary(await capped.pass.check(resources(), [false, false, false]))[2]).toEqual([
      expect.stringMatching(/^schema \/spec\/replicas: /),
    ]);
    expect(capped.pass.stats).toEqual({ kept: 0, checked: 1 });

    const clientSide = await pass(store, positive);
    await clientSide.pass.check(resources(), [true, false, false]);
    expect(clientSide.pass.stats).toEqual({ kept: 0, checked: 1 });

    const otherCode = await pass(store, positive, 'build-b');
    await otherCode.pass.check(resources(), [false, false, false]);
    expect(otherCode.pass.stats).toEqual({ kept: 0, checked: 1 });
  });

  it('restores the CEL rules it could not evaluate, which the report names', async () => {
    const store = mkdtempSync(join(tmpdir(), 'checks-'));
    const crd = widgetCrd([
      { rule: 'self.replicas > 0', message: 'replicas must be positive' },
      { rule: "semver('1.0.0').major() == 1" },
    ]);
    const first = await pass(store, crd);
    await first.pass.check(resources(), [false, false, false]);
    const skipped = first.catalog.celRulesSkipped();
    expect(skipped.map((s) => s.rule)).toEqual(["semver('1.0.0').major() == 1"]);
    const second = await pass(store, crd);
    await second.pass.check(resources(), [false, false, false]);
    expect(second.pass.stats.kept).toBe(1);
    expect(second.catalog.celRulesSkipped()).toEqual(skipped);
  });

  it('keeps nothing without a build id (running from sources, the code may change between runs)', async () => {
    const store = mkdtempSync(join(tmpdir(), 'checks-'));
    const { pass: p } = await pass(store, positive, null);
    await p.check(resources(), [false, false, false]);
    expect(readdirSync(store)).toEqual([]);
  });
});
