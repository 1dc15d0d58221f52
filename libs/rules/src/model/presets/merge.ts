// KServe's merge of an LLMInferenceService over its presets (config_merge.go at odh release-v0.15): a
// strategic merge patch with the Go types' patch metadata. Maps merge, scalars and unkeyed lists are
// replaced, keyed lists (containers by name, env by name, ...) merge element by element, null deletes.
// Order: the patch's elements keep their own order and come first, so a JSON pointer into the service's
// list still names the same element of the effective object; elements only the base has follow.

/** Field name -> merge key, for the lists of a PodSpec and a Container (core/v1 patchMergeKey tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export function strategicMerge(base: unknown, patch: unknown, field?: string): unknown {
  if (patch === undefined) return base;
  if (isObj(base) && isObj(patch)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = strategicMerge(base[k], v, k);
    }
    return out;
  }
  const key = field !== undefined ? MERGE_KEYS[field] : undefined;
  if (key && Array.isArray(base) && Array.isArray(patch)) {
    const keyOf = (e: unknown) => (isObj(e) ? e[key] : undefined);
    const merged = patch.map((p) => {
      const k = keyOf(p);
      const b = k === undefined ? undefined : base.find((e) => keyOf(e) === k);
      return b === undefined ? p : strategicMerge(b, p);
    });
    const patchKeys = new Set<unknown>(patch.map(keyOf).filter((k) => k !== undefined));
    return [...merged, ...base.filter((e) => !patchKeys.has(keyOf(e)))];
  }
  return patch;
}
