// cel-es has no user-defined value types, so the Kubernetes library types (URL, Quantity, IP, CIDR, Format,
// optional) are CEL maps carrying a type tag and an identity value (so that `==` compares them sensibly),
// with the native data kept in a side table keyed by the map object. Methods on them are registered on the
// `map` type and dispatch on the tag.

import { celMap, type CelMap, type CelValue } from '@bufbuild/cel';

export type OpaqueKind = 'url' | 'quantity' | 'ip' | 'cidr' | 'format' | 'optional';

const TYPE_KEY = '@type';
const VALUE_KEY = '@value';
const data = new WeakMap<object, { kind: OpaqueKind; value: unknown }>();

export function makeOpaque(kind: OpaqueKind, value: unknown, identity: CelValue | undefined): CelMap {
  const entries = new Map<string, CelValue>([[TYPE_KEY, `kubernetes.${kind}`]]);
  if (identity !== undefined) entries.set(VALUE_KEY, identity);
  const m = celMap(entries);
  data.set(m, { kind, value });
  return m;
}

export function opaqueKind(v: unknown): OpaqueKind | undefined {
  return typeof v === 'object' && v !== null ? data.get(v)?.kind : undefined;
}

export function opaqueValue<T>(v: unknown, kind: OpaqueKind): T | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const d = data.get(v);
  return d && d.kind === kind ? (d.value as T) : undefined;
}

/** Returns the native data of a value of the given kind, or throws CEL's "no such overload". */
export function expectOpaque<T>(v: unknown, kind: OpaqueKind, fn: string): T {
  const d = opaqueValue<T>(v, kind);
  if (d === undefined) throw new Error(`no such overload: ${fn}`);
  return d;
}

// optional<T> --------------------------------------------------------------------------------------------

interface OptionalData {
  present: boolean;
  value: CelValue;
}

export const OPTIONAL_NONE = makeOpaque('optional', { present: false, value: null } satisfies OptionalData, undefined);

export function optionalOf(value: CelValue): CelMap {
  return makeOpaque('optional', { present: true, value } satisfies OptionalData, value);
}

export function optionalData(v: unknown, fn: string): OptionalData {
  return expectOpaque<OptionalData>(v, 'optional', fn);
}
