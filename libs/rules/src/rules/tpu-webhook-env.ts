import type { RuleFinding } from '@inference-gitops/core';
import type { PodTemplateView, Rule } from '../types.js';
import { containers, finding, list, obj, tpuOf, tpuPods, type ContainerView } from './shared/util.js';

/** What LeaderWorkerSet's pod webhook injects into TPU containers (lws pkg/utils/accelerators/tpu.go). */
const LWS_TPU_ENV = ['TPU_WORKER_HOSTNAMES', 'TPU_WORKER_ID', 'TPU_NAME', 'TPU_PROCESS_ADDRESSES', 'TPU_PROCESS_PORT'];
/** The names whose presence in the first TPU container makes the LWS webhook inject none of them. */
const LWS_SKIP_TRIGGERS = ['TPU_WORKER_ID', 'TPU_WORKER_HOSTNAMES'];
/** What LWS's webhook sets in every container, replacing a value of the template (pod_utils.go AddLWSVariables). */
const LWS_ENV = ['LWS_LEADER_ADDRESS', 'LWS_GROUP_SIZE', 'LWS_WORKER_INDEX'];
/** What GKE's TPU webhook injects into an indexed multi-host Job (GKE TPU docs). */
const GKE_JOB_ENV = ['TPU_WORKER_ID', 'TPU_WORKER_HOSTNAMES'];

/** Pods the LeaderWorkerSet webhook mutates in groups of more than one. */
function inLwsGroup(view: PodTemplateView): boolean {
  if (view.controller === 'LeaderWorkerSet') return view.podsPerReplica > 1;
  // KServe runs a service with `worker` as a LeaderWorkerSet (workload_multi_node.go).
  return (
    view.controller === 'LLMInferenceService/worker' ||
    (view.controller === 'LLMInferenceService' && !!obj(obj(view.owner.object.spec)?.worker))
  );
}

/** An indexed Job over several hosts with a subdomain: the shape GKE's webhook injects TPU env into. */
function indexedTpuJob(view: PodTemplateView): boolean {
  if (view.controller !== 'Job') return false;
  const spec = obj(view.owner.object.spec) ?? {};
  return (
    spec.completionMode === 'Indexed' && Number(spec.parallelism ?? 1) > 1 && typeof view.spec.subdomain === 'string'
  );
}

const envNames = (c: ContainerView) => list(c.container.env).map((e, i) => ({ name: String(e.name ?? ''), index: i }));

export const rule: Rule = {
  id: 'tpu-webhook-env',
  severity: 'error',
  summary:
    'Multi-host TPU pods leave to the webhooks the env they inject (TPU_WORKER_ID, TPU_WORKER_HOSTNAMES, ...): a template that sets them stops or fights the injection.',
  docs: {
    why:
      "LeaderWorkerSet's pod webhook gives each TPU container of a group TPU_WORKER_HOSTNAMES, TPU_WORKER_ID, " +
      'TPU_NAME and (LWS v0.8 on) TPU_PROCESS_ADDRESSES and TPU_PROCESS_PORT, but only when the first TPU ' +
      'container sets neither TPU_WORKER_ID nor TPU_WORKER_HOSTNAMES (even empty): a template that sets one, a ' +
      'common copy from JobSet or TPU VM examples, gets none of them, and the hosts of the slice never find ' +
      "each other. The LWS_* variables are the webhook's: a value in the template is replaced. GKE's webhook " +
      'injects TPU_WORKER_ID and TPU_WORKER_HOSTNAMES into an indexed Job with a subdomain; what it does with ' +
      'a value the template sets is not documented (a warning).',
    fix: 'Remove those variables from the template; read them in the container as the webhook sets them.',
    source:
      '[code] kubernetes-sigs/lws v0.8.0-v0.10.0 pkg/utils/accelerators/tpu.go (AddTPUVariables; ' +
      'TestAddTPUVariablesSkip), pkg/utils/pod/pod_utils.go (AddLWSVariables), pkg/webhooks/pod_webhook.go; [doc] ' +
      'GKE "Deploy TPU workloads" (indexed Job, subdomain, parallelism > 1: TPU_WORKER_ID, TPU_WORKER_HOSTNAMES).',
  },
  kinds: ['LeaderWorkerSet', 'LLMInferenceService', 'Job'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const view of tpuPods(ctx)) {
      const tpu = containers(view).filter((c) => tpuOf(c) !== undefined);
      if (inLwsGroup(view)) {
        const first = tpu[0];
        const trigger = first && envNames(first).find((e) => LWS_SKIP_TRIGGERS.includes(e.name));
        if (first && trigger)
          out.push(
            finding(
              view.owner,
              `${first.path}/env/${trigger.index}`,
              `container "${first.name}" sets ${trigger.name} itself: LeaderWorkerSet's webhook then injects none of ${LWS_TPU_ENV.join(', ')}, and the hosts of the slice never find each other`,
              `Remove ${trigger.name} (and any other ${LWS_TPU_ENV.join('/')}) from the template: the webhook sets them for every host.`,
            ),
          );
        for (const c of containers(view))
          for (const e of envNames(c).filter((x) => LWS_ENV.includes(x.name)))
            out.push({
              ...finding(
                view.owner,
                `${c.path}/env/${e.index}`,
                `container "${c.name}" sets ${e.name}: LeaderWorkerSet's webhook replaces it with its own value`,
                `Remove ${e.name}; the webhook sets it in every container of the group.`,
              ),
              severity: 'warning',
            });
      } else if (indexedTpuJob(view)) {
        for (const c of tpu)
          for (const e of envNames(c).filter((x) => GKE_JOB_ENV.includes(x.name)))
            out.push({
              ...finding(
                view.owner,
                `${c.path}/env/${e.index}`,
                `container "${c.name}" sets ${e.name}, which GKE's TPU webhook injects into an indexed multi-host Job: the two may conflict`,
                `Remove ${e.name}; GKE sets it for each host of the slice.`,
              ),
              severity: 'warning',
            });
      }
    }
    return out;
  },
};
