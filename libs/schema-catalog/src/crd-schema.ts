// CustomResourceDefinition -> strict JSON Schema (draft-07 for ajv), one per served version.

export interface ConvertStats {
  /** x-kubernetes-validations (CEL) rules seen and not evaluated. */
  celRules: number;
  /** Go regular expressions JavaScript cannot compile (dropped, not enforced). */
  droppedPatterns: number;
}

type Schema = Record<string, unknown>;

/** Versions of a CRD as `{group, kind, version, schema}`; a CRD without schemas yields nothing. */
export function crdVersions(
  crd: Record<string, unknown>,
  stats: ConvertStats,
): Array<{ group: string; kind: string; version: string; schema: Schema }> {
  const spec = crd.spec as Record<string, unknown> | undefined;
  const group = typeof spec?.group === 'string' ? spec.group : undefined;
  const kind =
    typeof (spec?.names as Record<string, unknown> | undefined)?.kind === 'string'
      ? ((spec!.names as Record<string, unknown>).kind as string)
      : undefined;
  if (!group || !kind || !Array.isArray(spec?.versions)) return [];
  const out: Array<{ group: string; kind: string; version: string; schema: Schema }> = [];
  for (const v of (spec.versions as unknown[]).filter(
    (x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x),
  )) {
    const raw = (v.schema as Record<string, unknown> | undefined)?.openAPIV3Schema as Schema | undefined;
    if (typeof v.name !== 'string' || !raw || v.served === false) continue;
    const schema = strictSchema(raw, stats);
    // apiVersion, kind and metadata are always allowed, whatever the CRD lists.
    const props = (schema.properties ??= {}) as Record<string, Schema>;
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata = { type: 'object' };
    out.push({ group, kind, version: v.name, schema });
  }
  return out;
}

/** Versions a CRD declares with `served: false`: the API server refuses objects of them. */
export function unservedVersions(
  crd: Record<string, unknown>,
): { group: string; kind: string; unserved: string[]; served: string[] } | undefined {
  const spec = crd.spec as Record<string, unknown> | undefined;
  const group = typeof spec?.group === 'string' ? spec.group : undefined;
  const kind =
    typeof (spec?.names as Record<string, unknown> | undefined)?.kind === 'string'
      ? ((spec!.names as Record<string, unknown>).kind as string)
      : undefined;
  if (!group || !kind || !Array.isArray(spec?.versions)) return undefined;
  const versions = (spec.versions as unknown[]).filter(
    (x): x is Record<string, unknown> =>
      !!x && typeof x === 'object' && typeof (x as Record<string, unknown>).name === 'string',
  );
  const unserved = versions.filter((v) => v.served === false).map((v) => v.name as string);
  return unserved.length
    ? { group, kind, unserved, served: versions.filter((v) => v.served !== false).map((v) => v.name as string) }
    : undefined;
}

/**
 * Translates OpenAPI v3 with Kubernetes extensions into JSON Schema: objects that list properties
 * refuse others (strict), except under x-kubernetes-preserve-unknown-fields; int-or-string becomes
 * integer-or-string; nullable adds null; CEL rules are counted; uncompilable patterns are dropped.
 */
export function strictSchema(node: Schema, stats: ConvertStats, preserve = false): Schema {
  const out: Schema = {};
  const preserveHere = preserve || node['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case 'properties': {
        const props: Record<string, Schema> = {};
        for (const [name, child] of Object.entries(value as Record<string, Schema>))
          props[name] = strictSchema(child, stats, preserveHere);
        out.properties = props;
        break;
      }
      case 'items':
        out.items = Array.isArray(value)
          ? value.map((v) => strictSchema(v as Schema, stats, preserveHere))
          : strictSchema(value as Schema, stats, preserveHere);
        break;
      case 'additionalProperties':
        out.additionalProperties =
          typeof value === 'object' && value !== null ? strictSchema(value as Schema, stats, preserveHere) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as Schema[]).map((v) => strictSchema(v, stats, preserveHere));
        break;
      case 'not':
        out.not = strictSchema(value as Schema, stats, preserve);
        break;
      case 'x-kubernetes-validations':
        stats.celRules += Array.isArray(value) ? value.length : 0;
        break;
      case 'pattern':
        try {
          new RegExp(value as string, 'u');
          out.pattern = value;
        } catch {
          stats.droppedPatterns++;
        }
        break;
      case 'description':
      case 'example':
      case 'externalDocs':
        break;
      default:
        if (!key.startsWith('x-kubernetes-')) out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    const numeric = { type: 'integer' };
    const text = { type: 'string' };
    out.anyOf = out.anyOf ? out.anyOf : [numeric, text];
  }
  if (node.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  } else delete out.nullable;
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (isObject && out.properties && out.additionalProperties === undefined && !preserveHere)
    out.additionalProperties = false;
  return out;
}
