// Kubernetes format library (apiserver/pkg/cel/library/format.go) with apimachinery's validation messages,
// and the optional-type functions it returns (cel-go OptionalTypes: optional.of/none, hasValue, value,
// orValue, or). cel-es cannot parse the optional syntax (`.?x`, `[?x]`), so rules using it stay unsupported.

import { celFunc, celList, celMethod, CelScalar, mapType, type CelFunc, type CelValue } from '@bufbuild/cel';
import { parseRequestUri } from './lib-url.js';
import { expectOpaque, makeOpaque, OPTIONAL_NONE, optionalData, optionalOf } from './opaque.js';

const { STRING, DYN } = CelScalar;
const OPAQUE = mapType(STRING, DYN);

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  msg += ' (e.g. ';
  examples.forEach((e, i) => {
    if (i > 0) msg += ' or ';
    msg += `'${e}', `;
  });
  return `${msg}regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number) => `must be no more than ${n} characters`;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const anchored = (fmt: string) => new RegExp(`^${fmt}$`);
const dns1123Label = anchored(DNS1123_LABEL_FMT);
const dns1123Subdomain = anchored(DNS1123_SUBDOMAIN_FMT);
const dns1035Label = anchored(DNS1035_LABEL_FMT);
const qualifiedName = anchored(QUALIFIED_NAME_FMT);
const labelValue = anchored(LABEL_VALUE_FMT);
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!dns1123Label.test(v))
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL_FMT,
        'my-name',
        '123-abc',
      ),
    );
  return errs;
}
function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!dns1123Subdomain.test(v))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  return errs;
}
function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!dns1035Label.test(v))
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " +
          'alphabetic character, and end with an alphanumeric character',
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  return errs;
}
function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedName.test(name))
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}
function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!labelValue.test(v))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errs;
}
/** NameIs*(name, prefix=true): a trailing dash is allowed (generateName prefixes). */
const maskTrailingDash = (s: string) => (s.length > 1 && s.endsWith('-') ? `${s.slice(0, -2)}a` : s);

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const FORMATS: Record<string, (s: string) => string[]> = {
  dns1123Label: isDNS1123Label,
  dns1123Subdomain: isDNS1123Subdomain,
  dns1035Label: isDNS1035Label,
  qualifiedName: isQualifiedName,
  dns1123LabelPrefix: (s) => isDNS1123Label(maskTrailingDash(s)),
  dns1123SubdomainPrefix: (s) => isDNS1123Subdomain(maskTrailingDash(s)),
  dns1035LabelPrefix: (s) => isDNS1035Label(maskTrailingDash(s)),
  labelValue: isValidLabelValue,
  uri: (s) => {
    try {
      parseRequestUri(s);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  },
  uuid: (s) => (UUID.test(s) ? [] : ['does not match the UUID format']),
  byte: (s) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? [] : ['invalid base64']),
  date: (s) => (validDate(s) ? [] : ['invalid date']),
  datetime: (s) => (DATETIME.test(s) && validDate(s.slice(0, 10)) ? [] : ['invalid datetime']),
};

const formats = new Map(Object.entries(FORMATS).map(([name, fn]) => [name, makeOpaque('format', fn, name)]));

export const formatFunctions: CelFunc[] = [
  ...[...formats].map(([name, f]) => celFunc(`format.${name}`, [], OPAQUE, () => f)),
  celFunc('format.named', [STRING], OPAQUE, (name) => {
    const f = formats.get(name);
    return f ? optionalOf(f) : OPTIONAL_NONE;
  }),
  celMethod('validate', OPAQUE, [STRING], OPAQUE, function (s) {
    const errs = expectOpaque<(s: string) => string[]>(this, 'format', 'validate')(s);
    return errs.length === 0 ? OPTIONAL_NONE : optionalOf(celList(errs));
  }),
];

export const optionalFunctions: CelFunc[] = [
  celFunc('optional.of', [DYN], OPAQUE, (v) => optionalOf(v)),
  celFunc('optional.none', [], OPAQUE, () => OPTIONAL_NONE),
  celFunc('optional.ofNonZeroValue', [DYN], OPAQUE, (v) => (isZero(v) ? OPTIONAL_NONE : optionalOf(v))),
  celMethod('hasValue', OPAQUE, [], CelScalar.BOOL, function () {
    return optionalData(this, 'hasValue').present;
  }),
  celMethod('value', OPAQUE, [], DYN, function () {
    const o = optionalData(this, 'value');
    if (!o.present) throw new Error('optional.none() dereference');
    return o.value;
  }),
  celMethod('orValue', OPAQUE, [DYN], DYN, function (v) {
    const o = optionalData(this, 'orValue');
    return o.present ? o.value : v;
  }),
  celMethod('or', OPAQUE, [OPAQUE], OPAQUE, function (other) {
    optionalData(other, 'or');
    return optionalData(this, 'or').present ? this : other;
  }),
];

function isZero(v: CelValue): boolean {
  if (v === null || v === false || v === 0 || v === 0n || v === '') return true;
  if (v instanceof Uint8Array) return v.length === 0;
  if (typeof v === 'object' && 'size' in v && typeof v.size === 'number') return v.size === 0;
  return false;
}
