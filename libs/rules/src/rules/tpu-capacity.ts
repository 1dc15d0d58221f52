import type { RuleFinding } from '@inference-gitops/core';
import { lookupShape } from '@inference-gitops/tpu-catalog';
import type { Rule } from '../types.js';
import { nodePools } from '../model/node-pools.js';
import { ACCELERATOR_LABEL, TOPOLOGY_LABEL, finding, nodeSelector, tpuPods } from './shared/util.js';

export const rule: Rule = {
  id: 'tpu-capacity',
  severity: 'error',
  summary: 'Replicas x hosts per replica fit the max nodes of the node pool they select.',
  docs: {
    why:
      "Each model replica takes whole TPU hosts; when replicas x hosts exceeds the pool's max nodes the " +
      'extra pods stay Pending (pattern 3 needed max-nodes >= 3).',
    fix: "Lower replicas or raise the node pool's maxNodes in the cluster spec (and in GKE).",
    source: 'seed issue X-4 (pattern 3 Pending with too few TPU nodes); cluster spec nodePools.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const known = nodePools(ctx);
    if (!known) {
      if (tpuPods(ctx).length > 0)
        ctx.skip("needs the cluster's node pools (validate a cluster, or pass --cluster NAME|FILE)");
      return out;
    }
    const used = new Map<string, number>();
    for (const pod of tpuPods(ctx)) {
      if (pod.controller === 'LLMInferenceService/worker') continue;
      const sel = nodeSelector(pod);
      const pool = known.pools.find(
        (p) => p.accelerator === sel[ACCELERATOR_LABEL] && p.topology === sel[TOPOLOGY_LABEL],
      );
      if (!pool) continue;
      const shape = lookupShape(pool.accelerator, pool.topology, pool.machineType);
      if (!shape) continue;
      const nodes = (used.get(pool.name) ?? 0) + pod.replicas * shape.hosts;
      used.set(pool.name, nodes);
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
