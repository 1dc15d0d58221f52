import type { Rule } from '../types.js';
import { ACCELERATOR_LABEL, containers, finding, isVllm, nodeSelector, obj, pods, valueAt } from './shared/util.js';

/** Images that are built for GPUs (CUDA/ROCm) or for KServe's GPU preset; they cannot drive a TPU. */
const GPU_IMAGES: Array<{ re: RegExp; what: string }> = [
  { re: /(^|\/)llm-d-(dev|cuda)(:|@|$)/, what: "KServe's preset llm-d image (CUDA)" },
  { re: /(^|\/)vllm-openai(:|@|$)/, what: 'the CUDA build of vLLM' },
  { re: /cuda|rocm|[-_/]gpu([-_:@]|$)/i, what: 'a GPU build' },
];

export const rule: Rule = {
  id: 'vllm-tpu-image',
  severity: 'error',
  summary: 'A vLLM container on a TPU node runs a TPU build of vLLM, not a GPU (CUDA/ROCm) image.',
  docs: {
    why:
      'A pod that selects TPU nodes but runs a CUDA image starts, finds no GPU and crashes. It happens ' +
      "without anyone writing a GPU image: when an LLMInferenceService's container loses its image (a " +
      'patch that replaces the container list), KServe fills it from its preset ' +
      'kserve-config-llm-template, whose image is the CUDA llm-d image.',
    fix:
      'Set the container image to a vLLM TPU build (e.g. registry.redhat.io/rhaiis/vllm-tpu-rhel9 or ' +
      'vllm/vllm-tpu) on the container named `main`; in patches, merge into the container instead of ' +
      'replacing the list.',
    source:
      '[code] opendatahub-io/kserve odh-v3.4-EA1 config/llmisvc/config-llm-template.yaml (image ' +
      'ghcr.io/llm-d/llm-d-dev); domain-facts 4.5 (default image is a CUDA image), 5 (vLLM TPU images).',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService', 'Pod'],
  check(ctx) {
    const out = [];
    for (const view of pods(ctx)) {
      if (nodeSelector(view)[ACCELERATOR_LABEL] === undefined) continue;
      for (const c of containers(view)) {
        if (!isVllm(c)) continue;
        const image = String(c.container.image ?? '');
        const gpu = GPU_IMAGES.find((g) => g.re.test(image));
        if (!gpu) continue;
        const fromPreset = view.derived && typeof obj(valueAt(view.owner.object, c.path))?.image !== 'string';
        out.push(
          finding(
            view.owner,
            `${c.path}/image`,
            `container "${c.name}" runs ${image} (${gpu.what}) on ${nodeSelector(view)[ACCELERATOR_LABEL]} nodes${fromPreset ? `; the image comes from the KServe preset ${(view.presets ?? [])[0] ?? ''} because the service sets none` : ''}`,
            'Use a vLLM TPU image on the container named main.',
          ),
        );
      }
    }
    return out;
  },
};
