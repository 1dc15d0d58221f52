import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { newCompiler } from '../src/compiled.js';
import { crdVersions } from '../src/crd-schema.js';
import { shareRepeatedSubschemas } from '../src/shared-subschemas.js';

const repo = join(import.meta.dirname, '../../..');

function pinnedSchema(file: string, kind: string, version: string): Record<string, unknown> {
  const compact = JSON.parse(readFileSync(join(repo, 'schemas/pinned', file), 'utf8')) as {
    documents: Array<Record<string, unknown>>;
  };
  for (const doc of compact.documents) {
    for (const v of crdVersions(doc, { celRules: 0, droppedPatterns: 0 }))
      if (v.kind === kind && v.version === version) return v.schema;
  }
  throw new Error(`${kind} ${version} not in ${file}`);
}

/** What a finding is made of: everything but schemaPath (which points into definitions once shared). */
const visible = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => JSON.stringify([e.instancePath, e.keyword, e.params, e.message])).sort();

describe('shareRepeatedSubschemas', () => {
  const schema = pinnedSchema('kserve/serving.kserve.io_llminferenceservices.json', 'LLMInferenceService', 'v1alpha1');
  const shared = shareRepeatedSubschemas(schema);

  it('moves the repeated pod specs of an LLMInferenceService to definitions, and leaves the input alone', () => {
    const defs = Object.keys((shared.definitions ?? {}) as object);
    expect(defs.length).toBeGreaterThan(3);
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(schema).length / 2);
    expect(JSON.stringify(schema)).not.toContain('$ref');
  });

  it('compiles to a fraction of the code', () => {
    const { ajv, standaloneCode } = newCompiler();
    const whole = standaloneCode(ajv, ajv.compile(schema)).length;
    const { ajv: ajv2, standaloneCode: code2 } = newCompiler();
    const smaller = code2(ajv2, ajv2.compile(shared)).length;
    expect(smaller).toBeLessThan(whole / 3);
  });

  it('gives the same errors, at the same places, on valid and invalid objects', () => {
    const { ajv } = newCompiler();
    const a = ajv.compile(schema);
    const b = ajv.compile(shared);
    const base = parse(
      readFileSync(join(repo, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/llminferenceservice.yaml'), 'utf8'),
    ) as Record<string, any>;
    const variants: Array<(o: Record<string, any>) => void> = [
      () => {},
      (o) => (o.spec.template.containers[0].ports = [{ containerPort: 'eight thousand' }]),
      (o) => (o.spec.template.containers[0].imagePullPolicy = 7),
      (o) => (o.spec.template.containers[0].unknownField = true),
      (o) => delete o.spec.template.containers[0].name,
      (o) =>
        (o.spec.worker = {
          containers: [{ name: 'w', resources: { limits: { 'google.com/tpu': 'four' } }, bogus: 1 }],
        }),
      (o) =>
        (o.spec.prefill = {
          template: { containers: [{ image: 3 }] },
          worker: { initContainers: [{ name: 'i', ports: [{}] }] },
        }),
      (o) => (o.spec.router.route.http.spec.rules[0].filters[0].type = 'NotAFilter'),
      (o) => (o.spec.replicas = 'one'),
    ];
    let invalid = 0;
    for (const change of variants) {
      const object = structuredClone(base);
      change(object);
      const [okA, okB] = [a(object), b(object)];
      expect(okB).toBe(okA);
      expect(visible(b.errors)).toEqual(visible(a.errors));
      if (!okA) invalid++;
    }
    expect(invalid).toBe(variants.length - 1);
  });

  it('leaves schemas with nothing large repeated, or with references of their own, as they are', () => {
    const small = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
    expect(shareRepeatedSubschemas(small)).toBe(small);
    const withRef = { definitions: { x: { type: 'string' } }, properties: { a: { $ref: '#/definitions/x' } } };
    expect(shareRepeatedSubschemas(withRef)).toBe(withRef);
  });
});
