import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, list, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'llmisvc-config-exists',
  severity: 'error',
  summary:
    'Every LLMInferenceServiceConfig an LLMInferenceService merges (the well-known preset its shape picks, and its baseRefs) exists.',
  docs: {
    why:
      'KServe merges the service over configs it looks up by name: the preset its shape selects (single ' +
      'node, data-parallel or pipeline-parallel workers, prefill/decode) and every baseRef. A name that ' +
      'resolves to nothing stops the reconciliation (the service never gets a workload). The pinned ' +
      'release ships no pipeline-parallel preset, although KServe looks one up for workers with ' +
      'parallelism.pipeline.',
    fix:
      'Use data parallelism for multi-node workers (parallelism.data / dataLocal, which picks the shipped ' +
      'kserve-config-llm-worker-data-parallel preset), add the LLMInferenceServiceConfig to the tree, or ' +
      'fix the baseRef name.',
    source:
      '[code] opendatahub-io/kserve release-v0.15 pkg/controller/llmisvc/config_merge.go (preset choice, ' +
      'lookup in the service namespace then the system namespace); config/llmisvc/*.yaml (the shipped ' +
      'presets); docs/design/multi-host-endpoints.md.',
  },
  kinds: ['LLMInferenceService', 'LLMInferenceServiceConfig'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const k of ctx.kserve) {
      const refs = list(obj(k.service.object.spec)?.baseRefs);
      for (const name of k.missingBaseRefs) {
        const i = refs.findIndex((r) => r.name === name);
        if (i >= 0) {
          // A baseRef may name a config of the cluster that is not in this set: only a whole cluster can tell.
          if (!ctx.spec) {
            ctx.skip(
              `LLMInferenceService ${k.name}: baseRef ${name} is not in the validated set (validate its cluster, or pass --cluster)`,
            );
            continue;
          }
          out.push(
            finding(
              k.service,
              `/spec/baseRefs/${i}/name`,
              `LLMInferenceService ${k.name} merges LLMInferenceServiceConfig ${name}, which neither the tree nor KServe ${ctx.kserveRelease} provides`,
              'Add the LLMInferenceServiceConfig to the tree, or fix the name.',
            ),
          );
        } else {
          out.push(
            finding(
              k.service,
              '/spec/parallelism',
              `KServe looks up the preset ${name} for this service's shape, but KServe ${ctx.kserveRelease} ships no such LLMInferenceServiceConfig and the tree defines none: the service is never reconciled`,
              'Use parallelism.data / dataLocal for multi-node workers (the shipped data-parallel preset), or add that LLMInferenceServiceConfig to the tree.',
            ),
          );
        }
      }
    }
    return out;
  },
};
