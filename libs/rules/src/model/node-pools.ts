// The TPU node pools a cluster has, as the rules judge them: the Config Connector ContainerNodePools the
// tree generates (so a hand-edited pool is judged as written), else the cluster spec's nodePools.
import type { Resource } from '@inference-gitops/core';
import { GKE_DEFAULT_DISK_GB, slicePoolNames, TPU_TOPOLOGY_ANNOTATION } from '@inference-gitops/cluster-spec';
import { ACCELERATORS, lookupShape } from '@inference-gitops/tpu-catalog';
import type { RuleContext } from '../types.js';

export interface NodePoolView {
  name: string;
  accelerator: string;
  topology: string;
  machineType: string;
  maxNodes: number;
  /** Boot disk of each node in GB (GKE's default when the object names none); undefined from the spec. */
  diskGb?: number;
  /** Where it is written: a ContainerNodePool of the tree, or the spec. */
  resource?: Resource;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The accelerator and topology of a machine type: explicit placement topology, else its single-host shape. */
function tpuShapeOf(
  machineType: string,
  tpuTopology: string | undefined,
): { accelerator: string; topology: string } | undefined {
  for (const acc of ACCELERATORS) {
    if (!acc.machineTypes.includes(machineType)) continue;
    // An explicit placement topology is what GKE provisions (a wrong one fails at creation, not here).
    if (tpuTopology) return { accelerator: acc.name, topology: tpuTopology };
    const single = acc.shapes.find((s) => s.machineType === machineType && s.hosts === 1);
    if (single) return { accelerator: acc.name, topology: single.topology };
  }
  return undefined;
}

export function containerNodePools(resources: readonly Resource[]): NodePoolView[] {
  const out: NodePoolView[] = [];
  for (const r of resources) {
    if (r.kind !== 'ContainerNodePool' || !r.apiVersion.startsWith('container.cnrm.cloud.google.com/')) continue;
    const spec = obj(r.object.spec) ?? {};
    const machineType = String(obj(spec.nodeConfig)?.machineType ?? '');
    // A TPU7x slice placed by a workload policy names no topology; the generator writes it in an annotation.
    const topology =
      obj(spec.placementPolicy)?.tpuTopology ?? obj(obj(r.object.metadata)?.annotations)?.[TPU_TOPOLOGY_ANNOTATION];
    const shape = tpuShapeOf(machineType, typeof topology === 'string' ? topology : undefined);
    if (!shape) continue;
    const max = Number(
      obj(spec.autoscaling)?.maxNodeCount ??
        obj(spec.autoscaling)?.totalMaxNodeCount ??
        spec.nodeCount ??
        spec.initialNodeCount ??
        0,
    );
    const disk = obj(spec.nodeConfig)?.diskSizeGb;
    out.push({
      name: r.name,
      ...shape,
      machineType,
      maxNodes: max,
      diskGb: typeof disk === 'number' ? disk : GKE_DEFAULT_DISK_GB,
      resource: r,
    });
  }
  return out;
}

/** The pools to judge against: the generated ContainerNodePools when the set has them, else the spec's. */
export function nodePools(ctx: RuleContext): { pools: NodePoolView[]; from: 'tree' | 'spec' } | undefined {
  const fromTree = containerNodePools(ctx.resources);
  if (fromTree.length > 0) return { pools: fromTree, from: 'tree' };
  if (!ctx.spec) return undefined;
  // A multi-host pool of the spec is one GKE node pool per slice.
  return {
    pools: ctx.spec.nodePools.flatMap((p) =>
      slicePoolNames(p, lookupShape(p.accelerator, p.topology, p.machineType)?.hosts ?? 1).map((name) => ({
        name,
        accelerator: p.accelerator,
        topology: p.topology,
        machineType: p.machineType,
        maxNodes: p.maxNodes,
      })),
    ),
    from: 'spec',
  };
}
