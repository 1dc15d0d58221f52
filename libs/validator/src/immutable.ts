// Changes the API server refuses on update (`field is immutable`, StatefulSet `Forbidden`): an object of
// the base revision and the same object at the head, compared field by field. Argo CD surfaces them only
// at sync (or not at all with server-side diff, argo-cd #28722); here they fail the pull request.
// Sources: kubernetes/kubernetes pkg/registry/apps/{deployment,replicaset,daemonset,statefulset}/strategy.go,
// pkg/apis/apps/validation (StatefulSet update), pkg/apis/batch/validation (Job), pkg/apis/core/validation
// (Service clusterIP, PVC spec, ConfigMap/Secret immutable, Secret type); KServe llm_inference_service_validation.go.
import { isDeepStrictEqual } from 'node:util';
import type { Finding, Resource } from '@inference-gitops/core';
import { configConnectorChanges } from './config-connector/changes.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const at = (o: unknown, path: string[]): unknown => path.reduce<unknown>((n, k) => obj(n)?.[k], o);
const pointer = (path: string[]) => '/' + path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** StatefulSet spec fields an update may change. */
const STATEFULSET_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

interface Change {
  path: string[];
  message: string;
  hint: string;
}

export function identity(r: Resource): string {
  return `${r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : ''}|${r.kind}|${r.namespace ?? ''}|${r.name}`;
}

function changed(before: Obj, after: Obj, path: string[]): boolean {
  const a = at(before, path);
  const b = at(after, path);
  return a !== undefined && b !== undefined && !isDeepStrictEqual(a, b);
}

const RECREATE =
  'The API server refuses to change it on update: keep the old value, or delete and recreate the ' +
  'object (Argo CD: the Replace=true and Force=true sync options on this resource), knowing the pods ' +
  'or data behind it go with it.';

export function immutableChanges(before: Resource, after: Resource): Change[] {
  const a = before.object;
  const b = after.object;
  const out: Change[] = [];
  const field = (path: string[], what: string) => {
    if (changed(a, b, path))
      out.push({
        path,
        message: `${what} of ${after.kind} ${after.name} changed from ${JSON.stringify(at(a, path))} to ${JSON.stringify(at(b, path))}, but it is immutable`,
        hint: RECREATE,
      });
  };
  switch (after.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      if (after.apiVersion.startsWith('apps/')) field(['spec', 'selector'], 'spec.selector');
      break;
    case 'StatefulSet':
      if (!after.apiVersion.startsWith('apps/')) break;
      for (const key of new Set([...Object.keys(obj(a.spec) ?? {}), ...Object.keys(obj(b.spec) ?? {})])) {
        if (STATEFULSET_MUTABLE.includes(key)) continue;
        if (!isDeepStrictEqual(at(a, ['spec', key]), at(b, ['spec', key]))) {
          out.push({
            path: ['spec', key],
            message: `spec.${key} of StatefulSet ${after.name} changed; updates to a StatefulSet may change only ${STATEFULSET_MUTABLE.join(', ')} (Forbidden)`,
            hint: RECREATE,
          });
        }
      }
      break;
    case 'Job':
      if (!after.apiVersion.startsWith('batch/')) break;
      field(['spec', 'selector'], 'spec.selector');
      field(['spec', 'template'], 'spec.template');
      break;
    case 'Service':
      if (after.apiVersion !== 'v1') break;
      field(['spec', 'clusterIP'], 'spec.clusterIP');
      break;
    case 'PersistentVolumeClaim': {
      if (after.apiVersion !== 'v1') break;
      const specA = obj(a.spec) ?? {};
      const specB = obj(b.spec) ?? {};
      for (const key of new Set([...Object.keys(specA), ...Object.keys(specB)])) {
        if (key === 'resources' || key === 'volumeAttributesClassName') continue;
        if (!isDeepStrictEqual(specA[key], specB[key]))
          out.push({
            path: ['spec', key],
            message: `spec.${key} of PersistentVolumeClaim ${after.name} changed, but a claim's spec is immutable except resources.requests and volumeAttributesClassName`,
            hint: RECREATE,
          });
      }
      const oldSize = quantityBytes(at(a, ['spec', 'resources', 'requests', 'storage']));
      const newSize = quantityBytes(at(b, ['spec', 'resources', 'requests', 'storage']));
      if (oldSize !== undefined && newSize !== undefined && newSize < oldSize)
        out.push({
          path: ['spec', 'resources', 'requests', 'storage'],
          message: `PersistentVolumeClaim ${after.name} shrinks from ${String(at(a, ['spec', 'resources', 'requests', 'storage']))} to ${String(at(b, ['spec', 'resources', 'requests', 'storage']))}; storage can only grow`,
          hint: 'Keep the old size or a larger one.',
        });
      break;
    }
    case 'ConfigMap':
    case 'Secret': {
      if (after.apiVersion !== 'v1') break;
      if (a.immutable === true) {
        for (const key of ['data', 'binaryData', ...(after.kind === 'Secret' ? ['stringData'] : [])]) {
          if (!isDeepStrictEqual(a[key], b[key]))
            out.push({
              path: [key],
              message: `${after.kind} ${after.name} is immutable (immutable: true) but its ${key} changed`,
              hint: 'Create a new object under a new name (e.g. a configMapGenerator hash suffix) instead of changing this one.',
            });
        }
        if (b.immutable !== true)
          out.push({
            path: ['immutable'],
            message: `${after.kind} ${after.name} was immutable; immutable cannot be set back to false`,
            hint: 'Create a new object under a new name.',
          });
      }
      if (after.kind === 'Secret') {
        const typeA = a.type ?? 'Opaque';
        const typeB = b.type ?? 'Opaque';
        if (typeA !== typeB)
          out.push({
            path: ['type'],
            message: `type of Secret ${after.name} changed from ${String(typeA)} to ${String(typeB)}, but it is immutable`,
            hint: RECREATE,
          });
      }
      break;
    }
    case 'ContainerCluster':
    case 'ContainerNodePool':
      if (after.apiVersion.startsWith('container.cnrm.cloud.google.com/'))
        out.push(...configConnectorChanges(before, after));
      break;
    case 'LLMInferenceService': {
      if (!after.apiVersion.startsWith('serving.kserve.io/')) break;
      // KServe's webhook (validateImmutableParallelism) compares the size of the worker group, for the
      // service and, when both revisions have one, its prefill: tensor parallelism is not part of it.
      const parts =
        obj(a.spec)?.prefill !== undefined && obj(b.spec)?.prefill !== undefined
          ? [['spec'], ['spec', 'prefill']]
          : [['spec']];
      for (const part of parts) {
        const [from, to] = [
          parallelismSize(at(a, [...part, 'parallelism'])),
          parallelismSize(at(b, [...part, 'parallelism'])),
        ];
        const where = [...part, 'parallelism'].join('.');
        if (from !== to)
          out.push({
            path: [...part, 'parallelism'],
            message: `the total parallelism size (${where}: data / dataLocal, else pipeline) of LLMInferenceService ${after.name} changed from ${from} to ${to}; KServe's webhook refuses to change it on update`,
            hint: 'Create the service under a new name, or delete and recreate it.',
          });
      }
      break;
    }
  }
  return out;
}

