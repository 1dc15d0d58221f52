// Regular expressions. `matches` uses @bufbuild/re2 (RE2 syntax and semantics, as in Kubernetes), with
// compiled patterns cached. The Kubernetes regex library (`find`, `findAll`, apiserver/pkg/cel/library/regex.go)
// needs match positions, which that engine does not report, so those patterns are validated with RE2 and then
// translated to an equivalent JavaScript RegExp (leftmost-first, like RE2); a construct that has no faithful
// translation makes the rule unsupported at compile time.

import { celFunc, celMethod, CelScalar, listType, type CelFunc } from '@bufbuild/cel';
import { RE2JS } from '@bufbuild/re2';

const { STRING, INT, BOOL } = CelScalar;

/** Patterns can come from the validated data (`self.a.matches(self.b)`), so the caches are bounded. */
const CACHE_LIMIT = 2000;
const re2Cache = new Map<string, RE2JS | Error>();

export function compileRe2(pattern: string): RE2JS {
  let hit = re2Cache.get(pattern);
  if (hit === undefined) {
    try {
      hit = RE2JS.compile(pattern);
    } catch (e) {
      hit = new Error(`error parsing regexp: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (re2Cache.size >= CACHE_LIMIT) re2Cache.clear();
    re2Cache.set(pattern, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

/** The `re2` option for celEnv: `string.matches` with cached RE2 programs. */
export const cachedRe2 = { compile: (pattern: string) => compileRe2(pattern) };

// ---------------------------------------------------------------------------------------------------------
// RE2 -> JavaScript translation (for find/findAll).

const jsCache = new Map<string, RegExp | Error>();

export function compileJsRegex(pattern: string): RegExp {
  let hit = jsCache.get(pattern);
  if (hit === undefined) {
    try {
      compileRe2(pattern);
      const { source, flags } = translate(pattern);
      hit = new RegExp(source, `${flags}gu`);
    } catch (e) {
      hit = e instanceof Error ? e : new Error(String(e));
    }
    if (jsCache.size >= CACHE_LIMIT) jsCache.clear();
    jsCache.set(pattern, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const RE2_SPACE = '\\t\\n\\f\\r ';

function unsupported(what: string): never {
  throw new Error(`regular expression construct ${what} is not supported by find/findAll here`);
}

function cp(c: string): string {
  return `\\u{${c.codePointAt(0)!.toString(16)}}`;
}

function translate(p: string): { source: string; flags: string } {
  let i = 0;
  let flags = '';
  let dotAll = false;
  // leading (?flags)
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i') flags += 'i';
      else if (f === 'm') flags += 'm';
      else if (f === 's') dotAll = true;
      else unsupported('(?U)');
    }
    i = lead[0].length;
  }
  let out = '';
  let inClass = false;
  let classStart = false;
  while (i < p.length) {
    const c = String.fromCodePoint(p.codePointAt(i)!);
    const next = p[i + c.length];
    if (c === '\\') {
      if (next === undefined) unsupported('trailing backslash');
      i += 2;
      switch (next) {
        case 'd':
        case 'D':
        case 'w':
        case 'W':
        case 't':
        case 'n':
        case 'r':
        case 'f':
        case 'v':
          out += `\\${next}`;
          break;
        case 'b':
        case 'B':
          if (inClass) unsupported('\\b in a class');
          out += `\\${next}`;
          break;
        case 's':
          out += inClass ? RE2_SPACE : `[${RE2_SPACE}]`;
          break;
        case 'S':
          if (inClass) unsupported('\\S in a class');
          out += `[^${RE2_SPACE}]`;
          break;
        case 'a':
          out += '\\x07';
          break;
        case 'A':
          out += '(?<![\\s\\S])';
          break;
        case 'z':
          out += '(?![\\s\\S])';
          break;
        case 'x': {
          if (p[i] === '{') {
            const end = p.indexOf('}', i);
            out += `\\u{${p.slice(i + 1, end)}}`;
            i = end + 1;
          } else {
            out += `\\x${p.slice(i, i + 2)}`;
            i += 2;
          }
          break;
        }
        case 'p':
        case 'P': {
          let name: string;
          if (p[i] === '{') {
            const end = p.indexOf('}', i);
            name = p.slice(i + 1, end);
            i = end + 1;
          } else {
            name = p[i]!;
            i += 1;
          }
          let neg = next === 'P';
          if (name.startsWith('^')) {
            neg = !neg;
            name = name.slice(1);
          }
          const prop = /^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?|Any)$/.test(name)
            ? name
            : `Script=${name}`;
          if (prop === 'Any') out += neg ? '[^\\s\\S]' : '[\\s\\S]';
          else out += `\\${neg ? 'P' : 'p'}{${prop}}`;
          break;
        }
        case 'Q': {
          const end = p.indexOf('\\E', i);
          const lit = end < 0 ? p.slice(i) : p.slice(i, end);
          for (const ch of lit) out += /[A-Za-z0-9]/.test(ch) ? ch : cp(ch);
          i = end < 0 ? p.length : end + 2;
          break;
        }
        default:
          if (/[A-Za-z0-9]/.test(next)) unsupported(`\\${next}`);
          out += cp(next);
      }
      classStart = false;
      continue;
    }
    if (inClass) {
      if (c === ']' && !classStart) {
        inClass = false;
        out += ']';
        i++;
        continue;
      }
      if (c === '[' && p[i + 1] === ':') {
        const end = p.indexOf(':]', i + 2);
        if (end > 0) {
          const name = p.slice(i + 2, end);
          const expansion = POSIX[name];
          if (expansion === undefined) unsupported(`[:${name}:]`);
          out += expansion;
          i = end + 2;
          classStart = false;
          continue;
        }
      }
      if (c === '^' && classStart && out.endsWith('[')) {
        out += '^';
        i++;
        continue;
      }
      out += c === ']' || c === '[' ? cp(c) : c;
      classStart = false;
      i += c.length;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        classStart = true;
        out += '[';
        i++;
        if (p[i] === '^') {
          out += '^';
          i++;
        }
        continue;
      case '(':
        if (p[i + 1] === '?') {
          if (p.startsWith('(?:', i)) {
            out += '(?:';
            i += 3;
            continue;
          }
          if (p.startsWith('(?P<', i)) {
            out += '(?<';
            i += 4;
            continue;
          }
          if (p.startsWith('(?<', i)) {
            out += '(?<';
            i += 3;
            continue;
          }
          unsupported('(?flags)');
        }
        out += '(';
        i++;
        continue;
      case '.':
        out += dotAll ? '[\\s\\S]' : '[^\\n]';
        i++;
        continue;
      case '{': {
        const rep = /^\{\d+(,\d*)?\}/.exec(p.slice(i));
        if (rep) {
          out += rep[0];
          i += rep[0].length;
          continue;
        }
        out += '\\{';
        i++;
        continue;
      }
      case '}':
      case ']':
        out += `\\${c}`;
        i++;
        continue;
      default:
        out += c;
        i += c.length;
    }
  }
  return { source: out, flags };
}

function findAll(s: string, re: RegExp, limit: number): string[] {
  const out: string[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (out.length < limit && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      pos = start < s.length ? start + String.fromCodePoint(s.codePointAt(start)!).length : s.length + 1;
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m[0]);
  }
  return out;
}

export const regexFunctions: CelFunc[] = [
  // cel-go also declares the global form matches(string, regex)
  celFunc('matches', [STRING, STRING], BOOL, (s, pattern) => compileRe2(pattern).test(s)),
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    return findAll(this, compileJsRegex(pattern), 1)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) {
    return findAll(this, compileJsRegex(pattern), Infinity);
  }),
  celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
    return findAll(this, compileJsRegex(pattern), limit < 0n ? Infinity : Number(limit));
  }),
];
