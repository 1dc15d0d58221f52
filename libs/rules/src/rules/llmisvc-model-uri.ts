import type { Rule } from '../types.js';
import { finding, obj } from './shared/util.js';

export const SCHEMES = ['hf://', 's3://', 'pvc://', 'oci://', 'oci+native://'];

export const rule: Rule = {
  id: 'llmisvc-model-uri',
  severity: 'error',
  summary: 'model.uri uses a scheme KServe can load (hf://, s3://, pvc://, oci://).',
  docs: {
    why: 'Other schemes (gs:// notably) fail reconciliation with "unsupported schema in model URI" and the service never starts.',
    fix: 'Use hf://, s3://, pvc:// or oci://; copy gs:// models to S3-compatible storage or a PVC.',
    source: '[code] kserve pkg/controller/v1alpha2/llmisvc/workload_storage.go (same set at v0.16.0 and v0.18.0).',
  },
  kinds: ['LLMInferenceService'],
  check(ctx) {
    const out = [];
    for (const k of ctx.kserve) {
      const uri = obj(obj(k.service.object.spec)?.model)?.uri;
      if (typeof uri === 'string' && !SCHEMES.some((s) => uri.startsWith(s)))
        out.push(
          finding(
            k.service,
            '/spec/model/uri',
            `model URI "${uri}" uses a scheme KServe cannot load`,
            `Use one of ${SCHEMES.slice(0, 4).join(', ')}.`,
          ),
        );
    }
    return out;
  },
};
