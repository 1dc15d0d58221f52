// The objects a KServe release writes for an LLMInferenceService, and whether the platform serves their kinds: a
// reconcile that cannot write one fails, and the endpoint never becomes ready, although every object of the tree
// is valid. The upgrade that removes a CRD KServe still writes (Inference Extension 1.5 dropped the
// inference.networking.x-k8s.io InferencePool) is found here, before the sync.
import type { Finding, Resource } from '@inference-gitops/core';
import type { PlatformSelection, SchemaCatalog } from '@inference-gitops/schema-catalog';

interface Derived {
  apiVersion: string;
  kind: string;
  /** Which part of the service makes KServe write it. */
  when: 'scheduler' | 'worker';
  source: string;
}

const ODH = 'opendatahub-io/kserve odh-v3.4-EA1 pkg/controller/llmisvc';
const UPSTREAM = 'kserve/kserve v0.20.0 pkg/controller/v1alpha2/llmisvc';
/** By KServe release (versions.kserve): what its reconciler must write, or fails. */
const DERIVED: Readonly<Record<string, readonly Derived[]>> = {
  'odh-v3.4-EA1': [
    // reconcileSchedulerInferenceModel runs first and returns its error; the v1alpha2 pool is written with the
    // typed client (its error returned), the v1 pool only best-effort.
    {
      apiVersion: 'inference.networking.x-k8s.io/v1alpha2',
      kind: 'InferenceModel',
      when: 'scheduler',
      source: `${ODH}/scheduler.go reconcileSchedulerInferenceModel`,
    },
    {
      apiVersion: 'inference.networking.x-k8s.io/v1alpha2',
      kind: 'InferencePool',
      when: 'scheduler',
      source: `${ODH}/scheduler.go reconcileSchedulerInferencePool`,
    },
    {
      apiVersion: 'leaderworkerset.x-k8s.io/v1',
      kind: 'LeaderWorkerSet',
      when: 'worker',
      source: `${ODH}/workload_multi_node.go`,
    },
  ],
  'v0.20.0': [
    // The v1 pool always; the x-k8s.io pool only when its CRD exists (scheduler.go reconcileV1Alpha2InferencePool).
    {
      apiVersion: 'inference.networking.k8s.io/v1',
      kind: 'InferencePool',
      when: 'scheduler',
      source: `${UPSTREAM}/scheduler.go`,
    },
    {
      apiVersion: 'leaderworkerset.x-k8s.io/v1',
      kind: 'LeaderWorkerSet',
      when: 'worker',
      source: `${UPSTREAM}/workload_multi_node.go`,
    },
  ],
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Findings on each LLMInferenceService whose derived objects this platform cannot hold. */
export function kserveDerivedFindings(
  resources: readonly Resource[],
  catalog: SchemaCatalog,
  selection: PlatformSelection | undefined,
): Array<{ finding: Finding; resource: Resource }> {
  const release = selection?.kserve;
  const derived = release ? DERIVED[release] : undefined;
  if (!release || !derived) return [];
  const out: Array<{ finding: Finding; resource: Resource }> = [];
  for (const resource of resources) {
    if (resource.kind !== 'LLMInferenceService' || !resource.apiVersion.startsWith('serving.kserve.io/')) continue;
    const spec = isObj(resource.object.spec) ? resource.object.spec : {};
    const router = isObj(spec.router) ? spec.router : undefined;
    const scheduler = isObj(router?.scheduler) ? router.scheduler : undefined;
    // A pool given by reference is the tree's own; KServe writes one only for a managed scheduler.
    const managed = scheduler !== undefined && !(isObj(scheduler.pool) && isObj(scheduler.pool.ref));
    for (const d of derived) {
      const needed = d.when === 'scheduler' ? managed : isObj(spec.worker);
      if (!needed || catalog.serves(d.apiVersion, d.kind)) continue;
      const path = d.when === 'scheduler' ? '/spec/router/scheduler' : '/spec/worker';
      out.push({
        resource,
        finding: {
          rule: 'kserve-derived-kinds',
          severity: 'error',
          path,
          message: `KServe ${release} writes ${/^[AEIOU]/.test(d.kind) ? 'an' : 'a'} ${d.kind} (${d.apiVersion}) for this service (${d.when === 'scheduler' ? 'its managed scheduler' : 'its workers'}), and this platform does not serve that kind: the reconcile fails there and the endpoint never becomes ready`,
          hint: `Install the CRD that serves ${d.apiVersion} ${d.kind} (versions: in the cluster spec), or run a KServe release that writes what the platform serves. Source: ${d.source}.`,
        },
      });
    }
  }
  return out;
}
