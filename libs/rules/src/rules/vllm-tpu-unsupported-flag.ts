import type { Rule } from '../types.js';
import {
  ACCELERATOR_LABEL,
  TOPOLOGY_LABEL,
  argPath,
  argWords,
  containers,
  finding,
  nodeSelector,
  pods,
  tpuContainers,
} from './shared/util.js';

/** GPU-only vLLM flags the TPU build refuses ("unrecognized arguments"). */
export const GPU_ONLY_FLAGS = [
  '--prefix-cache-block-size',
  '--gpu-memory-utilization',
  '--enforce-eager',
  '--cuda-graph-sizes',
];

export const rule: Rule = {
  id: 'vllm-tpu-unsupported-flag',
  severity: 'error',
  summary: 'No GPU-only vLLM flags or CUDA images on TPU pods, and no TPU selectors on GPU images.',
  docs: {
    why:
      'vLLM TPU refuses GPU-only flags and crash-loops (seed NG-12: --prefix-cache-block-size); a CUDA ' +
      'image cannot drive TPUs, and a TPU node selector on a CUDA image leaves it on the wrong nodes.',
    fix: 'Remove the flag (vLLM on TPU tunes the block size itself); use a vLLM TPU image on TPU nodes and a CUDA image only on GPU nodes.',
    source: 'seed ISSUES NG-12; [code] KServe default template image ghcr.io/llm-d/llm-d-cuda.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService'],
  check(ctx) {
    const out = [];
    for (const c of tpuContainers(ctx)) {
      const words = argWords(c);
      for (const f of GPU_ONLY_FLAGS)
        if (words.some((w) => w === f || w.startsWith(`${f}=`)))
          out.push(
            finding(
              c.pod.owner,
              argPath(c, f),
              `${f} is a GPU-only vLLM flag; the TPU image exits with "unrecognized arguments"`,
              'Remove it from the TPU container.',
            ),
          );
      if (/cuda/i.test(String(c.container.image ?? '')))
        out.push(
          finding(
            c.pod.owner,
            `${c.path}/image`,
            `container "${c.name}" requests TPUs but runs the CUDA image ${String(c.container.image)}`,
            'Use a vLLM TPU image (e.g. vllm/vllm-tpu or registry.redhat.io/rhaiis/vllm-tpu-rhel9).',
          ),
        );
    }
    for (const view of pods(ctx)) {
      const sel = nodeSelector(view);
      if (!sel[ACCELERATOR_LABEL] && !sel[TOPOLOGY_LABEL]) continue;
      for (const c of containers(view))
        if (/cuda/i.test(String(c.container.image ?? '')))
          out.push(
            finding(
              view.owner,
              `${c.path}/image`,
              `container "${c.name}" runs a CUDA image on TPU nodes (it selects ${ACCELERATOR_LABEL})`,
              'Use a TPU image, or drop the TPU node selectors for GPU workloads.',
            ),
          );
    }
    return dedupe(out);
  },
};

function dedupe<T extends { path: string; message: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.path) ? false : (seen.add(i.path), true)));
}
