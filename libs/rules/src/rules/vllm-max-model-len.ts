import type { Rule } from '../types.js';
import { argWords, finding, flag, isVllm, tpuContainers } from './shared/util.js';

export const rule: Rule = {
  id: 'vllm-max-model-len',
  severity: 'warning',
  summary: 'vLLM on TPU sets --max-model-len.',
  docs: {
    why:
      'XLA compilation buckets and the KV-cache size derive from the maximum model length; the model ' +
      'default can blow HBM or stretch first-start compilation past the probes.',
    fix: 'Pass --max-model-len (the seed used 2048 for Qwen2.5-3B on v6e 2x2).',
    source: '[doc] vllm docs/configuration/tpu.md; [sample] every TPU sample sets it.',
  },
  kinds: ['Deployment', 'LeaderWorkerSet', 'LLMInferenceService'],
  check(ctx) {
    return tpuContainers(ctx)
      .filter((c) => isVllm(c) && flag(argWords(c), '--max-model-len') === undefined)
      .map((c) =>
        finding(
          c.pod.owner,
          `${c.path}/args`,
          `vLLM container "${c.name}" runs on TPU without --max-model-len`,
          'Add --max-model-len=<tokens> to the vLLM arguments.',
        ),
      );
  },
};
