import type { RuleFinding } from '@inference-gitops/core';
import type { PodTemplateView, Rule } from '../types.js';
import { ACCELERATOR_LABEL, finding, nodeSelector, obj, podShape, tpuPods } from './shared/util.js';

/** The views of one owner that request TPU chips (an LWS's leader and worker templates are two views). */
function tpuViewsOf(all: PodTemplateView[], view: PodTemplateView): PodTemplateView[] {
  return all.filter((v) => v.owner === view.owner);
}

/** Pods of one group that hold TPU chips: the group, less a leader that requests none (Pathways-style). */
function tpuPodsPerGroup(view: PodTemplateView, all: PodTemplateView[]): number {
  const leaderHasTpu = tpuViewsOf(all, view).some((v) =>
    view.controller === 'LeaderWorkerSet'
      ? v.specPath.startsWith('/spec/leaderWorkerTemplate/leaderTemplate')
      : v.controller === 'LLMInferenceService',
  );
  return leaderHasTpu ? view.podsPerReplica : view.podsPerReplica - 1;
}

export const rule: Rule = {
  id: 'tpu-multihost-workload',
  severity: 'error',
  summary:
    'A topology spanning several hosts runs as a group with one TPU pod per host: a LeaderWorkerSet (or KServe worker spec) whose TPU pods per group are the hosts, or an indexed Job whose parallelism is a multiple of the hosts.',
  docs: {
    why:
      'Every VM of a multi-host slice needs its own pod started together with stable, indexed hostnames ' +
      '(TPU_WORKER_ID, TPU_WORKER_HOSTNAMES): a Deployment, a plain Job or a single-node LLMInferenceService ' +
      'never forms the slice and hangs at startup. A leader without TPU (Pathways: the resource manager beside ' +
      'the TPU workers) is not a host of the slice.',
    fix:
      'Use a LeaderWorkerSet whose TPU pods per group are the hosts (size = hosts, or hosts + 1 with a leader ' +
      'that requests no TPU), an LLMInferenceService with `worker` and parallelism, or an indexed Job ' +
      '(completionMode: Indexed, parallelism = hosts, subdomain of a headless Service); or a single-host topology.',
    source:
      '[doc] GKE TPU docs (indexed Job with subdomain and parallelism > 1 gets TPU_WORKER_ID and ' +
      'TPU_WORKER_HOSTNAMES); [sample] kubernetes-sigs/lws docs/examples/vllm/TPU/lws.yaml (v5e 4x4, size 4); ' +
      'GoogleCloudPlatform/kubernetes-engine-samples ai-ml/gke-tpu-dynamic-slicing (indexed Job, tpu7x 4x4x4); ' +
      'JetStream Pathways sample (LWS size hosts + 1, leader without TPU); lws pkg/utils/accelerators/tpu.go.',
  },
  kinds: ['Deployment', 'StatefulSet', 'Job', 'LeaderWorkerSet', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const all = tpuPods(ctx);
    const judged = new Set<unknown>();
    for (const pod of all) {
      const shape = podShape(pod);
      if (!shape || shape.hosts === 1 || judged.has(pod.owner)) continue;
      judged.add(pod.owner);
      const accelerator = nodeSelector(pod)[ACCELERATOR_LABEL];
      if (pod.controller === 'Job') {
        const spec = obj(pod.owner.object.spec) ?? {};
        const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
        if (spec.completionMode !== 'Indexed')
          out.push(
            finding(
              pod.owner,
              '/spec/completionMode',
              `topology ${shape.topology} on ${accelerator} spans ${shape.hosts} hosts, but Job ${pod.owner.name} is not indexed: its pods get no worker ids or hostnames`,
              `Set completionMode: Indexed, parallelism and completions ${shape.hosts}, and a subdomain (a headless Service).`,
            ),
          );
        else if (parallelism % shape.hosts !== 0)
          out.push(
            finding(
              pod.owner,
              '/spec/parallelism',
              `parallelism ${parallelism} is not a multiple of the ${shape.hosts} hosts of topology ${shape.topology}`,
              `Set parallelism to ${shape.hosts} (one pod per host of the slice).`,
            ),
          );
        else if (typeof pod.spec.subdomain !== 'string')
          out.push(
            finding(
              pod.owner,
              `${pod.specPath}`,
              `the indexed Job on a ${shape.hosts}-host slice has no subdomain: GKE gives its pods TPU_WORKER_HOSTNAMES only behind a headless Service`,
              'Add a headless Service and set the pod template subdomain to its name.',
            ),
          );
        continue;
      }
      const grouped =
        pod.controller === 'LeaderWorkerSet' ||
        pod.controller === 'LLMInferenceService/worker' ||
        (pod.controller === 'LLMInferenceService' && pod.podsPerReplica > 1);
      if (!grouped) {
        out.push(
          finding(
            pod.owner,
            `${pod.specPath}/nodeSelector`,
            `topology ${shape.topology} on ${accelerator} spans ${shape.hosts} hosts, but ${pod.owner.kind} ${pod.owner.name} runs single pods`,
            `Run it as a LeaderWorkerSet (size ${shape.hosts}), an LLMInferenceService with a worker spec or an indexed Job, or choose a single-host topology.`,
          ),
        );
        continue;
      }
      const perGroup = tpuPodsPerGroup(pod, all);
      if (perGroup !== shape.hosts)
        out.push(
          finding(
            pod.owner,
            pod.owner.kind === 'LeaderWorkerSet' ? '/spec/leaderWorkerTemplate/size' : '/spec/parallelism',
            perGroup === pod.podsPerReplica
              ? `group size ${pod.podsPerReplica} does not match the ${shape.hosts} hosts of topology ${shape.topology}`
              : `group size ${pod.podsPerReplica} with a leader that requests no TPU gives ${perGroup} TPU pods, not the ${shape.hosts} hosts of topology ${shape.topology}`,
            perGroup === pod.podsPerReplica
              ? `Set the group size to ${shape.hosts}.`
              : `Set the group size to ${shape.hosts + 1} (the leader and ${shape.hosts} TPU workers).`,
          ),
        );
    }
    return out;
  },
};
