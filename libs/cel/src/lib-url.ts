// Kubernetes URL library (apiserver/pkg/cel/library/urls.go): url(), isURL() and the URL getters, with
// Go's url.ParseRequestURI rules (absolute URI or absolute path, no fragment handling).

import { celFunc, celMethod, CelScalar, listType, mapType, type CelFunc } from '@bufbuild/cel';
import { expectOpaque, makeOpaque } from './opaque.js';

const { STRING, BOOL } = CelScalar;
const OPAQUE = mapType(STRING, CelScalar.DYN);

interface GoUrl {
  scheme: string;
  opaque: string;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
}

class UrlError extends Error {}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function unescapePath(s: string): string {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) {
    const bad = /%.{0,2}/.exec(s.slice(s.search(/%(?![0-9A-Fa-f]{2})/)))?.[0] ?? '%';
    throw new UrlError(`invalid URL escape ${goQuote(bad)}`);
  }
  return percentDecode(s);
}

function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const enc = Buffer.from(s, 'utf8');
  for (let i = 0; i < enc.length; i++) {
    if (
      enc[i] === 0x25 &&
      i + 2 < enc.length &&
      /^[0-9A-Fa-f]{2}$/.test(enc.subarray(i + 1, i + 3).toString('latin1'))
    ) {
      bytes.push(parseInt(enc.subarray(i + 1, i + 3).toString('latin1'), 16));
      i += 2;
    } else {
      bytes.push(enc[i]!);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** url.ParseRequestURI */
export function parseRequestUri(raw: string): GoUrl {
  try {
    return parseRequestUriInner(raw);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${goQuote(raw)}: ${e.message}`);
    throw e;
  }
}

function parseRequestUriInner(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  if (raw === '') throw new UrlError('empty url');
  const u: GoUrl = { scheme: '', opaque: '', host: '', path: '', rawPath: '', rawQuery: '' };
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let rest = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      u.scheme = raw.slice(0, i).toLowerCase();
      rest = raw.slice(i + 1);
    }
    break;
  }
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    throw new UrlError('invalid URI for request');
  }
  if (u.scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
    let host = at >= 0 ? authority.slice(at + 1) : authority;
    if (host.startsWith('[')) {
      const close = host.lastIndexOf(']');
      if (close < 0) throw new UrlError("missing ']' in host");
      const colonPort = host.slice(close + 1);
      if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    } else {
      const colon = host.lastIndexOf(':');
      if (colon >= 0) {
        const colonPort = host.slice(colon);
        if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
      }
    }
    host = unescapePath(host);
    if (userinfo !== undefined && !/^[-A-Za-z0-9._~!$&'()*+,;=:%@]*$/.test(userinfo))
      throw new UrlError('net/url: invalid userinfo');
    u.host = host;
  }
  u.path = unescapePath(rest);
  u.rawPath = rest;
  return u;
}

function splitHostPort(hostPort: string): { host: string; port: string } {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}

function escapedPath(u: GoUrl): string {
  // Go keeps the original encoding when it is a valid encoding of the path; otherwise it re-escapes.
  if (/^(?:[-A-Za-z0-9._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/.test(u.rawPath)) return u.rawPath;
  return u.path.replace(/[^-A-Za-z0-9._~!$&'()*+,;=:@/]/gu, (c) => encodeURIComponent(c));
}

function queryUnescape(s: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return undefined;
  return percentDecode(s.replace(/\+/g, ' '));
}

function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of raw.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const k = queryUnescape(eq >= 0 ? part.slice(0, eq) : part);
    const v = queryUnescape(eq >= 0 ? part.slice(eq + 1) : '');
    if (k === undefined || v === undefined) continue;
    const list = out.get(k) ?? [];
    list.push(v);
    out.set(k, list);
  }
  return out;
}

function url(s: string) {
  let u: GoUrl;
  try {
    u = parseRequestUri(s);
  } catch (e) {
    throw new Error(`URL parse error during conversion from string: ${(e as Error).message}`);
  }
  return makeOpaque('url', u, s);
}

const get = (v: unknown, fn: string): GoUrl => expectOpaque<GoUrl>(v, 'url', fn);

export const urlFunctions: CelFunc[] = [
  celFunc('url', [STRING], OPAQUE, url),
  celFunc('isURL', [STRING], BOOL, (s) => {
    try {
      parseRequestUri(s);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod('getScheme', OPAQUE, [], STRING, function () {
    return get(this, 'getScheme').scheme;
  }),
  celMethod('getHost', OPAQUE, [], STRING, function () {
    return get(this, 'getHost').host;
  }),
  celMethod('getHostname', OPAQUE, [], STRING, function () {
    return splitHostPort(get(this, 'getHostname').host).host;
  }),
  celMethod('getPort', OPAQUE, [], STRING, function () {
    return splitHostPort(get(this, 'getPort').host).port;
  }),
  celMethod('getEscapedPath', OPAQUE, [], STRING, function () {
    return escapedPath(get(this, 'getEscapedPath'));
  }),
  celMethod('getQuery', OPAQUE, [], mapType(STRING, listType(STRING)), function () {
    return parseQuery(get(this, 'getQuery').rawQuery);
  }),
];
