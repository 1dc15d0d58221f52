import type { Rule } from '../types.js';
import {
  ACCELERATOR_LABEL,
  containers,
  finding,
  nodeSelector,
  pods,
  tpuContainers,
  tpuOf,
  podShape,
} from './shared/util.js';

export const rule: Rule = {
  id: 'tpu-request-matches-topology',
  severity: 'error',
  summary:
    'A container requesting google.com/tpu asks for exactly the chips of one host of its slice, in requests and limits alike.',
  docs: {
    why:
      'GKE places one TPU pod per host and a pod must take the whole host: a request that differs from the ' +
      'chips per host of the selected topology never schedules (the seed pods stayed Pending), and ' +
      'extended resources cannot be overcommitted, so requests and limits must be equal.',
    fix: 'Set `google.com/tpu` in requests and limits to the chips per host of the topology (2x2 on tpu-v6e-slice: 4).',
    source:
      '[doc] Kubernetes extended resources; [sample] every GKE TPU sample (1x1 -> 1, 2x2 -> 4, 2x4 on 8t ' +
      '-> 8, multi-host -> 4); seed README troubleshooting X-3g.',
  },
  kinds: ['Deployment', 'StatefulSet', 'Job', 'LeaderWorkerSet', 'LLMInferenceService', 'Pod'],
  check(ctx) {
    const out = [];
    // A pod placed on TPU nodes without asking for chips gets none (and, from a KServe preset, no TPU at all).
    const all = pods(ctx);
    const hasTpu = (v: (typeof all)[number]) => containers(v).some((c) => tpuOf(c) !== undefined);
    for (const view of all) {
      const accelerator = nodeSelector(view)[ACCELERATOR_LABEL];
      if (accelerator === undefined) continue;
      const cs = containers(view);
      if (cs.length === 0 || hasTpu(view)) continue;
      // A group's leader beside TPU workers (Pathways' resource manager) needs no chips of its own.
      if (view.controller === 'LeaderWorkerSet' && all.some((v) => v.owner === view.owner && v !== view && hasTpu(v)))
        continue;
      const main = cs.find((c) => c.name === 'main') ?? cs[0]!;
      out.push(
        finding(
          view.owner,
          `${main.path}/resources`,
          `the pod selects ${accelerator} nodes but no container requests google.com/tpu, so it gets no TPU chips`,
          "Request the chips per host of the topology in the model container's requests and limits (google.com/tpu).",
        ),
      );
    }
    for (const c of tpuContainers(ctx)) {
      const { request, limit } = tpuOf(c)!;
      const base = `${c.path}/resources`;
      if (request !== undefined && limit !== undefined && request !== limit) {
        out.push(
          finding(
            c.pod.owner,
            `${base}/requests/google.com~1tpu`,
            `container "${c.name}" requests ${request} TPU chips but limits ${limit}; they must be equal`,
            'Extended resources cannot be overcommitted: set both to the same value.',
          ),
        );
        continue;
      }
      const sel = nodeSelector(c.pod);
      const shape = podShape(c.pod);
      if (!shape) continue; // tpu-node-selector reports missing or unknown selectors
      const asked = request ?? limit!;
      if (Number(asked) !== shape.chipsPerHost) {
        out.push(
          finding(
            c.pod.owner,
            `${base}/${request !== undefined ? 'requests' : 'limits'}/google.com~1tpu`,
            `container "${c.name}" requests ${asked} TPU chips, but topology ${shape.topology} on ${sel[ACCELERATOR_LABEL]} has ${shape.chipsPerHost} chips per host`,
            `Request ${shape.chipsPerHost} in requests and limits.`,
          ),
        );
      }
    }
    return out;
  },
};
