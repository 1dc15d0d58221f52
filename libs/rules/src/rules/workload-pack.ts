import type { Rule } from '../types.js';
import { rule as tpuRequest } from './tpu-request-matches-topology.js';
import { rule as tpuSelector } from './tpu-node-selector.js';
import { rule as tpuPool } from './tpu-node-pool-exists.js';
import { rule as tpuCapacity } from './tpu-capacity.js';
import { rule as tpu7xPolicy } from './tpu7x-workload-policy.js';
import { rule as tpuWebhookEnv } from './tpu-webhook-env.js';
import { rule as tpuModelDisk } from './tpu-model-disk.js';
import { rule as tpuToleration } from './tpu-toleration.js';
import { rule as tpuEnv } from './tpu-env-bounds.js';
import { rule as tpuMultihost } from './tpu-multihost-workload.js';
import { rule as serviceSelectsLwsWorkers } from './service-selects-lws-workers.js';
import { rule as vllmTp } from './vllm-tensor-parallel.js';
import { rule as vllmFlag } from './vllm-tpu-unsupported-flag.js';
import { rule as vllmLen } from './vllm-max-model-len.js';
import { rule as probeScheme } from './probe-scheme-matches-tls.js';
import { rule as startup } from './tpu-startup-budget.js';
import { rule as mainContainer } from './llmisvc-main-container.js';
import { rule as modelUri } from './llmisvc-model-uri.js';
import { rule as configExists } from './llmisvc-config-exists.js';
import { rule as childName } from './llmisvc-child-name-length.js';
import { rule as gatewayRef } from './llmisvc-gateway-ref.js';
import { rule as webhook } from './llmisvc-webhook.js';
import { rule as owned } from './kserve-owned-objects.js';
import { rule as tpuImage } from './vllm-tpu-image.js';
import { rule as rootImage } from './runasnonroot-root-image.js';

/** TPU, vLLM and LLMInferenceService rules. */
export const WORKLOAD_RULES: Rule[] = [
  tpuRequest,
  tpuSelector,
  tpuPool,
  tpuCapacity,
  tpu7xPolicy,
  tpuWebhookEnv,
  tpuModelDisk,
  tpuToleration,
  tpuEnv,
  tpuMultihost,
  serviceSelectsLwsWorkers,
  vllmTp,
  vllmFlag,
  vllmLen,
  tpuImage,
  rootImage,
  probeScheme,
  startup,
  mainContainer,
  modelUri,
  configExists,
  childName,
  gatewayRef,
  webhook,
  owned,
];