/**
 * KServe's ParallelismSpec.GetSize, 1 when unset: data / dataLocal (integer division, at least 1) when data
 * parallel (either set above 0), else pipeline when pipeline parallel.
 */
export function parallelismSize(parallelism: unknown): number {
  const p = obj(parallelism);
  const n = (k: string) => (typeof p?.[k] === 'number' ? (p[k] as number) : undefined);
  if ((n('data') ?? 0) > 0 || (n('dataLocal') ?? 0) > 0)
    return Math.max(Math.trunc(Math.max(n('data') ?? 1, 1) / Math.max(n('dataLocal') ?? 1, 1)), 1);
  if ((n('pipeline') ?? 0) > 0) return n('pipeline')!;
  return 1;
}

const annotation = (r: Resource, key: string): string | undefined => {
  const value = obj(obj(r.object.metadata)?.annotations)?.[key];
  return typeof value === 'string' ? value : undefined;
};
const csv = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A sync hook Argo CD deletes before it creates the new one: never updated, so nothing of it is immutable.
 * A hook is a resource with argocd.argoproj.io/hook (but Skip) or helm.sh/hook; its delete policies come
 * from argocd.argoproj.io/hook-delete-policy and helm.sh/hook-delete-policy, and none means
 * BeforeHookCreation (argoproj/gitops-engine pkg/sync/hook/delete_policy.go, DeletePolicies).
 */
export function recreatedHook(r: Resource): boolean {
  const argo = csv(annotation(r, 'argocd.argoproj.io/hook'));
  const helm = csv(annotation(r, 'helm.sh/hook'));
  if (argo.length === 0 && helm.length === 0) return false;
  if (argo.length > 0 && argo.every((h) => h === 'Skip')) return false;
  const policies = [
    ...csv(annotation(r, 'argocd.argoproj.io/hook-delete-policy')),
    ...csv(annotation(r, 'helm.sh/hook-delete-policy')).map((p) =>
      p === 'before-hook-creation' ? 'BeforeHookCreation' : p,
    ),
  ];
  return policies.length === 0 || policies.includes('BeforeHookCreation');
}

/** Findings for every object both revisions render whose change the API server refuses. */
export function immutableFindings(
  base: readonly Resource[],
  head: readonly Resource[],
): Array<{ finding: Finding; resource: Resource }> {
  const before = new Map(base.map((r) => [identity(r), r]));
  const out: Array<{ finding: Finding; resource: Resource }> = [];
  for (const r of head) {
    const old = before.get(identity(r));
    if (!old) continue; // new at the head: created, not updated
    if (recreatedHook(r)) continue; // deleted and created again at each sync
    for (const c of immutableChanges(old, r))
      out.push({
        resource: r,
        finding: {
          rule: 'immutable-field',
          severity: 'error',
          message: c.message,
          hint: c.hint,
          path: pointer(c.path),
        },
      });
  }
  return out;
}

/** A storage quantity in bytes (binary and decimal suffixes), or undefined when it does not parse. */
function quantityBytes(v: unknown): number | undefined {
  const m = /^([0-9.]+)([KMGTPE]i?|[kMGTPE])?$/.exec(String(v ?? ''));
  if (!m) return undefined;
  const unit = m[2] ?? '';
  const pow = 'KMGTPE'.indexOf(unit.replace('i', '').replace('k', 'K')) + 1;
  return Number(m[1]) * (unit.endsWith('i') ? 1024 : 1000) ** pow;
}
