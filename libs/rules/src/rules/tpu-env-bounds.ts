import type { Rule } from '../types.js';
import { envValue, finding, tpuContainers, tpuOf, podShape } from './shared/util.js';

const product = (v: string) => v.split(',').reduce((a, b) => a * Number(b), 1);

export const rule: Rule = {
  id: 'tpu-env-bounds',
  severity: 'error',
  summary: 'TPU_CHIPS_PER_HOST_BOUNDS multiplies to the chip request; TPU_HOST_BOUNDS is 1,1,1 on a single host.',
  docs: {
    why: 'Wrong bounds make libtpu wait for chips or hosts that do not exist: vLLM crash-loops on TPU (seed troubleshooting X-3i).',
    fix: 'Set TPU_CHIPS_PER_HOST_BOUNDS to the per-host grid (2,2,1 for 4 chips) and TPU_HOST_BOUNDS to 1,1,1 for single-host slices, or leave both unset.',
    source:
      '[derived] chips-per-host bounds x host bounds = topology (domain-facts 1.4); seed manifests TPU_CHIPS_PER_HOST_BOUNDS=2,2,1.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService', 'Pod'],
  check(ctx) {
    const out = [];
    for (const c of tpuContainers(ctx)) {
      const chips = Number(tpuOf(c)!.request ?? tpuOf(c)!.limit);
      const bounds = envValue(c, 'TPU_CHIPS_PER_HOST_BOUNDS');
      if (bounds?.value !== undefined) {
        if (!/^\d+,\d+,\d+$/.test(bounds.value) || product(bounds.value) !== chips) {
          out.push(
            finding(
              c.pod.owner,
              `${c.path}/env/${bounds.index}/value`,
              `TPU_CHIPS_PER_HOST_BOUNDS "${bounds.value}" describes ${/^\d+,\d+,\d+$/.test(bounds.value) ? product(bounds.value) : 'no'} chips but the container requests ${chips}`,
              chips === 4
                ? 'Use 2,2,1 for 4 chips.'
                : chips === 8
                  ? 'Use 2,4,1 for 8 chips.'
                  : chips === 1
                    ? 'Use 1,1,1 for one chip.'
                    : 'Make the product of the three numbers equal the chip request.',
            ),
          );
        }
      }
      const hosts = envValue(c, 'TPU_HOST_BOUNDS');
      const shape = podShape(c.pod);
      if (hosts?.value !== undefined && shape && shape.hosts === 1 && hosts.value !== '1,1,1') {
        out.push(
          finding(
            c.pod.owner,
            `${c.path}/env/${hosts.index}/value`,
            `TPU_HOST_BOUNDS is "${hosts.value}" on a single-host ${shape.topology} slice; it must be 1,1,1`,
            'Set TPU_HOST_BOUNDS to 1,1,1.',
          ),
        );
      }
    }
    return out;
  },
};
