import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject } from 'ajv';
import { parseSingleDocument, type Finding, type PositionLocator } from '@inference-gitops/core';
import { lookupShape, type SliceShape } from '@inference-gitops/tpu-catalog';
import schema from '../../../schemas/cluster-spec.schema.json' with { type: 'json' };
import type { ClusterSpec, EndpointSpec, NodePoolSpec } from './types.js';
import { semanticChecks } from './semantic-checks.js';
import { deliveryChecks } from './delivery-checks.js';

export interface SpecLoadResult {
  /** Present when the spec has no error (warnings allowed). */
  spec?: ClusterSpec;
  findings: Finding[];
}

export const SUPPORTED_MODEL_URI_SCHEMES = ['hf://', 's3://', 'pvc://', 'oci://'] as const;

/** The ajv options of the spec's validator; the build compiles it ahead with the same ones. */
export const SPEC_AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

let compiled: ReturnType<Ajv['compile']> | undefined;
/**
 * The spec's validator: compiled ahead by the CLI build (cluster-spec-validator.cjs beside the bundle),
 * else ajv is loaded and the schema compiled on first use. Commands that never read a spec pay for neither.
 */
function validateSchema(value: unknown) {
  compiled ??= precompiled() ?? compileNow();
  const ok = compiled(value);
  validateSchema.errors = compiled.errors;
  return ok;
}

function precompiled(): ReturnType<Ajv['compile']> | undefined {
  for (const candidate of ['./cluster-spec-validator.cjs', '../cluster-spec-validator.cjs']) {
    const file = new URL(candidate, import.meta.url);
    if (!existsSync(file)) continue;
    const module = createRequire(import.meta.url)(fileURLToPath(file)) as {
      default?: ReturnType<Ajv['compile']>;
    } & ReturnType<Ajv['compile']>;
    return module.default ?? module;
  }
  return undefined;
}

function compileNow(): ReturnType<Ajv['compile']> {
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new AjvClass(SPEC_AJV_OPTIONS).compile(schema);
}
validateSchema.errors = undefined as ReturnType<Ajv['compile']>['errors'];

/** Reads and checks clusters/<name>/cluster.yaml; reports every problem at once. */
/** Specs checked by this process, by file and text: an Nx batch loads the same cluster for many tasks. */
const checked = new Map<string, { text: string; result: SpecLoadResult }>();

export async function loadClusterSpec(file: string): Promise<SpecLoadResult> {
  if (!existsSync(file))
    return {
      findings: [
        finding(
          file,
          `cluster spec ${file} does not exist`,
          'Create clusters/<name>/cluster.yaml (see docs/cluster-spec.md).',
        ),
      ],
    };
  if (statSync(file).isDirectory())
    return {
      findings: [
        finding(
          file,
          `cluster spec ${file} is a directory, not a file`,
          'The spec is the file clusters/<name>/cluster.yaml.',
        ),
      ],
    };
  const text = await readFile(file, 'utf8');
  let entry = checked.get(file);
  if (entry?.text !== text) {
    entry = { text, result: validateClusterSpecText(text, file) };
    checked.set(file, entry);
  }
  // A copy: callers own what they get.
  return structuredClone(entry.result);
}

export function validateClusterSpecText(text: string, file: string): SpecLoadResult {
  const { value, locator, errors } = parseSingleDocument(text, file);
  if (errors.length > 0) return { findings: errors.map((e) => ({ ...e, rule: 'cluster-spec' })) };
  const at = (pointer: string, message: string, hint?: string, severity: Finding['severity'] = 'error'): Finding => {
    const where = locator.locate(pointer);
    return {
      rule: 'cluster-spec',
      severity,
      message,
      ...(hint ? { hint } : {}),
      path: pointer,
      file,
      line: where.position?.line ?? 1,
      column: where.position?.column ?? 1,
    };
  };
  if (value === undefined || value === null)
    return {
      findings: [
        at(
          '',
          `cluster spec ${basename(dirname(file))}/cluster.yaml is empty`,
          'Start from an existing clusters/<name>/cluster.yaml or `nx g @inference-gitops/nx-plugin:cluster`.',
        ),
      ],
    };
  if (typeof value !== 'object' || Array.isArray(value))
    return {
      findings: [
        at(
          '',
          'a cluster spec must be a mapping of fields',
          'Top-level fields: name, environment, variant, gcp, argocd, gateway, nodePools, versions, secrets, endpoints.',
        ),
      ],
    };

  const findings: Finding[] = [];
  if (!validateSchema(value))
    findings.push(...(validateSchema.errors ?? []).map((e) => schemaFinding(e, value, locator, at)));
  const spec = value as ClusterSpec;
  findings.push(...semanticChecks(spec, file, at), ...deliveryChecks(spec, at));
  const hasError = findings.some((f) => f.severity === 'error');
  return { ...(hasError ? {} : { spec }), findings: dedupe(findings) };
}

