import type { Rule } from '../types.js';

/** TPU, vLLM and LLMInferenceService rules. */
export const WORKLOAD_RULES: Rule[] = [];
