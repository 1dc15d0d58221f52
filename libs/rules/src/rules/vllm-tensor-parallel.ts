import { devicesFor, getAccelerator } from '@inference-gitops/tpu-catalog';
import type { Rule } from '../types.js';
import {
  ACCELERATOR_LABEL,
  argPath,
  argWords,
  finding,
  flag,
  nodeSelector,
  tpuContainers,
  tpuOf,
  podShape,
} from './shared/util.js';

export const rule: Rule = {
  id: 'vllm-tensor-parallel',
  severity: 'error',
  summary: 'vLLM --tensor-parallel-size x --pipeline-parallel-size equals the TPU devices the pod has.',
  docs: {
    why:
      'vLLM on TPU shards the model over every device it is given: a smaller size leaves chips idle (and ' +
      'vLLM warns against fragmenting a host), a larger one fails at start with too few devices.',
    fix: 'Set --tensor-parallel-size to chips x devices per chip (v5e/v6e: 1 device per chip; v5p and TPU7x: 2), e.g. 4 on a v6e 2x2 host.',
    source:
      '[sample] GKE vllm-tpu samples (v6e 8 chips, TP 8), tpu-recipes (tpu7x 1 chip, TP 2); [doc] vllm docs/configuration/tpu.md.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService'],
  check(ctx) {
    const out = [];
    for (const c of tpuContainers(ctx)) {
      const words = argWords(c);
      const tp = flag(words, '--tensor-parallel-size');
      if (tp === undefined || tp === true) continue;
      const pp = flag(words, '--pipeline-parallel-size');
      const size = Number(tp) * (typeof pp === 'string' ? Number(pp) : 1);
      const sel = nodeSelector(c.pod);
      const acc = sel[ACCELERATOR_LABEL];
      const shape = podShape(c.pod);
      const chips = Number(tpuOf(c)!.request ?? tpuOf(c)!.limit);
      const perChip = acc ? (getAccelerator(acc)?.devicesPerChip ?? 1) : 1;
      const devices =
        shape && shape.hosts > 1 && c.pod.podsPerReplica > 1 ? devicesFor(shape, acc!, 'slice') : chips * perChip;
      if (Number.isFinite(size) && size !== devices) {
        out.push(
          finding(
            c.pod.owner,
            argPath(c, '--tensor-parallel-size'),
            `vLLM tensor x pipeline parallel size is ${size}, but the pod has ${devices} TPU devices (${chips} chips x ${perChip} per chip${shape && shape.hosts > 1 ? ` across ${shape.hosts} hosts` : ''})`,
            `Use --tensor-parallel-size=${devices}.`,
          ),
        );
      }
    }
    return out;
  },
};
