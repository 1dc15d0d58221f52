// Kubernetes quantity library (apiserver/pkg/cel/library/quantity.go) over an exact port of
// apimachinery's resource.ParseQuantity. A quantity keeps its exact value as a fraction, plus the int64
// fast-path representation (value x 10^scale) that Quantity.AsInt64 depends on: Kubernetes answers
// `isInteger()`/`asInteger()` from that representation only (so `quantity("1000m").isInteger()` is false).

import { celFunc, celMethod, CelScalar, mapType, type CelFunc } from '@bufbuild/cel';
import { expectOpaque, makeOpaque } from './opaque.js';

const { STRING, BOOL, INT, DOUBLE } = CelScalar;
const OPAQUE = mapType(STRING, CelScalar.DYN);

const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;
const NANO_DEN = 1000000000n;

interface Int64Amount {
  value: bigint;
  scale: number;
}
interface Quantity {
  num: bigint;
  den: bigint;
  i: Int64Amount | undefined;
}

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const ERR_FORMAT = `quantities must match the regular expression '${SPLIT_RE}'`;
const ERR_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_SUFFIX = "unable to parse quantity's suffix";

const fitsInt64 = (v: bigint) => v >= MIN_INT64 && v <= MAX_INT64;
const abs = (v: bigint) => (v < 0n ? -v : v);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}
function rational(num: bigint, den: bigint): { num: bigint; den: bigint } {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}
function positiveScaleInt64(base: bigint, scale: number): bigint | undefined {
  const v = base * 10n ** BigInt(scale);
  return fitsInt64(v) ? v : undefined;
}

function parseQuantityString(str: string): {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
} {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  for (;;) {
    if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[pos] !== '0') break;
    pos++;
  }
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num, denom: '', suffix: '' };
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && 'eEinumkKMGTP'.includes(str[i]!)) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  throw new Error(ERR_FORMAT);
}

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function interpret(
  suffix: string,
): { base: 2 | 10; exponent: number; format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' } | undefined {
  if (suffix in BINARY) return { base: 2, exponent: BINARY[suffix]!, format: 'BinarySI' };
  if (suffix in DECIMAL) return { base: 10, exponent: DECIMAL[suffix]!, format: 'DecimalSI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Number.isSafeInteger(exponent) && Math.abs(exponent) < 2 ** 31)
      return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new Error(ERR_FORMAT);
  if (str === '0') return { num: 0n, den: 1n, i: { value: 0n, scale: 0 } };
  const { positive, value, num, denom, suffix } = parseQuantityString(str);
  const suf = interpret(suffix);
  if (!suf) throw new Error(ERR_SUFFIX);
  const { base, exponent, format } = suf;

  let precision = 0;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = BigInt(num + denom);
      if (!fitsInt64(shifted)) throw new Error(ERR_NUMERIC);
      let result = shifted * mantissa;
      if (fitsInt64(result)) {
        if (!positive) result = -result;
        const r = scale >= 0 ? rational(result * 10n ** BigInt(scale), 1n) : rational(result, 10n ** BigInt(-scale));
        return { ...r, i: { value: result, scale } };
      }
    }
  }

  // inf.Dec path: exact decimal, scaled by the suffix, rounded up (away from zero) to nano precision.
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(ERR_NUMERIC);
  let n = BigInt(`${m[2] || '0'}${m[3] ?? ''}`);
  let d = 10n ** BigInt((m[3] ?? '').length);
  if (base === 10) {
    if (exponent >= 0) n *= 10n ** BigInt(exponent);
    else d *= 10n ** BigInt(-exponent);
  } else {
    n *= 1n << BigInt(exponent);
  }
  // round up to 1e-9
  const scaled = n * NANO_DEN;
  let nanos = scaled / d;
  if (nanos * d !== scaled) nanos += 1n;
  if (format === 'BinarySI' && nanos > MAX_INT64 * NANO_DEN) nanos = MAX_INT64 * NANO_DEN;
  if (m[1] === '-') nanos = -nanos;
  return { ...rational(nanos, NANO_DEN), i: undefined };
}

