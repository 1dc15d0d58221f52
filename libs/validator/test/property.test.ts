import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { runRules } from '@inference-gitops/rules';
import { SchemaCatalog } from '@inference-gitops/schema-catalog';

const repoRoot = resolve(import.meta.dirname, '../../..');
/** PROPERTY_RUNS raises the number of generated cases for a deeper local search. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
// An empty cache: the committed schemas/pinned serve every pinned kind.
const cacheDir = mkdtempSync(join(tmpdir(), 'prop-cache-'));
const catalog = await SchemaCatalog.open({ repoRoot, cacheDir, sync: 'never' });

/** The whole check of one text: parse, schema, rules. Returns the number of findings. */
async function check(text: string): Promise<number> {
  const { resources, findings } = parseManifests(text, { file: '/prop.yaml' });
  let n = findings.length;
  for (const r of resources) n += (await catalog.validate(r.object)).length;
  n += runRules(resources).findings.length;
  return n;
}

const valid = readFileSync(
  join(repoRoot, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern3/llminferenceservice.yaml'),
  'utf8',
);
const validObject = parseManifests(valid, { file: '/v.yaml' }).resources[0]!.object;

/** Every path (as key lists) of an object, to pick mutation points from. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
const allPaths = paths(validObject).filter((p) => p.length > 0);

function mutate(path: Array<string | number>, action: 'delete' | 'set', value: unknown): unknown {
  const copy = structuredClone(validObject) as Record<string, unknown>;
  let node: any = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  const last = path[path.length - 1]!;
  if (action === 'delete') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

describe('the validator never throws', () => {
  it('on random YAML text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (text) => (await check(text)) >= 0),
      { numRuns: RUNS },
    );
  });

  it('on random YAML documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => (await check(stringify(value))) >= 0),
      { numRuns: RUNS },
    );
  });

  it('on random mutations of a valid LLMInferenceService, and finds something when the shape breaks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...allPaths),
        fc.constantFrom('delete' as const, 'set' as const),
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.string())),
        async (path, action, value) => {
          await expect(check(stringify(mutate(path, action, value)))).resolves.toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: RUNS },
    );
    // a wrong type at a known typed field is always reported
    expect(await check(stringify(mutate(['spec', 'replicas'], 'set', 'three')))).toBeGreaterThan(0);
  });
});
