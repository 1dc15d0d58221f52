/**
 * Kubernetes resource quantities (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go, suffix.go):
 * `<sign><digits>[.<digits>]<suffix>`, the suffix one of the binary SI `Ki Mi Gi Ti Pi Ei`, the decimal SI
 * `n u m "" k M G T P E`, or a decimal exponent `e<int>` / `E<int>`. The value is kept exact as a fraction.
 */

export interface Quantity {
  /** The text as written. */
  text: string;
  /** value = num / den, den > 0. */
  num: bigint;
  den: bigint;
}

const NUMBER = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/;
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
/** Exponents beyond this are clamped: such values are absurd but still parse, and the comparison stays correct for them. */
const MAX_EXPONENT = 1000;

/** Parse a quantity as the API server does; a JSON number is read from its decimal text. Undefined when it does not parse. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text =
    typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value : undefined;
  if (text === undefined) return undefined;
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix] = m as unknown as [string, string, string, string];
  const [whole = '', frac = ''] = digits.split('.');
  let num = BigInt((whole || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  if (sign === '-') num = -num;
  if (suffix in BINARY) {
    num *= 2n ** BigInt(BINARY[suffix]!);
  } else if (suffix in DECIMAL) {
    const e = DECIMAL[suffix]!;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else {
    const exp = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!exp) return undefined;
    const e = Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT, Number(exp[1])));
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  return { text, num, den };
}

/** -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export const isNegative = (q: Quantity): boolean => q.num < 0n;

/** Quantity.MilliValue(): the value in thousandths, rounded up (as the API server's integer check does). */
export function milliValue(q: Quantity): bigint {
  const n = q.num * 1000n;
  const d = q.den;
  const quotient = n / d;
  return n % d !== 0n && n > 0n ? quotient + 1n : quotient;
}
