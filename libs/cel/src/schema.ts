// Structural-schema helpers for the CEL validator: reading schema nodes, the API server's structural
// defaulting, which nodes CEL can see (common/schemas.go SchemaDeclType), converting JSON values into CEL
// values the way common/values.go UnstructuredToVal types them, and rule `fieldPath`s.

import { celList, celMap, isCelMap, type CelMap, type CelValue } from '@bufbuild/cel';
import { escapeProperty } from './escaping.js';
import { parseDurationValue, parseTimestampValue } from './scalars.js';

export type Schema = Record<string, unknown>;

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export const schemaType = (s: Schema): string | undefined => (typeof s.type === 'string' ? s.type : undefined);
export const isIntOrString = (s: Schema): boolean => s['x-kubernetes-int-or-string'] === true;
export const isEmbedded = (s: Schema): boolean => s['x-kubernetes-embedded-resource'] === true;
export const isPreserveUnknown = (s: Schema): boolean => s['x-kubernetes-preserve-unknown-fields'] === true;
export const isNullable = (s: Schema): boolean => s.nullable === true;
export const hasDefault = (s: Schema): boolean => s.default !== undefined;

export function propertiesOf(s: Schema): Record<string, Schema> | undefined {
  return isRecord(s.properties) ? (s.properties as Record<string, Schema>) : undefined;
}
export function itemsOf(s: Schema): Schema | undefined {
  return isRecord(s.items) ? s.items : undefined;
}
export function additionalPropertiesOf(s: Schema): Schema | undefined {
  return isRecord(s.additionalProperties) ? s.additionalProperties : undefined;
}

const STRING_SCHEMA: Schema = { type: 'string' };
const OBJECT_META: Schema = { type: 'object', properties: { name: STRING_SCHEMA, generateName: STRING_SCHEMA } };
const typeMetaCache = new WeakMap<Schema, Schema>();

/** WithTypeAndObjectMeta: at a resource root CEL sees apiVersion, kind, metadata.name and metadata.generateName only. */
export function withTypeAndObjectMeta(s: Schema): Schema {
  const props = propertiesOf(s);
  const meta = props?.metadata;
  const metaProps = meta ? propertiesOf(meta) : undefined;
  if (
    props &&
    props.kind?.type === 'string' &&
    props.apiVersion?.type === 'string' &&
    meta?.type === 'object' &&
    metaProps?.name?.type === 'string' &&
    metaProps.generateName?.type === 'string'
  )
    return s;
  let cached = typeMetaCache.get(s);
  if (!cached) {
    cached = { ...s, properties: { ...props, kind: STRING_SCHEMA, apiVersion: STRING_SCHEMA, metadata: OBJECT_META } };
    typeMetaCache.set(s, cached);
  }
  return cached;
}

const escapedNames = new Map<string, string | undefined>();
function escapedName(k: string): string | undefined {
  if (!escapedNames.has(k)) escapedNames.set(k, escapeProperty(k));
  return escapedNames.get(k);
}

const visibility = new WeakMap<Schema, boolean>();

/** SchemaDeclType(s) != nil: whether CEL can see values of this schema at all. */
export function isCelVisible(s: Schema): boolean {
  let v = visibility.get(s);
  if (v === undefined) visibility.set(s, (v = computeCelVisible(s)));
  return v;
}

function computeCelVisible(s: Schema): boolean {
  if (isIntOrString(s)) return true;
  switch (schemaType(s)) {
    case 'array': {
      const items = itemsOf(s);
      return items !== undefined && isCelVisible(items);
    }
    case 'object': {
      const ap = additionalPropertiesOf(s);
      return ap ? isCelVisible(ap) : true;
    }
    case 'string':
    case 'boolean':
    case 'number':
    case 'integer':
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Structural defaulting (apiextensions-apiserver schema/defaulting/algorithm.go) followed by
// PruneNonNullableNullsWithoutDefaults. Mutates `x`; callers pass a copy.

export function applyDefaults(x: unknown, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (!items) return;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === null && items.default !== undefined && !isNullable(items)) x[i] = structuredClone(items.default);
      applyDefaults(x[i], items);
    }
    return;
  }
  if (!isRecord(x)) return;
  const props = propertiesOf(s);
  if (props) {
    for (const [k, prop] of Object.entries(props)) {
      if (prop.default === undefined) continue;
      if (!(k in x) || (x[k] === null && !isNullable(prop))) x[k] = structuredClone(prop.default);
    }
  }
  const ap = additionalPropertiesOf(s);
  for (const [k, v] of Object.entries(x)) {
    const prop = props?.[k];
    if (prop) applyDefaults(v, prop);
    else if (ap) applyDefaults(v, ap);
  }
}

