// Property-name escaping, as k8s.io/apiserver/pkg/cel/escaping.go does it: a schema property becomes a CEL
// field under an escaped name (`namespace` -> `__namespace__`, `x-y` -> `x__dash__y`), or is not visible to
// CEL at all when it cannot be escaped (starts with a digit, or has a character outside [a-zA-Z0-9_.-/]).

const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

const SIMPLE = /^[A-Za-z0-9_]*$/;
const ALLOWED = /^[A-Za-z0-9_./-]*$/;

/** Returns the CEL field name for a property name, or undefined when Kubernetes would hide the property. */
export function escapeProperty(name: string): string | undefined {
  if (name.length === 0 || (name[0]! >= '0' && name[0]! <= '9')) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (SIMPLE.test(name) && !name.includes('__')) return name;
  if (!ALLOWED.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (s) => {
    switch (s) {
      case '__':
        return '__underscores__';
      case '.':
        return '__dot__';
      case '-':
        return '__dash__';
      default:
        return '__slash__';
    }
  });
}
