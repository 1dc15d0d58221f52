// Kubernetes IP and CIDR libraries (apiserver/pkg/cel/library/ip.go, cidr.go) with Go net/netip parsing
// rules: strict dotted-quad IPv4 (no leading zeros), RFC 4291 IPv6, no zones, no IPv4-mapped IPv6.

import { celFunc, celMethod, CelScalar, mapType, type CelFunc } from '@bufbuild/cel';
import { expectOpaque, makeOpaque, opaqueKind, opaqueValue } from './opaque.js';

const { STRING, BOOL, INT } = CelScalar;
const OPAQUE = mapType(STRING, CelScalar.DYN);

interface Addr {
  bytes: number[];
  zone: string;
}
interface Prefix {
  addr: Addr;
  bits: number;
}

function parseIPv4(s: string): number[] {
  const parts = s.split('.');
  if (parts.length < 4) throw new Error('IPv4 address too short');
  if (parts.length > 4) throw new Error('IPv4 address too long');
  return parts.map((p) => {
    if (!/^[0-9]{1,3}$/.test(p))
      throw new Error(p === '' ? 'IPv4 field must have at least one digit' : 'unexpected character');
    if (p.length > 1 && p[0] === '0') throw new Error('IPv4 field has octet with leading zero');
    const v = Number(p);
    if (v > 255) throw new Error('IPv4 field has value >255');
    return v;
  });
}

function parseIPv6(s: string): Addr {
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') throw new Error('zone must be a non-empty string');
  }
  const bytes: number[] = [];
  let ellipsis = -1;
  let i = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    i = 2;
    if (s.length === 2) return { bytes: new Array(16).fill(0), zone };
  }
  while (i < s.length) {
    let j = i;
    while (j < s.length && /[0-9A-Fa-f]/.test(s[j]!)) j++;
    if (j < s.length && s[j] === '.') {
      // embedded IPv4
      if (ellipsis < 0 && bytes.length !== 12)
        throw new Error('embedded IPv4 address must replace the final 2 fields of the address');
      if (bytes.length > 12) throw new Error('too many hex fields to fit an embedded IPv4 at the end of the address');
      bytes.push(...parseIPv4(s.slice(i)));
      i = s.length;
      break;
    }
    if (j === i) throw new Error('each colon-separated field must have at least one digit');
    if (j - i > 4) throw new Error('each group must have 4 or less digits');
    const v = parseInt(s.slice(i, j), 16);
    bytes.push(v >> 8, v & 0xff);
    i = j;
    if (i === s.length) break;
    if (s[i] !== ':') throw new Error('unexpected character, want colon');
    if (i + 1 === s.length) throw new Error('colon must be followed by more characters');
    i++;
    if (s[i] === ':') {
      if (ellipsis >= 0) throw new Error('multiple :: in address');
      ellipsis = bytes.length;
      i++;
      if (i === s.length) break;
    }
    if (bytes.length >= 16) throw new Error('trailing garbage after address');
  }
  if (bytes.length > 16) throw new Error('address too long');
  if (bytes.length < 16) {
    if (ellipsis < 0) throw new Error('address string too short');
    bytes.splice(ellipsis, 0, ...new Array(16 - bytes.length).fill(0));
  } else if (ellipsis >= 0) {
    throw new Error('the :: must expand to at least one field of zeros');
  }
  return { bytes, zone };
}

function parseAddr(s: string): Addr {
  if (s === '') throw new Error('unable to parse IP');
  for (const c of s) {
    if (c === '.') return { bytes: parseIPv4(s), zone: '' };
    if (c === ':') return parseIPv6(s);
    if (c === '%') break;
  }
  throw new Error('unable to parse IP');
}

const is4 = (a: Addr) => a.bytes.length === 4;
const is4In6 = (a: Addr) =>
  a.bytes.length === 16 && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;