/** Does a JSON value hold a null anywhere? (Most objects do not: then there is nothing to prune.) */
export function containsNull(x: unknown): boolean {
  if (x === null) return true;
  if (Array.isArray(x)) return x.some(containsNull);
  if (typeof x === 'object') {
    for (const k in x) if (containsNull((x as Record<string, unknown>)[k])) return true;
  }
  return false;
}

export function pruneNonNullableNulls(x: unknown, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (items) for (const v of x) pruneNonNullableNulls(v, items);
    return;
  }
  if (!isRecord(x)) return;
  const props = propertiesOf(s);
  const ap = additionalPropertiesOf(s);
  for (const [k, v] of Object.entries(x)) {
    const prop = props?.[k];
    if (prop && v === null && prop.default === undefined && !isNullable(prop)) delete x[k];
  }
  for (const [k, v] of Object.entries(x)) {
    const prop = props?.[k];
    if (prop) pruneNonNullableNulls(v, prop);
    else if (ap) pruneNonNullableNulls(v, ap);
  }
}

// ---------------------------------------------------------------------------------------------------------
// JSON -> CEL values, typed by the schema.

/** Converts values for one validate() call; objects and arrays are converted once and shared between rules. */
export class CelConverter {
  private readonly cache = new WeakMap<object, CelValue>();

  convert(raw: unknown, s: Schema, isResourceRoot = false): CelValue {
    if (raw === null || raw === undefined) return null;
    const cacheable = typeof raw === 'object' && !isResourceRoot;
    if (cacheable) {
      const hit = this.cache.get(raw as object);
      if (hit !== undefined) return hit;
    }
    const value = this.convertUncached(raw, s, isResourceRoot);
    if (cacheable) this.cache.set(raw as object, value);
    return value;
  }

  private convertUncached(raw: unknown, s: Schema, isResourceRoot: boolean): CelValue {
    if (isIntOrString(s)) return typeof raw === 'number' && Number.isInteger(raw) ? BigInt(raw) : generic(raw);
    if (isResourceRoot || isEmbedded(s)) s = withTypeAndObjectMeta(s);
    switch (schemaType(s)) {
      case 'object': {
        if (!isRecord(raw)) return generic(raw);
        const props = propertiesOf(s);
        if (props || isEmbedded(s)) {
          const out = new Map<string, CelValue>();
          for (const [k, v] of Object.entries(raw)) {
            const prop = props?.[k];
            if (!prop || !Object.hasOwn(props!, k) || !isCelVisible(prop)) continue;
            const name = escapedName(k);
            if (name === undefined) continue;
            out.set(name, this.convert(v, prop));
          }
          return objectValue(out);
        }
        const ap = additionalPropertiesOf(s);
        const out = new Map<string, CelValue>();
        if (ap) for (const [k, v] of Object.entries(raw)) out.set(k, this.convert(v, ap));
        return objectValue(out);
      }
      case 'array': {
        if (!Array.isArray(raw)) return generic(raw);
        const items = itemsOf(s);
        return celList(raw.map((v) => (items ? this.convert(v, items) : generic(v))));
      }
      case 'string': {
        if (typeof raw !== 'string') return generic(raw);
        switch (s.format) {
          case 'date-time':
          case 'date':
            return parseTimestampValue(raw, s.format === 'date') ?? raw;
          case 'duration':
            return parseDurationValue(raw) ?? raw;
          case 'byte':
            return new Uint8Array(Buffer.from(raw, 'base64'));
          default:
            return raw;
        }
      }
      case 'integer':
        return typeof raw === 'number' && Number.isInteger(raw) ? BigInt(raw) : generic(raw);
      case 'number':
        return typeof raw === 'number' ? raw : generic(raw);
      default:
        return generic(raw);
    }
  }
}

