import { lookupShape } from '@inference-gitops/tpu-catalog';
import type { Rule } from '../types.js';
import { ACCELERATOR_LABEL, TOPOLOGY_LABEL, finding, nodeSelector, tpuPods } from './shared/util.js';

export const rule: Rule = {
  id: 'tpu-multihost-workload',
  severity: 'error',
  summary:
    'A topology spanning several hosts runs as a LeaderWorkerSet (or KServe worker spec) whose group size is the number of hosts.',
  docs: {
    why:
      'Every VM of a multi-host slice needs its own pod started together with stable, indexed hostnames ' +
      '(TPU_WORKER_ID); a Deployment or a single-node LLMInferenceService never forms the slice and hangs ' +
      'at startup.',
    fix:
      'Use a LeaderWorkerSet with leaderWorkerTemplate.size = hosts, or an LLMInferenceService with ' +
      '`worker` and parallelism; or pick a single-host topology.',
    source:
      '[doc-quoted] GKE TPU webhook conditions; [sample] kubernetes-sigs/lws docs/examples/vllm/TPU/lws.yaml (v5e 4x4, size 4).',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService'],
  check(ctx) {
    const out = [];
    for (const pod of tpuPods(ctx)) {
      const sel = nodeSelector(pod);
      const shape =
        sel[ACCELERATOR_LABEL] && sel[TOPOLOGY_LABEL]
          ? lookupShape(sel[ACCELERATOR_LABEL], sel[TOPOLOGY_LABEL], undefined)
          : undefined;
      if (!shape || shape.hosts === 1) continue;
      const multi =
        pod.controller === 'LeaderWorkerSet' ||
        pod.controller === 'LLMInferenceService/worker' ||
        (pod.controller === 'LLMInferenceService' && pod.podsPerReplica > 1);
      if (!multi) {
        out.push(
          finding(
            pod.owner,
            `${pod.specPath}/nodeSelector`,
            `topology ${shape.topology} on ${sel[ACCELERATOR_LABEL]} spans ${shape.hosts} hosts, but ${pod.owner.kind} ${pod.owner.name} runs single pods`,
            `Run it as a LeaderWorkerSet (size ${shape.hosts}) or an LLMInferenceService with a worker spec, or choose a single-host topology.`,
          ),
        );
      } else if (pod.podsPerReplica !== shape.hosts) {
        out.push(
          finding(
            pod.owner,
            pod.owner.kind === 'LeaderWorkerSet' ? '/spec/leaderWorkerTemplate/size' : '/spec/parallelism',
            `group size ${pod.podsPerReplica} does not match the ${shape.hosts} hosts of topology ${shape.topology}`,
            `Set the group size to ${shape.hosts}.`,
          ),
        );
      }
    }
    return out;
  },
};
