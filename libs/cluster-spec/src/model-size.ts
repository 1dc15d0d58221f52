// How much disk a model's weights take, and how much boot disk a TPU node needs to hold them. KServe's
// storage initializer downloads the weights into the pod's /mnt/models (an emptyDir on the node's boot disk),
// on every host of a multi-host slice (research multi-host-endpoints 2: remote Ray workers load from their own
// filesystem). GKE's default boot disk is 100 GB (googleapis container/v1 NodeConfig.diskSizeGb), which
// cannot hold a 70B model in bf16 (about 141 GB).
import type { EndpointSpec } from './types.js';

/** GKE's boot disk when a node pool names none (container/v1 NodeConfig.diskSizeGb). */
export const GKE_DEFAULT_DISK_GB = 100;
/**
 * Room on the boot disk besides the weights: the OS and kubelet's eviction margin (about 15 % of 100 GB),
 * and the images (a vLLM TPU image is about 10 GB compressed, more unpacked). Derived, not measured.
 */
export const DISK_HEADROOM_GB = 60;
/** The annotation the generator puts on an LLMInferenceService with the size of its weights in GB. */
export const MODEL_SIZE_ANNOTATION = 'inference-gitops.dev/model-size';

/**
 * Models whose size is known: parameters (billions) from their Hugging Face model cards, weights in bf16
 * (2 bytes per parameter, the format these repositories ship).
 */
const KNOWN_MODELS: Record<string, { parametersB: number; source: string }> = {
  'Qwen/Qwen2.5-3B-Instruct': { parametersB: 3.09, source: 'huggingface.co/Qwen/Qwen2.5-3B-Instruct' },
  'Qwen/Qwen2.5-7B-Instruct': { parametersB: 7.61, source: 'huggingface.co/Qwen/Qwen2.5-7B-Instruct' },
  'Qwen/Qwen2.5-72B-Instruct': { parametersB: 72.7, source: 'huggingface.co/Qwen/Qwen2.5-72B-Instruct' },
  'meta-llama/Llama-3.1-8B-Instruct': { parametersB: 8.03, source: 'huggingface.co/meta-llama/Llama-3.1-8B-Instruct' },
  'meta-llama/Llama-3.1-70B-Instruct': {
    parametersB: 70.6,
    source: 'huggingface.co/meta-llama/Llama-3.1-70B-Instruct',
  },
  'meta-llama/Llama-3.3-70B-Instruct': {
    parametersB: 70.6,
    source: 'huggingface.co/meta-llama/Llama-3.3-70B-Instruct',
  },
};

/** A size such as `141G`, `16Gi` or `1.2T` in GB (10^9 bytes); undefined when it does not parse. */
export function parseSizeGb(size: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(G|Gi|T|Ti)$/.exec(size.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const factor = { G: 1, Gi: 1.073741824, T: 1000, Ti: 1099.511627776 }[m[2] as 'G' | 'Gi' | 'T' | 'Ti'];
  return n * factor;
}

/** The size of a known model's weights in GB, by its hf:// uri or its name. */
export function knownModelSizeGb(uriOrName: string): number | undefined {
  const id = uriOrName.replace(/^hf:\/\//, '');
  const known = KNOWN_MODELS[id];
  return known ? Math.ceil(known.parametersB * 2) : undefined;
}

/** The endpoint's weights in GB: model.size, else a known model's; undefined when neither says. */
export function modelSizeGb(endpoint: Pick<EndpointSpec, 'model'>): number | undefined {
  const model = endpoint.model;
  if (!model) return undefined;
  if (typeof model.size === 'string') return parseSizeGb(model.size);
  return knownModelSizeGb(model.uri ?? '') ?? knownModelSizeGb(model.name ?? '');
}

/** The boot disk a node needs for weights of this size. */
export function requiredDiskGb(modelGb: number): number {
  return Math.ceil(modelGb + DISK_HEADROOM_GB);
}
