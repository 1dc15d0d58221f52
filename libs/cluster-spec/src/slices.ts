// A multi-host TPU slice is one GKE node pool: its node count is the slice's hosts, it is created and
// deleted whole, and it cannot grow into a second slice (GKE "TPUs in GKE": multi-host slice node pools are
// atomic; more slices need more node pools; xpk creates them with num-nodes = VMs per slice). A spec node
// pool of a multi-host topology therefore stands for `slices` GKE node pools of one slice each.
import type { NodePoolSpec } from './types.js';

/** The GKE node pools a spec node pool becomes: itself, then `<name>-2`, `<name>-3`, ... for more slices. */
export function slicePoolNames(pool: Pick<NodePoolSpec, 'name' | 'slices'>, hosts: number): string[] {
  if (hosts <= 1) return [pool.name];
  const count = Math.max(1, pool.slices ?? 1);
  return Array.from({ length: count }, (_, i) => (i === 0 ? pool.name : `${pool.name}-${i + 1}`));
}

/** Where the generator records the topology of a TPU7x slice placed by a workload policy (the object names none). */
export const TPU_TOPOLOGY_ANNOTATION = 'inference-gitops.dev/tpu-topology';
