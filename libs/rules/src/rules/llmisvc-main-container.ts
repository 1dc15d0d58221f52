import type { Rule } from '../types.js';
import { finding, list, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'llmisvc-main-container',
  severity: 'error',
  summary: 'The model server container in an LLMInferenceService template/worker is named `main`.',
  docs: {
    why:
      'KServe merges the preset and the service by container name: any other name adds a second container ' +
      "(the preset's CUDA image on port 8000) next to yours.",
    fix: 'Name the model server container `main`.',
    source:
      '[code] kserve pkg/controller/v1alpha2/llmisvc/config_merge.go (strategic merge by name); every KServe sample.',
  },
  kinds: ['LLMInferenceService', 'LLMInferenceServiceConfig'],
  check(ctx) {
    const out = [];
    for (const k of ctx.kserve) {
      for (const part of ['template', 'worker']) {
        const spec = obj(obj(k.service.object.spec)?.[part]);
        const cs = list(spec?.containers);
        if (cs.length > 0 && !cs.some((c) => c.name === 'main')) {
          out.push(
            finding(
              k.service,
              `/spec/${part}/containers/0/name`,
              `no container named "main" in spec.${part} (found ${cs.map((c) => `"${String(c.name)}"`).join(', ')}); KServe would add its preset container beside it`,
              'Rename the model server container to main.',
            ),
          );
        }
      }
    }
    return out;
  },
};
