// The CLI build compiles the spec's validator ahead (tools/build/build.mjs): it must judge exactly as the
// validator compiled at run time from schemas/cluster-spec.schema.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SPEC_AJV_OPTIONS } from '../src/loader.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('the precompiled cluster spec validator', () => {
  it('gives the errors of the schema compiled at run time', () => {
    const schema = JSON.parse(readFileSync(resolve(repoRoot, 'schemas/cluster-spec.schema.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const now = new Ajv(SPEC_AJV_OPTIONS).compile(schema);
    const ahead = createRequire(import.meta.url)(
      resolve(repoRoot, 'apps/cli/dist/cluster-spec-validator.cjs'),
    ) as typeof now;
    const spec = parse(readFileSync(resolve(repoRoot, 'clusters/gke-native-dev/cluster.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect([now(spec), ahead(spec)]).toEqual([true, true]);
    const cases: unknown[] = [
      {},
      { ...spec, extra: 1 },
      { name: 'Bad Name', environment: 'qa', variant: 'istio' },
      { ...spec, nodePools: [{ name: 1 }] },
    ];
    for (const value of cases) {
      const a = now(value);
      const b = ahead(value);
      expect(b, JSON.stringify(value)).toBe(a);
      const shape = (errors: typeof now.errors) =>
        (errors ?? []).map((e) => [e.instancePath, e.keyword, e.params, e.message, e.parentSchema === undefined]);
      expect(shape(ahead.errors)).toEqual(shape(now.errors));
      expect((now.errors ?? []).length).toBeGreaterThan(0);
    }
  });
});
