import { acceleratorNames, getAccelerator, topologiesFor } from '@inference-gitops/tpu-catalog';
import type { Rule } from '../types.js';
import { ACCELERATOR_LABEL, TOPOLOGY_LABEL, finding, nodeSelector, tpuPods } from './shared/util.js';

export const rule: Rule = {
  id: 'tpu-node-selector',
  severity: 'error',
  summary: 'A TPU request comes with both TPU node selectors, a known accelerator and a topology valid for it.',
  docs: {
    why:
      'Without `cloud.google.com/gke-tpu-accelerator` and `cloud.google.com/gke-tpu-topology` the pod can ' +
      'land on another slice shape or on no node at all; a typo in either leaves it Pending forever.',
    fix: 'Add both node selectors, e.g. tpu-v6e-slice and 2x2, matching a node pool.',
    source:
      '[code] AI-Hypercomputer/xpk system_characteristics.py; [sample] GKE TPU samples; https://cloud.google.com/kubernetes-engine/docs/concepts/plan-tpus',
  },
  kinds: ['Deployment', 'StatefulSet', 'Job', 'LeaderWorkerSet', 'LLMInferenceService', 'Pod'],
  check(ctx) {
    const out = [];
    for (const pod of tpuPods(ctx)) {
      const sel = nodeSelector(pod);
      const path = `${pod.specPath}/nodeSelector`;
      const acc = sel[ACCELERATOR_LABEL];
      const topo = sel[TOPOLOGY_LABEL];
      if (!acc || !topo) {
        const missing = [!acc ? ACCELERATOR_LABEL : '', !topo ? TOPOLOGY_LABEL : ''].filter(Boolean).join(' and ');
        out.push(
          finding(
            pod.owner,
            path,
            `pod requests TPUs but has no ${missing} node selector`,
            'Select the accelerator and the topology of the node pool the pod must run on.',
          ),
        );
        continue;
      }
      if (!getAccelerator(acc))
        out.push(
          finding(
            pod.owner,
            `${path}/${ACCELERATOR_LABEL.replace('/', '~1')}`,
            `unknown TPU accelerator "${acc}"`,
            `Known accelerators: ${acceleratorNames().join(', ')} (note: tpu-v6e is the zone name; the node label is tpu-v6e-slice).`,
          ),
        );
      else if (!topologiesFor(acc).includes(topo) && !/^\d+x\d+x\d+$/.test(topo))
        out.push(
          finding(
            pod.owner,
            `${path}/${TOPOLOGY_LABEL.replace('/', '~1')}`,
            `topology "${topo}" does not exist on ${acc}`,
            `Valid topologies: ${topologiesFor(acc).join(', ')}.`,
          ),
        );
    }
    return out;
  },
};