function int64Add(a: Int64Amount, b: Int64Amount): Int64Amount | undefined {
  if (b.value === 0n) return a;
  if (a.value === 0n) return b;
  let v: bigint | undefined;
  if (a.scale === b.scale) {
    v = a.value + b.value;
    return fitsInt64(v) ? { value: v, scale: a.scale } : undefined;
  }
  if (a.scale > b.scale) {
    const c = positiveScaleInt64(a.value, a.scale - b.scale);
    if (c === undefined) return undefined;
    v = c + b.value;
    return fitsInt64(v) ? { value: v, scale: b.scale } : undefined;
  }
  const c = positiveScaleInt64(b.value, b.scale - a.scale);
  if (c === undefined) return undefined;
  v = a.value + c;
  return fitsInt64(v) ? { value: v, scale: a.scale } : undefined;
}

function add(q: Quantity, y: Quantity, sign: 1n | -1n): Quantity {
  const yi = y.i && { value: y.i.value * sign, scale: y.i.scale };
  const i = q.i && yi ? int64Add(q.i, yi) : undefined;
  return { ...rational(q.num * y.den + sign * y.num * q.den, q.den * y.den), i };
}

function asInt64(q: Quantity): bigint | undefined {
  if (!q.i) return undefined;
  if (q.i.scale === 0) return q.i.value;
  if (q.i.scale < 0) return undefined;
  return positiveScaleInt64(q.i.value, q.i.scale);
}

const fromInt = (v: bigint): Quantity => ({ num: v, den: 1n, i: { value: v, scale: 0 } });
const box = (q: Quantity) => makeOpaque('quantity', q, `${q.num}/${q.den}`);
const get = (v: unknown, fn: string): Quantity => expectOpaque<Quantity>(v, 'quantity', fn);
const cmp = (a: Quantity, b: Quantity): bigint => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1n : l > r ? 1n : 0n;
};

export const quantityFunctions: CelFunc[] = [
  celFunc('quantity', [STRING], OPAQUE, (s) => box(parseQuantity(s))),
  celFunc('isQuantity', [STRING], BOOL, (s) => {
    try {
      parseQuantity(s);
      return true;
    } catch {
      return false;
    }
  }),
  celFunc('sign', [OPAQUE], INT, (q) => {
    const v = get(q, 'sign').num;
    return v < 0n ? -1n : v > 0n ? 1n : 0n;
  }),
  celMethod('sign', OPAQUE, [], INT, function () {
    const v = get(this, 'sign').num;
    return v < 0n ? -1n : v > 0n ? 1n : 0n;
  }),
  celMethod('isGreaterThan', OPAQUE, [OPAQUE], BOOL, function (o) {
    return cmp(get(this, 'isGreaterThan'), get(o, 'isGreaterThan')) === 1n;
  }),
  celMethod('isLessThan', OPAQUE, [OPAQUE], BOOL, function (o) {
    return cmp(get(this, 'isLessThan'), get(o, 'isLessThan')) === -1n;
  }),
  celMethod('compareTo', OPAQUE, [OPAQUE], INT, function (o) {
    return cmp(get(this, 'compareTo'), get(o, 'compareTo'));
  }),
  celMethod('asApproximateFloat', OPAQUE, [], DOUBLE, function () {
    const q = get(this, 'asApproximateFloat');
    return Number(q.num) / Number(q.den);
  }),
  celMethod('asInteger', OPAQUE, [], INT, function () {
    const v = asInt64(get(this, 'asInteger'));
    if (v === undefined) throw new Error('cannot convert value to integer');
    return v;
  }),
  celMethod('isInteger', OPAQUE, [], BOOL, function () {
    return asInt64(get(this, 'isInteger')) !== undefined;
  }),
  celMethod('add', OPAQUE, [OPAQUE], OPAQUE, function (o) {
    return box(add(get(this, 'add'), get(o, 'add'), 1n));
  }),
  celMethod('add', OPAQUE, [INT], OPAQUE, function (o) {
    return box(add(get(this, 'add'), fromInt(o), 1n));
  }),
  celMethod('sub', OPAQUE, [OPAQUE], OPAQUE, function (o) {
    return box(add(get(this, 'sub'), get(o, 'sub'), -1n));
  }),
  celMethod('sub', OPAQUE, [INT], OPAQUE, function (o) {
    return box(add(get(this, 'sub'), fromInt(o), -1n));
  }),
  celMethod('mul', OPAQUE, [INT], OPAQUE, function (y) {
    const q = get(this, 'mul');
    const v = q.i ? q.i.value * y : undefined;
    const i = q.i && v !== undefined && fitsInt64(v) ? { value: v, scale: q.i.scale } : undefined;
    return box({ ...rational(q.num * y, q.den), i });
  }),
];
