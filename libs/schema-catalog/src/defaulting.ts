// Structural defaulting, as the API server does it before it validates a custom resource: a field with a
// `default` in the CRD's schema that the object leaves out is set, in every object the request has, the
// defaulted values included. Validation (oneOf branches, enums, CEL) then judges the defaulted object: a
// Gateway address without `type` is an IPAddress. Source: kubernetes/kubernetes
// staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/algorithm.go (Default: properties,
// items and additionalProperties, in that walk); docs "Defaulting" of CustomResourceDefinitions.

type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Whether a schema sets any default (then the object is worth walking). */
export function hasDefaults(schema: Schema): boolean {
  return JSON.stringify(schema).includes('"default"');
}

/** The object with the schema's defaults applied; the input is not changed (copied where defaults go). */
export function applyStructuralDefaults(schema: Schema, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = isObj(schema.items) ? schema.items : undefined;
    if (!items) return value;
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = applyStructuralDefaults(items, item);
      if (next !== item) (out ??= [...value])[i] = next;
    });
    return out ?? value;
  }
  if (!isObj(value)) return value;
  const properties = isObj(schema.properties) ? schema.properties : {};
  const additional = isObj(schema.additionalProperties) ? schema.additionalProperties : undefined;
  let out: Record<string, unknown> | undefined;
  for (const [name, sub] of Object.entries(properties)) {
    if (!isObj(sub)) continue;
    const current = value[name];
    if (current === undefined && sub.default !== undefined) {
      (out ??= { ...value })[name] = applyStructuralDefaults(sub, structuredClone(sub.default));
      continue;
    }
    if (current === undefined) continue;
    const next = applyStructuralDefaults(sub, current);
    if (next !== current) (out ??= { ...value })[name] = next;
  }
  if (additional)
    for (const [name, current] of Object.entries(value)) {
      if (name in properties) continue;
      const next = applyStructuralDefaults(additional, current);
      if (next !== current) (out ??= { ...value })[name] = next;
    }
  return out ?? value;
}
