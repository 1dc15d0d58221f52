// Core Kubernetes kinds, embedded and offline: kubernetes-models' validators check types, required
// fields and formats; @kubernetes/client-node's models list every field of every core type, which makes
// unknown fields errors (kubernetes-models alone accepts them).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { loadCommonJs } from './compiled.js';
import { modelRuntime } from './model-runtime.js';

const require = createRequire(import.meta.url);

/** The Kubernetes version these embedded schemas describe (kubernetes-models 4.5 / client-node 1.4). */
export const EMBEDDED_KUBERNETES_VERSION = '1.32';

/** apiVersion -> the kubernetes-models module path of its group/version. */
function modelModule(apiVersion: string): string {
  return apiVersion.includes('/') ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion}`;
}

type ModelClass = { new (data: unknown): { validate(): void }; kind?: string };
const moduleCache = new Map<string, Record<string, unknown> | null>();

function loadModule(apiVersion: string): Record<string, unknown> | null {
  const path = modelModule(apiVersion);
  if (!moduleCache.has(path)) {
    try {
      moduleCache.set(path, require(path) as Record<string, unknown>);
    } catch {
      moduleCache.set(path, null);
    }
  }
  return moduleCache.get(path)!;
}

/** The kubernetes-models class for a core kind, if that kind exists in the embedded version. */
export function coreModel(apiVersion: string, kind: string): ModelClass | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  // The kind's own module first: the group's index loads every kind of the group (tens of milliseconds).
  const own = /^[A-Z][A-Za-z0-9]*$/.test(kind) ? loadModule(`${apiVersion}/${kind}`) : null;
  const cls = own?.[kind] ?? loadModule(apiVersion)?.[kind];
  return typeof cls === 'function' ? (cls as ModelClass) : undefined;
}

/** Errors from kubernetes-models' compiled validator (types, required fields, formats). */
export function validateWithModel(model: ModelClass, object: Record<string, unknown>): ErrorObject[] {
  return errorsOf(() => new model(object).validate());
}

function errorsOf(validate: () => void): ErrorObject[] {
  try {
    validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: ErrorObject[] }).errors;
    if (Array.isArray(errors)) return errors;
    return [{ instancePath: '', schemaPath: '', keyword: 'model', params: {}, message: (error as Error).message }];
  }
}

export type CoreValidator = (object: Record<string, unknown>) => ErrorObject[];
type ValidateFunc = ((data: unknown) => boolean) & { errors?: unknown };

/**
 * kubernetes-models' compiled validators of the core kinds, one file per kind made at build
 * (dist/core-validators/, tools/build/build.mjs; index.json maps `apiVersion|Kind` to its file) and their
 * formats in formats.cjs, each loaded with V8's code cache: a Job's validator was about a hundred modules
 * resolved, read and compiled (40 ms); a ConfigMap's run reads only the ConfigMap's.
 */
export interface BundledValidators {
  /** `apiVersion|Kind` -> file in the bundle folder. */
  readonly index: Readonly<Record<string, string>>;
  /** The validate function of a kind of the index. */
  load(key: string): ValidateFunc;
}

let bundled: BundledValidators | null | undefined;

/** The build's validators, or null when running from sources (then the package's classes are used). */
function bundledValidators(cacheDir: string): BundledValidators | null {
  if (bundled === undefined) {
    bundled = null;
    // Failures get their messages from the runtime (the files hold the validators and their formats).
    if (!modelRuntime()) return bundled;
    for (const candidate of ['./core-validators/', '../core-validators/']) {
      const dir = new URL(candidate, import.meta.url);
      if (!existsSync(new URL('index.json', dir))) continue;
      bundled = loadCoreValidatorBundle(dir.pathname, join(cacheDir, 'compiled'));
      break;
    }
  }
  return bundled;
}

/** Opens a core-validators folder; code caches are kept in `codeCacheDir`. */
export function loadCoreValidatorBundle(dir: string, codeCacheDir: string): BundledValidators {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, string>;
  let formats: unknown;
  const loaded = new Map<string, ValidateFunc>();
  const load = (file: string, modules: Record<string, unknown> = {}) =>
    loadCommonJs(join(dir, file), codeCacheFor(join(dir, file), codeCacheDir), modules);
  return {
    index,
    load(key) {
      let validate = loaded.get(key);
      if (!validate) {
        formats ??= load('formats.cjs');
        validate = (load(index[key]!, { '@kubernetes-models/validate': formats }) as { validate: ValidateFunc })
          .validate;
        loaded.set(key, validate);
      }
      return validate;
    },
  };
}

/** A kind's validator from the bundle, with kubernetes-models' own error messages for objects that fail. */
export function bundledValidator(
  table: BundledValidators,
  apiVersion: string,
  kind: string,
): CoreValidator | undefined {
  const key = `${apiVersion}|${kind}`;
  const runtime = modelRuntime();
  if (!Object.hasOwn(table.index, key) || !runtime) return undefined;
  return (object) => errorsOf(() => runtime.runValidateFunc(table.load(key), object));
}

/**
 * V8's code cache of a bundled file, beside the compiled validators, named after this build of the file:
 * V8 checks only the length of the code a cache was made for, so a rebuilt file must never find the old
 * one. Those of earlier builds are removed.
 */
function codeCacheFor(file: string, dir: string): string {
  const st = statSync(file);
  const prefix = `core-${basename(file, '.cjs')}-`;
  const name = `${prefix}${createHash('sha256').update(`${st.size}:${st.mtimeMs}:${st.ino}`).digest('hex').slice(0, 16)}.code-cache`;
  const cache = join(dir, name);
  if (!existsSync(cache)) {
    try {
      for (const old of readdirSync(dir))
        if (old.startsWith(prefix) && old !== name && /^[0-9a-f]{16}\.code-cache$/.test(old.slice(prefix.length)))
          rmSync(join(dir, old), { force: true });
    } catch {
      // no folder yet
    }
  }
  return cache;
}

const validators = new Map<string, CoreValidator | null>();

/**
 * The validator of a core kind (types, required fields, formats), if the embedded version has the kind.
 * `cacheDir`: the cache folder (V8's code cache of the bundled validators goes in its `compiled` folder).
 */
export function coreValidator(apiVersion: string, kind: string, cacheDir: string): CoreValidator | undefined {
  const k = `${apiVersion}|${kind}`;
  let validator = validators.get(k);
  if (validator === undefined) {
    validator = null;
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (!group.includes('.') || group.endsWith('.k8s.io')) {
      const table = bundledValidators(cacheDir);
      validator = (table && bundledValidator(table, apiVersion, kind)) ?? null;
      // Running from sources, and the kinds the build leaves out (List kinds): the package's classes.
      if (!validator) {
        const model = coreModel(apiVersion, kind);
        if (model) validator = (object) => validateWithModel(model, object);
      }
    }
    validators.set(k, validator);
  }
  return validator ?? undefined;
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}

let clientNode: Record<string, { getAttributeTypeMap?: () => Attribute[] }> | undefined;
let precomputed: Record<string, Array<[string, string]>> | null | undefined;

/**
 * The fields of a client-node model class. The CLI bundle ships them precomputed (core-fields.json,
 * written by tools/build/build.mjs): loading client-node itself costs about half a second per process.
 */
function typeMap(className: string): Attribute[] | undefined {
  if (precomputed === undefined) {
    precomputed = null;
    for (const candidate of ['./core-fields.json', '../core-fields.json']) {
      const file = new URL(candidate, import.meta.url);
      if (existsSync(file)) {
        precomputed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<[string, string]>>;
        break;
      }
    }
  }
  if (precomputed) return precomputed[className]?.map(([baseName, type]) => ({ name: baseName, baseName, type }));
  clientNode ??= require('@kubernetes/client-node') as typeof clientNode;
  return clientNode![className]?.getAttributeTypeMap?.();
}

/** client-node's class name for a kind: `V1Deployment`, `V2HorizontalPodAutoscaler`, `V1beta1...`. */
export function clientNodeClass(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? apiVersion;
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

/** Unknown fields anywhere in a core object, as ajv-style `additionalProperties` errors. */
export function unknownFields(apiVersion: string, kind: string, object: Record<string, unknown>): ErrorObject[] {
  const errors: ErrorObject[] = [];
  const root = clientNodeClass(apiVersion, kind);
  if (!typeMap(root)) return errors;
  walk(root, object, '', errors);
  return errors;
}

function walk(type: string, value: unknown, path: string, errors: ErrorObject[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(array[1]!, v, `${path}/${i}`, errors));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value)) walk(map[1]!, v, `${path}/${escape(k)}`, errors);
    return;
  }
  const attributes = /^V\d/.test(type) || /^Core/.test(type) ? typeMap(type) : undefined;
  if (!attributes || typeof value !== 'object' || Array.isArray(value)) return;
  const known = new Map(attributes.map((a) => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childType = known.get(key);
    if (childType === undefined) {
      errors.push({
        instancePath: path,
        schemaPath: '#/additionalProperties',
        keyword: 'additionalProperties',
        params: { additionalProperty: key },
        message: 'must NOT have additional properties',
      });
      continue;
    }
    walk(childType, child, `${path}/${escape(key)}`, errors);
  }
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A strict JSON Schema of a core kind (types and fields), for `gitops schemas export`. */
export function coreJsonSchema(apiVersion: string, kind: string): Record<string, unknown> | undefined {
  const root = clientNodeClass(apiVersion, kind);
  if (!typeMap(root)) return undefined;
  const seen = new Set<string>();
  const toSchema = (type: string): Record<string, unknown> => {
    const array = /^Array<(.+)>$/.exec(type);
    if (array) return { type: 'array', items: toSchema(array[1]!) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { type: 'object', additionalProperties: toSchema(map[1]!) };
    switch (type) {
      case 'string':
      case 'Date':
        return { type: 'string' };
      case 'number':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'IntOrString':
        return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
      case 'object':
      case 'any':
        return {};
    }
    const attributes = typeMap(type);
    if (!attributes || seen.has(type)) return { type: 'object' };
    seen.add(type);
    const properties: Record<string, unknown> = {};
    for (const a of attributes) properties[a.baseName] = toSchema(a.type);
    seen.delete(type);
    return { type: 'object', properties, additionalProperties: false };
  };
  return toSchema(root);
}