/** Untyped data (x-kubernetes-preserve-unknown-fields, or a value that does not match its schema). */
function generic(raw: unknown): CelValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return Number.isInteger(raw) ? BigInt(raw) : raw;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return celList(raw.map(generic));
  if (isRecord(raw)) return objectValue(new Map(Object.entries(raw).map(([k, v]) => [k, generic(v)])));
  return null;
}

const CEL_MAP_SYMBOL = Symbol.for('@bufbuild/cel/map');

/**
 * cel-es treats a map entry whose value is null as absent (`has()` and `in` are false). In Kubernetes a
 * nullable field set to null is present, so maps holding nulls get a CelMap with key-based presence.
 * (cel-es recognises maps by the registered symbol `@bufbuild/cel/map`.)
 */
class PresenceMap implements ReadonlyMap<string, CelValue> {
  readonly [CEL_MAP_SYMBOL] = {};
  constructor(private readonly map: Map<string, CelValue>) {}
  get size() {
    return this.map.size;
  }
  get(key: unknown) {
    return typeof key === 'string' ? this.map.get(key) : undefined;
  }
  has(key: unknown) {
    return typeof key === 'string' && this.map.has(key);
  }
  forEach(cb: (value: CelValue, key: string, map: ReadonlyMap<string, CelValue>) => void, thisArg?: unknown) {
    this.map.forEach((v, k) => cb.call(thisArg, v, k, this));
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}
const presenceMapWorks = isCelMap(new PresenceMap(new Map()));

function objectValue(entries: Map<string, CelValue>): CelValue {
  for (const v of entries.values()) {
    if (v === null && presenceMapWorks) return new PresenceMap(entries) as unknown as CelMap;
  }
  return celMap(entries);
}

// ---------------------------------------------------------------------------------------------------------
// fieldPath (ValidFieldPath in apiextensions-apiserver schema/cel/validation.go): `.a.b['c.d']`, relative to
// the node the rule is on, naming properties or map keys only. Returns the path segments.

export function parseFieldPath(fieldPath: string, s: Schema): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < fieldPath.length;) {
    const c = fieldPath[i]!;
    if (c === '.' || c === '[' || c === ']') {
      tokens.push(c);
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < fieldPath.length && !(fieldPath[j] === "'" && fieldPath[j - 1] !== '\\')) j++;
      tokens.push(fieldPath.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < fieldPath.length && !'.[]'.includes(fieldPath[j]!)) j++;
    tokens.push(fieldPath.slice(i, j));
    i = j;
  }
  const segments: string[] = [];
  let node: Schema | undefined = s;
  const step = (name: string) => {
    if (!node) throw new Error('does not refer to a valid field');
    const props = propertiesOf(node);
    if (props) {
      node = props[name];
      if (!node) throw new Error('does not refer to a valid field');
    } else if (node.additionalProperties !== undefined) {
      node = additionalPropertiesOf(node);
    } else {
      throw new Error('does not refer to a valid field');
    }
    segments.push(name);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok === '.') {
      const name = tokens[++i];
      if (name === undefined) throw new Error('unexpected end of JSON path');
      step(name);
    } else if (tok === '[') {
      const quoted = tokens[++i];
      if (quoted === undefined) throw new Error('unexpected end of JSON path');
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'"))
        throw new Error(`expected single quoted string but got ${quoted}`);
      step(unescapeSingleQuoted(quoted.slice(1, -1)));
      const close = tokens[++i];
      if (close === undefined) throw new Error('unexpected end of JSON path');
      if (close !== ']') throw new Error(`expected ] but got ${close}`);
    } else {
      throw new Error(`expected [ or . but got: ${tok}`);
    }
  }
  return segments;
}

function unescapeSingleQuoted(s: string): string {
  const map: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    "'": "'",
    '\\': '\\',
  };
  return s.replace(/\\./g, (m) => {
    const r = map[m[1]!];
    if (r === undefined) throw new Error(`invalid string literal: invalid escape char ${m}`);
    return r;
  });
}

export function pointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