function addrString(a: Addr): string {
  if (is4(a)) return a.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((a.bytes[i]! << 8) | a.bytes[i + 1]!);
  if (is4In6(a)) return `::ffff:${a.bytes.slice(12).join('.')}${a.zone ? `%${a.zone}` : ''}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += groups[i]!.toString(16);
  }
  return out + (a.zone ? `%${a.zone}` : '');
}

export function parseIP(s: string): Addr {
  let a: Addr;
  try {
    a = parseAddr(s);
  } catch (e) {
    throw new Error(
      `IP Address ${JSON.stringify(s)} parse error during conversion from string: ParseAddr(${JSON.stringify(s)}): ${(e as Error).message}`,
    );
  }
  if (a.zone !== '') throw new Error(`IP address ${JSON.stringify(s)} with zone value is not allowed`);
  if (is4In6(a)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return a;
}

export function parseCIDR(s: string): Prefix {
  const fail = (msg: string): never => {
    throw new Error(
      `network address ${JSON.stringify(s)} parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(s)}): ${msg}`,
    );
  };
  const slash = s.lastIndexOf('/');
  if (slash < 0) fail("no '/'");
  let addr: Addr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    return fail((e as Error).message);
  }
  if (addr.zone !== '') fail('IPv6 zones cannot be present in a prefix');
  const bitsStr = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsStr)) fail(`bad bits after slash: ${JSON.stringify(bitsStr)}`);
  const bits = Number(bitsStr);
  if (bits > addr.bytes.length * 8) fail(`prefix length out of range`);
  if (is4In6(addr)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return { addr, bits };
}

function masked(p: Prefix): Prefix {
  const bytes = p.addr.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, p.bits - i * 8));
    return b & (0xff << (8 - keep)) & 0xff;
  });
  return { addr: { bytes, zone: '' }, bits: p.bits };
}

function contains(p: Prefix, a: Addr): boolean {
  if (a.bytes.length !== p.addr.bytes.length) return false;
  const m1 = masked(p).addr.bytes;
  const m2 = masked({ addr: a, bits: p.bits }).addr.bytes;
  return m1.every((b, i) => b === m2[i]);
}

const prefixString = (p: Prefix) => `${addrString(p.addr)}/${p.bits}`;
const boxIP = (a: Addr) => makeOpaque('ip', a, addrString(a));
const boxCIDR = (p: Prefix) => makeOpaque('cidr', p, prefixString(p));
const ip = (v: unknown, fn: string) => expectOpaque<Addr>(v, 'ip', fn);
const cidr = (v: unknown, fn: string) => expectOpaque<Prefix>(v, 'cidr', fn);

const inRange = (a: Addr, prefix: number[], bits: number) => contains({ addr: { bytes: prefix, zone: '' }, bits }, a);
const v4 = (...b: number[]) => b;
const v6 = (...b: number[]) => [...b, ...new Array(16 - b.length).fill(0)];

function isLoopback(a: Addr): boolean {
  return is4(a) ? a.bytes[0] === 127 : a.bytes.slice(0, 15).every((b) => b === 0) && a.bytes[15] === 1;
}
const isUnspecified = (a: Addr) => a.bytes.every((b) => b === 0);
const isMulticast = (a: Addr) => (is4(a) ? inRange(a, v4(224, 0, 0, 0), 4) : a.bytes[0] === 0xff);
const isLinkLocalMulticast = (a: Addr) => (is4(a) ? inRange(a, v4(224, 0, 0, 0), 24) : inRange(a, v6(0xff, 0x02), 16));
const isLinkLocalUnicast = (a: Addr) => (is4(a) ? inRange(a, v4(169, 254, 0, 0), 16) : inRange(a, v6(0xfe, 0x80), 10));
function isGlobalUnicast(a: Addr): boolean {
  if (is4(a) && (isUnspecified(a) || a.bytes.every((b) => b === 255))) return false;
  return !isUnspecified(a) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);
}

export const netFunctions: CelFunc[] = [
  celFunc('ip', [STRING], OPAQUE, (s) => boxIP(parseIP(s))),
  celFunc('isIP', [STRING], BOOL, (s) => {
    try {
      parseIP(s);
      return true;
    } catch {
      return false;
    }
  }),
  celFunc('ip.isCanonical', [STRING], BOOL, (s) => addrString(parseIP(s)) === s),
  celMethod('family', OPAQUE, [], INT, function () {
    return is4(ip(this, 'family')) ? 4n : 6n;
  }),
  celMethod('isUnspecified', OPAQUE, [], BOOL, function () {
    return isUnspecified(ip(this, 'isUnspecified'));
  }),
  celMethod('isLoopback', OPAQUE, [], BOOL, function () {
    return isLoopback(ip(this, 'isLoopback'));
  }),
  celMethod('isLinkLocalMulticast', OPAQUE, [], BOOL, function () {
    return isLinkLocalMulticast(ip(this, 'isLinkLocalMulticast'));
  }),
  celMethod('isLinkLocalUnicast', OPAQUE, [], BOOL, function () {
    return isLinkLocalUnicast(ip(this, 'isLinkLocalUnicast'));
  }),
  celMethod('isGlobalUnicast', OPAQUE, [], BOOL, function () {
    return isGlobalUnicast(ip(this, 'isGlobalUnicast'));
  }),
  celFunc('cidr', [STRING], OPAQUE, (s) => boxCIDR(parseCIDR(s))),
  celFunc('isCIDR', [STRING], BOOL, (s) => {
    try {
      parseCIDR(s);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod('containsIP', OPAQUE, [OPAQUE], BOOL, function (a) {
    return contains(cidr(this, 'containsIP'), ip(a, 'containsIP'));
  }),
  celMethod('containsIP', OPAQUE, [STRING], BOOL, function (a) {
    return contains(cidr(this, 'containsIP'), parseIP(a));
  }),
  celMethod('containsCIDR', OPAQUE, [OPAQUE], BOOL, function (o) {
    return containsCIDR(cidr(this, 'containsCIDR'), cidr(o, 'containsCIDR'));
  }),
  celMethod('containsCIDR', OPAQUE, [STRING], BOOL, function (o) {
    return containsCIDR(cidr(this, 'containsCIDR'), parseCIDR(o));
  }),
  celMethod('ip', OPAQUE, [], OPAQUE, function () {
    return boxIP(cidr(this, 'ip').addr);
  }),
  celMethod('masked', OPAQUE, [], OPAQUE, function () {
    return boxCIDR(masked(cidr(this, 'masked')));
  }),
  celMethod('prefixLength', OPAQUE, [], INT, function () {
    return BigInt(cidr(this, 'prefixLength').bits);
  }),
  celFunc('string', [OPAQUE], STRING, (v) => {
    if (opaqueKind(v) === 'ip') return addrString(opaqueValue<Addr>(v, 'ip')!);
    if (opaqueKind(v) === 'cidr') return prefixString(opaqueValue<Prefix>(v, 'cidr')!);
    throw new Error('no such overload: string');
  }),
];

function containsCIDR(p: Prefix, other: Prefix): boolean {
  return other.addr.bytes.length === p.addr.bytes.length && p.bits <= other.bits && contains(p, other.addr);
}
