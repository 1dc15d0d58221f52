// Changes to a GKE cluster's or node pool's Config Connector object that GCP cannot make in place.
import { isDeepStrictEqual } from 'node:util';
import type { Resource } from '@inference-gitops/core';
import compiled from './immutable-fields.json' with { type: 'json' };
import { UNMARKED_IMMUTABLE, type ImmutableFieldsFile } from './immutable-fields.js';

const FIELDS = (compiled as ImmutableFieldsFile).kinds;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const segments = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** The value at a pointer; a `*` segment stands for the whole list (compared as one). */
function at(o: unknown, pointer: string): unknown {
  let node = o;
  for (const key of segments(pointer)) {
    if (key === '*') return node;
    node = obj(node)?.[key];
  }
  return node;
}

const show = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));

export function configConnectorChanges(
  before: Resource,
  after: Resource,
): Array<{ path: string[]; message: string; hint: string }> {
  const what = after.kind === 'ContainerCluster' ? 'cluster' : 'node pool';
  const pointers = [...(FIELDS[after.kind] ?? []), ...(UNMARKED_IMMUTABLE[after.kind] ?? []).map((u) => u.path)];
  const out: Array<{ path: string[]; message: string; hint: string }> = [];
  for (const pointer of pointers) {
    const path = segments(pointer.replace(/\/\*.*$/, ''));
    const [a, b] = [at(before.object, pointer), at(after.object, pointer)];
    if (isDeepStrictEqual(a, b)) continue;
    out.push({
      path,
      message: `${path.join('.')} of ${after.kind} ${after.name} changes from ${show(a)} to ${show(b)}, but GCP cannot change it in place: Config Connector refuses the update (or the object turns UpdateFailed) and never recreates the ${what}`,
      hint:
        after.kind === 'ContainerNodePool'
          ? 'Add a node pool with the new value under a new name (nodePools), move the endpoints to it, then remove the old one (list it in configConnector.removals).'
          : 'Create a new cluster with the new value, move the workloads, then remove the old one (list it in configConnector.removals).',
    });
  }
  return out;
}
