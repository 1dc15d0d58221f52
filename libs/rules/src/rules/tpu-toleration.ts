import type { Rule } from '../types.js';
import { finding, list, tpuPods } from './shared/util.js';

export const rule: Rule = {
  id: 'tpu-toleration',
  severity: 'warning',
  summary: 'TPU pods tolerate the google.com/tpu=present:NoSchedule taint of TPU nodes.',
  docs: {
    why:
      'GKE taints TPU nodes with google.com/tpu=present:NoSchedule; a pod without the toleration is not ' +
      'scheduled there (GKE may add it for you, hence a warning).',
    fix: 'Add `tolerations: [{key: google.com/tpu, operator: Equal, value: present, effect: NoSchedule}]` (or operator Exists).',
    source: '[sample] GKE TPU samples; seed create-cluster.sh taint; seed README X-3g.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService', 'Pod'],
  check(ctx) {
    const out = [];
    for (const pod of tpuPods(ctx)) {
      const ok = list(pod.spec.tolerations).some(
        (t) =>
          (t.key === 'google.com/tpu' || (t.key === undefined && t.operator === 'Exists')) &&
          (t.effect === undefined || t.effect === 'NoSchedule') &&
          (t.operator === 'Exists' || t.value === 'present'),
      );
      if (!ok)
        out.push(
          finding(
            pod.owner,
            pod.specPath,
            'TPU pod does not tolerate the google.com/tpu=present:NoSchedule taint',
            'Add a toleration for key google.com/tpu, value present, effect NoSchedule.',
          ),
        );
    }
    return out;
  },
};
