/**
 * String formats of the API server, after staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 * (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsValidPortName,
 * IsConfigMapKey, IsValidPortNum).
 */

export interface NameFormat {
  /** Plural noun: "lowercase RFC 1123 subdomains". */
  plural: string;
  /** The rule in words. */
  rule: string;
  max: number;
  re: RegExp;
}

export const DNS1123_LABEL: NameFormat = {
  plural: 'lowercase RFC 1123 labels',
  rule: "at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit",
  max: 63,
  re: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
};

export const DNS1123_SUBDOMAIN: NameFormat = {
  plural: 'lowercase RFC 1123 subdomains',
  rule: "at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
  max: 253,
  re: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
};

export const DNS1035_LABEL: NameFormat = {
  plural: 'DNS-1035 labels',
  rule: "at most 63 characters: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
  max: 63,
  re: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
};

/** RBAC names (ValidateRBACName = path.IsValidPathSegmentName): anything but '.', '..', '/' and '%'. */
export const PATH_SEGMENT: NameFormat = {
  plural: 'path segment names',
  rule: "not '.' or '..', and without '/' or '%'",
  max: Number.POSITIVE_INFINITY,
  re: /^(?!\.\.?$)[^/%]+$/,
};

/** Does the value conform? Returns the extra clause for the message ("" when only the pattern fails), or undefined when valid. */
export function formatProblem(value: string, format: NameFormat): string | undefined {
  const tooLong = value.length > format.max;
  const badPattern = !format.re.test(value);
  if (!tooLong && !badPattern) return undefined;
  return tooLong ? `, and this one is ${value.length} characters long` : '';
}

/** A conforming name derived from a bad one, when the repair is obvious (case, separators, length). */
export function suggestName(value: string, format: NameFormat): string | undefined {
  if (format === PATH_SEGMENT) return undefined;
  const dots = format === DNS1123_SUBDOMAIN;
  let s = value.toLowerCase().replace(dots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-');
  if (dots) s = s.replace(/-*\.+-*/g, '.').replace(/\.{2,}/g, '.');
  s = s
    .replace(/-{2,}/g, '-')
    .slice(0, format.max)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return s !== '' && s !== value && format.re.test(s) ? s : undefined;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const QUALIFIED_NAME_RULE =
  "an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 " +
  "characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

/** IsQualifiedName: the reason it is not one, or undefined. */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return "it has more than one '/'";
  let name = parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix === '') return "the prefix before '/' is empty";
    if (prefix.length > 253) return `the prefix is ${prefix.length} characters long (at most 253)`;
    if (!DNS1123_SUBDOMAIN.re.test(prefix))
      return `the prefix ${JSON.stringify(prefix)} is not a lowercase RFC 1123 subdomain`;
  }
  if (name === '') return 'the name part is empty';
  if (name.length > 63) return `the name part is ${name.length} characters long (at most 63)`;
  if (!QUALIFIED_NAME.test(name)) return `the name part ${JSON.stringify(name)} ${charProblem(name, /[-A-Za-z0-9_.]/)}`;
  return undefined;
}

/** What breaks a `([A-Za-z0-9][allowed]*)?[A-Za-z0-9]` rule: the characters outside `allowed`, else the ends. */
function charProblem(value: string, allowed: RegExp): string {
  const bad = [...new Set([...value].filter((c) => !allowed.test(c)))];
  if (bad.length) return `contains ${bad.map((c) => JSON.stringify(c)).join(', ')}`;
  return 'does not start and end with a letter or digit';
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const LABEL_VALUE_RULE =
  "label values must be empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

/** IsValidLabelValue: the reason, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `it is ${value.length} characters long`;
  if (!LABEL_VALUE.test(value)) return `it ${charProblem(value, /[-A-Za-z0-9_.]/)}`;
  return undefined;
}

/** IsValidPortName (IANA_SVC_NAME): the reasons, or []. */
export function portNameProblems(name: string): string[] {
  const out: string[] = [];
  if (name.length > 15) out.push(`it is ${name.length} characters long (at most 15)`);
  if (!/^[-a-z0-9]+$/.test(name)) out.push("it may contain only lower-case letters, digits and '-'");
  if (!/[a-z]/.test(name)) out.push('it must contain at least one letter');
  if (name.includes('--')) out.push("it must not contain '--'");
  if (name.startsWith('-') || name.endsWith('-')) out.push("it must not begin or end with '-'");
  return out;
}
export const PORT_NAME_RULE =
  "an IANA service name: at most 15 characters, lower-case letters, digits and '-', at least one letter, no leading, trailing or double '-'";

/** IsConfigMapKey: the reason, or undefined. */
export function configKeyProblem(key: string): string | undefined {
  if (key === '') return 'it is empty';
  if (key.length > 253) return `it is ${key.length} characters long (at most 253)`;
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) return `it ${charProblem(key, /[-._a-zA-Z0-9]/)}`;
  if (key === '.' || key === '..') return `it must not be '${key}'`;
  if (key.startsWith('..')) return "it must not start with '..'";
  return undefined;
}

export const isPortNumber = (n: unknown): boolean =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
