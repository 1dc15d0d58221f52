import type { Resource, RuleFinding } from '@inference-gitops/core';
import { lookupShape } from '@inference-gitops/tpu-catalog';
import type { PodTemplateView, Rule } from '../types.js';
import { nodePools, type NodePoolView } from '../model/node-pools.js';
import { ACCELERATOR_LABEL, TOPOLOGY_LABEL, finding, nodeSelector, obj, tpuPods } from './shared/util.js';

/** How many slices (multi-host) or nodes (single-host) one workload takes. */
function demand(view: PodTemplateView, hosts: number): number {
  const spec = obj(view.owner.object.spec) ?? {};
  if (hosts > 1) {
    // A group of hosts is one slice: an LWS (or KServe's) replica, or `hosts` pods of a Job or Deployment.
    if (view.controller === 'LeaderWorkerSet' || view.controller === 'LLMInferenceService') return view.replicas;
    if (view.controller === 'Job')
      return Math.ceil((typeof spec.parallelism === 'number' ? spec.parallelism : 1) / hosts);
    return Math.ceil(view.replicas / hosts);
  }
  if (view.controller === 'Job') return typeof spec.parallelism === 'number' ? spec.parallelism : 1;
  return view.replicas * (view.controller === 'LeaderWorkerSet' ? view.podsPerReplica : 1);
}

export const rule: Rule = {
  id: 'tpu-capacity',
  severity: 'error',
  summary:
    'TPU workloads fit their node pools: single-host replicas fit the max nodes of the pool; each replica of a multi-host workload takes a whole slice, and a multi-host pool is exactly one slice.',
  docs: {
    why:
      'Each model replica takes whole TPU hosts; when replicas exceed what the pools hold, the extra pods stay ' +
      'Pending (pattern 3 needed max-nodes >= 3). A multi-host slice is one atomic node pool whose nodes are ' +
      "the slice's hosts: it cannot grow into a second slice, so a 4x4 pool with maxNodes 8 still runs one " +
      'group, and the second stays Pending.',
    fix:
      "Single-host: lower replicas or raise the node pool's maxNodes. Multi-host: give the spec's node pool " +
      '`slices: N` (one GKE node pool per slice, `<pool>`, `<pool>-2`, ...), keep maxNodes at the hosts of ' +
      'one slice, or lower replicas.',
    source:
      'seed issue X-4; [doc] GKE "TPUs in GKE" (multi-host slice node pools are atomic; more slices need more ' +
      'node pools); xpk src/xpk/core/nodepool.py (num-nodes = VMs per slice); research serving-safety.md C9.',
  },
  kinds: ['Deployment', 'StatefulSet', 'Job', 'LeaderWorkerSet', 'LLMInferenceService', 'ContainerNodePool'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const known = nodePools(ctx);
    if (!known) {
      if (tpuPods(ctx).length > 0)
        ctx.skip("needs the cluster's node pools (validate a cluster, or pass --cluster NAME|FILE)");
      return out;
    }
    // A ContainerNodePool of a multi-host topology is one slice, whatever its autoscaling says.
    for (const pool of known.pools) {
      const shape = lookupShape(pool.accelerator, pool.topology, pool.machineType);
      if (!pool.resource || !shape || shape.hosts === 1 || pool.maxNodes <= shape.hosts) continue;
      out.push(
        finding(
          pool.resource,
          '/spec/autoscaling/maxNodeCount',
          `ContainerNodePool ${pool.name} is one multi-host ${pool.topology} slice of ${shape.hosts} hosts: maxNodeCount ${pool.maxNodes} does not make room for a second slice`,
          `Set maxNodeCount to ${shape.hosts}; for more slices add node pools (spec: nodePools[].slices).`,
        ),
      );
    }
    const usedNodes = new Map<string, number>();
    const usedSlices = new Map<string, number>();
    const counted = new Set<Resource>();
    for (const pod of tpuPods(ctx)) {
      // One count per workload: an LWS's leader and worker templates, KServe's template and worker, are one.
      if (pod.controller === 'LLMInferenceService/worker' || counted.has(pod.owner)) continue;
      const sel = nodeSelector(pod);
      const matching = known.pools.filter(
        (p) => p.accelerator === sel[ACCELERATOR_LABEL] && p.topology === sel[TOPOLOGY_LABEL],
      );
      const pool = matching[0];
      if (!pool) continue;
      const shape = lookupShape(pool.accelerator, pool.topology, pool.machineType);
      if (!shape) continue;
      counted.add(pod.owner);
      if (shape.hosts > 1) {
        const key = `${pool.accelerator}/${pool.topology}`;
        const slices = (usedSlices.get(key) ?? 0) + demand(pod, shape.hosts);
        usedSlices.set(key, slices);
        if (slices > matching.length) out.push(tooFewSlices(pod, slices, matching, shape.hosts));
        continue;
      }
      const nodes = (usedNodes.get(pool.name) ?? 0) + demand(pod, 1);
      usedNodes.set(pool.name, nodes);
      if (nodes > pool.maxNodes) {
        out.push(
          finding(
            pod.owner,
            '/spec/replicas',
            `node pool ${pool.name} needs ${nodes} nodes for the TPU workloads that select it (this one: ${pod.replicas} replicas x ${shape.hosts} host${shape.hosts === 1 ? '' : 's'}) but has maxNodes ${pool.maxNodes}`,
            "Lower replicas or raise the pool's maxNodes.",
          ),
        );
      }
    }
    return out;
  },
};

function tooFewSlices(pod: PodTemplateView, slices: number, pools: NodePoolView[], hosts: number): RuleFinding {
  const topology = pools[0]!.topology;
  return finding(
    pod.owner,
    pod.controller === 'Job' ? '/spec/parallelism' : '/spec/replicas',
    `the TPU workloads on ${topology} slices need ${slices} slices (${hosts} hosts each, one per replica) but the cluster has ${pools.length} node pool${pools.length === 1 ? '' : 's'} of that slice (${pools.map((p) => p.name).join(', ')}): a multi-host node pool holds exactly one slice`,
    "Add slices (the spec node pool's `slices`, one GKE node pool each) or lower replicas.",
  );
}