function schemaFinding(
  error: ErrorObject,
  root: unknown,
  locator: PositionLocator,
  at: (p: string, m: string, h?: string) => Finding,
): Finding {
  const pointer = error.instancePath;
  const where = pointer === '' ? 'the cluster spec' : `${pointer.slice(1).replace(/\//g, '.')}`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys(propertiesAt(error.parentSchema));
      const close = closest(key, known);
      return at(
        `${pointer}/${escapePointer(key)}`,
        `unknown key "${key}" in ${where}`,
        close ? `Did you mean "${close}"? Known keys: ${known.join(', ')}.` : `Known keys: ${known.join(', ')}.`,
      );
    }
    case 'required':
      return at(
        pointer,
        `${where} is missing the required field "${String(error.params.missingProperty)}"`,
        'See docs/cluster-spec.md for every field.',
      );
    case 'type':
      return at(
        pointer,
        `${where} must be ${article(String(error.params.type))}, not ${describe(valueAt(root, pointer))}`,
      );
    case 'enum':
      return at(
        pointer,
        `${where} is ${JSON.stringify(valueAt(root, pointer))}, which is not allowed`,
        `Allowed values: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}.`,
      );
    case 'pattern':
    case 'maxLength':
      return at(
        pointer,
        `${where} "${String(valueAt(root, pointer))}" is not a DNS label`,
        'Use lowercase letters, digits and "-", start and end with a letter or digit, at most 63 characters.',
      );
    default:
      void locator;
      return at(pointer, `${where} ${error.message ?? 'is invalid'}`);
  }
}

/** Every clusters/<name>/cluster.yaml under repoRoot, sorted by name. */
export async function loadAllClusterSpecs(repoRoot: string): Promise<Array<{ file: string; result: SpecLoadResult }>> {
  const out: Array<{ file: string; result: SpecLoadResult }> = [];
  for (const name of listClusterNames(repoRoot)) {
    const file = join(repoRoot, 'clusters', name, 'cluster.yaml');
    out.push({ file, result: await loadClusterSpec(file) });
  }
  return out;
}

export function listClusterNames(repoRoot: string): string[] {
  const dir = join(repoRoot, 'clusters');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'cluster.yaml')))
    .sort();
}

/** The node pool an endpoint runs on and the slice shape of that pool (undefined when invalid). */
export function resolveEndpoint(
  spec: ClusterSpec,
  endpoint: EndpointSpec,
): { pool?: NodePoolSpec; shape?: SliceShape } {
  const pool = spec.nodePools.find((p) => p.name === endpoint.nodePool);
  const shape = pool ? lookupShape(pool.accelerator, pool.topology, pool.machineType) : undefined;
  return { ...(pool ? { pool } : {}), ...(shape ? { shape } : {}) };
}

export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

function finding(file: string, message: string, hint: string): Finding {
  return { rule: 'cluster-spec', severity: 'error', message, hint, file, line: 1, column: 1 };
}

function propertiesAt(parentSchema: unknown): Record<string, unknown> {
  const s = parentSchema as { properties?: Record<string, unknown>; $ref?: string } | undefined;
  if (s?.properties) return s.properties;
  if (s?.$ref) {
    const def = (schema as { definitions?: Record<string, { properties?: Record<string, unknown> }> }).definitions?.[
      s.$ref.replace('#/definitions/', '')
    ];
    return def?.properties ?? {};
  }
  return {};
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const seg of pointer.split('/').slice(1))
    node = (node as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The known key closest to a misspelt one (edit distance <= 3), for "did you mean". */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.line}:${f.column}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
