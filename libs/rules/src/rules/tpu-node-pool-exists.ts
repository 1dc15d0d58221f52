import type { Rule } from '../types.js';
import { ACCELERATOR_LABEL, TOPOLOGY_LABEL, finding, nodeSelector, tpuPods } from './shared/util.js';
import { nodePools } from '../model/node-pools.js';

export const rule: Rule = {
  id: 'tpu-node-pool-exists',
  severity: 'error',
  summary: 'The accelerator and topology a TPU pod selects exist as a node pool of the cluster.',
  docs: {
    why: 'A pod that selects a TPU shape the cluster has no node pool for stays Pending: GKE does not create TPU node pools for it.',
    fix:
      "Select the accelerator and topology of one of the cluster's node pools, or add the node pool to the " +
      'spec (the generator writes it as a Config Connector ContainerNodePool).',
    source:
      'the ContainerNodePools of the tree (Config Connector), else cluster spec nodePools; seed create-cluster.sh node pool tpu-v6e-pool.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService'],
  check(ctx) {
    const known = nodePools(ctx);
    if (!known) {
      if (tpuPods(ctx).length > 0)
        ctx.skip("needs the cluster's node pools (validate a cluster, or pass --cluster NAME|FILE)");
      return [];
    }
    const pools = known.pools;
    const where = known.from === 'tree' ? 'the ContainerNodePools of the tree' : `cluster ${ctx.spec?.name ?? ''}`;
    const out = [];
    for (const pod of tpuPods(ctx)) {
      const sel = nodeSelector(pod);
      const acc = sel[ACCELERATOR_LABEL];
      const topo = sel[TOPOLOGY_LABEL];
      if (!acc || !topo) continue;
      if (!pools.some((p) => p.accelerator === acc && p.topology === topo)) {
        out.push(
          finding(
            pod.owner,
            `${pod.specPath}/nodeSelector`,
            `no node pool of ${where} offers ${acc} with topology ${topo}`,
            `Node pools: ${pools.map((p) => `${p.name} (${p.accelerator} ${p.topology})`).join(', ') || 'none'}.`,
          ),
        );
      }
    }
    return out;
  },
};
