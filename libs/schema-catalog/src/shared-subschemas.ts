// CRD schemas carry no references: every copy of a shared type is spelled out in full. KServe's
// LLMInferenceService holds four pod specs (template, worker, and both again under prefill), each with its
// containers and init containers; ajv compiles every copy into its own code (6 MB for that one kind),
// which every run then reads and loads. Here each subschema that occurs more than once, and is large
// enough to matter, moves to `definitions` and every occurrence becomes a `$ref` to it: the same checks,
// compiled once. Errors keep their keyword, params, message and instancePath (only schemaPath, which
// findings do not use, points into `definitions`).

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = [
  'items',
  'additionalProperties',
  'not',
  'additionalItems',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];

/** Subschemas shorter than this (as JSON) stay inline: a call costs more than the code it saves. */
const MIN_SHARED_LENGTH = 2000;

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Calls `visit` on every direct subschema of `schema`, with a setter that replaces it. */
function eachSubschema(schema: Schema, visit: (sub: Schema, replace: (next: Schema) => void) => void): void {
  for (const k of SCHEMA_KEYWORDS) {
    const v = schema[k];
    if (isSchema(v)) visit(v, (next) => (schema[k] = next));
    else if (k === 'items' && Array.isArray(v)) v.forEach((s, i) => isSchema(s) && visit(s, (next) => (v[i] = next)));
  }
  for (const k of SCHEMA_LIST_KEYWORDS) {
    const v = schema[k];
    if (Array.isArray(v)) v.forEach((s, i) => isSchema(s) && visit(s, (next) => (v[i] = next)));
  }
  for (const k of SCHEMA_MAP_KEYWORDS) {
    const v = schema[k];
    if (!isSchema(v)) continue;
    for (const [name, s] of Object.entries(v)) if (isSchema(s)) visit(s, (next) => (v[name] = next));
  }
}

/**
 * A copy of `schema` in which repeated large subschemas are shared through `definitions` and `$ref`.
 * Returns the schema itself when nothing repeats (or when it already uses references, which would
 * change meaning if moved).
 */
export function shareRepeatedSubschemas(schema: Schema): Schema {
  const text = JSON.stringify(schema);
  if (text.includes('"$ref"') || text.includes('"$id"')) return schema;
  const root = JSON.parse(text) as Schema;
  // Post-order: each subschema's JSON, counted.
  const counts = new Map<string, number>();
  const jsonOf = new Map<Schema, string>();
  const measure = (node: Schema): void => {
    eachSubschema(node, (sub) => measure(sub));
    const json = JSON.stringify(node);
    jsonOf.set(node, json);
    if (json.length >= MIN_SHARED_LENGTH) counts.set(json, (counts.get(json) ?? 0) + 1);
  };
  measure(root);
  const shared = new Map<string, string>(); // json -> definition name
  for (const [json, n] of counts) if (n > 1) shared.set(json, `shared${shared.size}`);
  if (shared.size === 0) return schema;
  const definitions: Record<string, Schema> = {};
  // Pre-order from the root: the largest repeated subtree is shared whole; its own repeated parts are
  // shared inside its definition (processed once).
  const rewrite = (node: Schema): void => {
    eachSubschema(node, (sub, replace) => {
      const name = shared.get(jsonOf.get(sub)!);
      if (name === undefined) return rewrite(sub);
      if (!definitions[name]) {
        definitions[name] = sub;
        rewrite(sub);
      }
      replace({ $ref: `#/definitions/${name}` });
    });
  };
  rewrite(root);
  const existing = isSchema(root.definitions) ? root.definitions : {};
  root.definitions = { ...existing, ...definitions };
  return root;
}
