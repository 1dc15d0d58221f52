import type { ErrorObject } from 'ajv';
import type { Finding } from '@inference-gitops/core';

/** ajv errors -> `schema` findings: one per problem, the noise of anyOf branches folded away. */
export function schemaFindings(errors: ErrorObject[], object: Record<string, unknown>, label: string): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  // When an int-or-string (anyOf) fails, ajv reports each branch and the anyOf: keep one message.
  const anyOfPaths = new Set(
    errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  for (const path of anyOfPaths) {
    // One finding per failed int-or-string/quantity: the most specific branch error, else the anyOf itself.
    const group = errors.filter((e) => e.instancePath === path);
    const best =
      group.find((e) => e.keyword === 'format') ??
      group.find((e) => e.keyword === 'pattern') ??
      group.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')!;
    errors = errors.filter((e) => e.instancePath !== path || e === best);
  }
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'not') continue;
    const finding = toFinding(e, object, label);
    const key = `${finding.path}|${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(finding);
  }
  return out;
}

function toFinding(e: ErrorObject, object: Record<string, unknown>, label: string): Finding {
  const value = valueAt(object, e.instancePath);
  const at = e.instancePath === '' ? label : `${e.instancePath}`;
  const base = { rule: 'schema', severity: 'error' as const };
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(e.params.additionalProperty);
      return {
        ...base,
        path: `${e.instancePath}/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: `unknown field "${field}"${e.instancePath ? ` in ${e.instancePath}` : ''}`,
        hint: `${label} does not have this field here: check the spelling and the indentation (the API server would drop or reject it).`,
      };
    }
    case 'required':
      return {
        ...base,
        path: e.instancePath,
        message: `missing required field "${String(e.params.missingProperty)}"${e.instancePath ? ` in ${e.instancePath}` : ''}`,
      };
    case 'type':
      return {
        ...base,
        path: e.instancePath,
        message: `${at} must be ${String(e.params.type).replace(',', ' or ')}, not ${describe(value)}`,
      };
    case 'enum':
      return {
        ...base,
        path: e.instancePath,
        message: `${at} is ${JSON.stringify(value)}, not one of the allowed values`,
        hint: `Allowed: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`,
      };
    case 'oneOf': {
      // The API server's words (kube-openapi validate): "must validate one and only one schema (oneOf)".
      const passing = e.params.passingSchemas as number[] | null | undefined;
      return {
        ...base,
        path: e.instancePath,
        message: `${at} must validate one and only one schema (oneOf): it matches ${Array.isArray(passing) ? `${passing.length} of them` : 'none'}`,
        hint: Array.isArray(passing)
          ? 'Set the field that tells the shapes apart (after the defaults the API server applies).'
          : 'The other errors at this path say what each shape refuses.',
      };
    }
    case 'anyOf':
      return {
        ...base,
        path: e.instancePath,
        message: `${at} has the wrong type: ${describe(value)}`,
        hint: 'Expected an integer or a string (int-or-string), or another allowed shape.',
      };
    case 'pattern':
      return {
        ...base,
        path: e.instancePath,
        message: `${at} ${JSON.stringify(value)} does not match the pattern ${String(e.params.pattern)}`,
        ...(e.instancePath.includes('resources/') ? { hint: 'Quantities look like 4, 500m, 16Gi.' } : {}),
      };
    case 'format':
      return {
        ...base,
        path: e.instancePath,
        message: `${at} ${JSON.stringify(value)} is not a valid ${String(e.params.format)}`,
      };
    default:
      return { ...base, path: e.instancePath, message: `${at} ${e.message ?? 'is invalid'}` };
  }
}

function valueAt(object: unknown, pointer: string): unknown {
  let node = object;
  for (const seg of pointer.split('/').slice(1))
    node = (node as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
