// Fields the base of a resource sets that its rendered form lacks: what a strategic-merge patch wiped by
// replacing a list or a map. On a custom resource without merge keys kustomize replaces whole lists, so
// `containers: [{name: main, resources: ...}]` drops the image, args, env and probes; KServe then fills
// them from its preset (a CUDA image serving TLS), and nothing in the patch looks wrong.

/** Merge keys of the Kubernetes list types, as strategic merge uses them. */
const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

export interface DroppedField {
  /** JSON pointer in the base (and, for list items matched by key, in the rendered object). */
  pointer: string;
  /** What is gone: "field", or "N of M items" for a list that got shorter. */
  what: string;
}

/**
 * A fact of one render, not a verdict: a strategic-merge patch that picks a resource left fields of its
 * base out (the validator's patch-drops-fields check judges it).
 */
export interface PatchDrop {
  /** The resource's index in the render's resources. */
  resource: number;
  /** The last patch that picks the resource, and where in it the first dropped field would be. */
  patch: string;
  line: number;
  column: number;
  /** The file that sets the dropped fields (the resource's declaring file). */
  base: string;
  dropped: DroppedField[];
}

/** Top-most pointers of `base` that `rendered` no longer has. */
export function droppedFields(base: unknown, rendered: unknown, pointer = ''): DroppedField[] {
  if (isObj(base)) {
    if (!isObj(rendered)) return [];
    const out: DroppedField[] = [];
    for (const [k, v] of Object.entries(base)) {
      const p = `${pointer}/${escape(k)}`;
      if (!(k in rendered)) {
        if (v !== null && !(isObj(v) && Object.keys(v).length === 0)) out.push({ pointer: p, what: 'field' });
      } else out.push(...droppedFields(v, rendered[k], p));
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(rendered)) {
    const key = MERGE_KEYS.find(
      (k) => base.length > 0 && base.every((e) => isObj(e) && e[k] !== undefined && typeof e[k] !== 'object'),
    );
    if (key) {
      const out: DroppedField[] = [];
      base.forEach((element, i) => {
        const at = rendered.findIndex((r) => isObj(r) && r[key] === (element as Obj)[key]);
        if (at < 0) out.push({ pointer: `${pointer}/${i}`, what: `item ${key}=${String((element as Obj)[key])}` });
        else out.push(...droppedFields(element, rendered[at], `${pointer}/${at}`));
      });
      return out;
    }
    if (rendered.length < base.length)
      return [{ pointer, what: `${base.length - rendered.length} of ${base.length} items` }];
  }
  return [];
}
