import type { Rule } from '../types.js';
import { ACCELERATOR_LABEL, TOPOLOGY_LABEL, finding, nodeSelector, tpuPods } from './shared/util.js';

export const rule: Rule = {
  id: 'tpu-node-pool-exists',
  severity: 'error',
  summary: 'The accelerator and topology a TPU pod selects exist as a node pool of the cluster.',
  docs: {
    why: 'A pod that selects a TPU shape the cluster has no node pool for stays Pending: GKE does not create TPU node pools for it.',
    fix: 'Select the accelerator and topology of one of the cluster spec\'s nodePools, or add the node pool to the spec (and to GKE).',
    source: 'cluster spec (clusters/<name>/cluster.yaml); seed create-cluster.sh node pool tpu-v6e-pool.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService'],
  needs: ['spec'],
  check(ctx) {
    const pools = ctx.spec!.nodePools;
    const out = [];
    for (const pod of tpuPods(ctx)) {
      const sel = nodeSelector(pod);
      const acc = sel[ACCELERATOR_LABEL];
      const topo = sel[TOPOLOGY_LABEL];
      if (!acc || !topo) continue;
      if (!pools.some((p) => p.accelerator === acc && p.topology === topo)) {
        out.push(finding(pod.owner, `${pod.specPath}/nodeSelector`, `no node pool of cluster ${ctx.spec!.name} offers ${acc} with topology ${topo}`, `Node pools: ${pools.map((p) => `${p.name} (${p.accelerator} ${p.topology})`).join(', ') || 'none'}.`));
      }
    }
    return out;
  },
};
