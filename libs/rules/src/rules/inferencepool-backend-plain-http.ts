import type { Rule } from '../types.js';
import { argWords, containers, finding, flag, isVllm, obj, onGke, valueAt } from './shared/util.js';

export const rule: Rule = {
  id: 'inferencepool-backend-plain-http',
  severity: 'error',
  summary: 'On GKE, model servers behind an InferencePool serve plain HTTP (no --ssl-* flags, HTTP probes).',
  docs: {
    why:
      "An InferencePool has no HTTPS backend protocol (appProtocol is http or kubernetes.io/h2c), so GKE's " +
      "Gateway sends plain HTTP to the pool's pods: a vLLM started with --ssl-certfile answers every " +
      "request with a TLS error. KServe's preset kserve-config-llm-template starts vLLM with " +
      '--ssl-certfile and HTTPS probes; an LLMInferenceService whose container does not replace the ' +
      "preset's command and args (or loses them in a patch) serves TLS.",
    fix:
      'Give the container named `main` its own command and args without --ssl-certfile/--ssl-keyfile and ' +
      'HTTP probes (the generator does), and merge patches into the container instead of replacing it.',
    source:
      '[code] gateway-api-inference-extension api/v1/inferencepool_types.go (appProtocol http | ' +
      'kubernetes.io/h2c); opendatahub-io/kserve odh-v3.4-EA1 config/llmisvc/config-llm-template.yaml; ' +
      'seed NG-6, NG-15; domain-facts 2.5.',
  },
  kinds: ['LLMInferenceService'],
  check(ctx) {
    if (!onGke(ctx)) return [];
    const out = [];
    for (const k of ctx.kserve) {
      if (k.pools.length === 0) continue;
      for (const view of k.workloadPods) {
        for (const c of containers(view)) {
          if (!isVllm(c)) continue;
          const words = argWords(c);
          const tls = flag(words, '--ssl-certfile') !== undefined || flag(words, '--ssl-keyfile') !== undefined;
          const https = ['startupProbe', 'livenessProbe', 'readinessProbe'].find(
            (p) => obj(obj(c.container[p])?.httpGet)?.scheme === 'HTTPS',
          );
          if (!tls && !https) continue;
          const what = [tls ? 'is started with --ssl-certfile' : '', https ? `has an HTTPS ${https}` : '']
            .filter(Boolean)
            .join(' and ');
          const fromPreset =
            tls &&
            !(
              Array.isArray(obj(valueAt(k.service.object, c.path))?.args) ||
              Array.isArray(obj(valueAt(k.service.object, c.path))?.command)
            )
              ? ` (from the KServe preset ${(view.presets ?? [])[0] ?? ''}, because the service sets no command/args)`
              : '';
          out.push(
            finding(
              k.service,
              https ? `${c.path}/${https}/httpGet/scheme` : `${c.path}/args`,
              `vLLM in container "${c.name}" serves TLS: it ${what}${fromPreset}, but InferencePool ${k.name}-inference-pool sends plain HTTP on GKE`,
              'Start vLLM without --ssl-* flags and use HTTP probes.',
            ),
          );
        }
      }
    }
    return out;
  },
};
