import type { Rule } from '../types.js';
import { argWords, finding, flag, isVllm, obj, pods, containers } from './shared/util.js';

export const rule: Rule = {
  id: 'probe-scheme-matches-tls',
  severity: 'error',
  summary: 'HTTP(S) probes on vLLM use HTTPS exactly when vLLM is started with --ssl-certfile/--ssl-keyfile.',
  docs: {
    why:
      'A probe on the wrong scheme never succeeds: HTTPS probes against plain-HTTP vLLM ("Invalid HTTP ' +
      'request received") keep the pod unready and liveness restarts it (seed IK-1, NG-8).',
    fix: 'Use scheme HTTP when vLLM serves plain HTTP (no --ssl-* flags), HTTPS when it has them.',
    source: 'seed issues IK-1, HELM fix (c); KServe template (--ssl-certfile with HTTPS probes).',
  },
  kinds: ['Deployment', 'LLMInferenceService', 'LeaderWorkerSet'],
  check(ctx) {
    const out = [];
    for (const view of pods(ctx)) {
      for (const c of containers(view)) {
        if (!isVllm(c)) continue;
        const words = argWords(c);
        const tls = flag(words, '--ssl-certfile') !== undefined || flag(words, '--ssl-keyfile') !== undefined;
        for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
          const http = obj(obj(c.container[probe])?.httpGet);
          if (!http) continue;
          const scheme = String(http.scheme ?? 'HTTP');
          if (tls !== (scheme === 'HTTPS')) {
            out.push(
              finding(
                view.owner,
                `${c.path}/${probe}/httpGet${http.scheme === undefined ? '' : '/scheme'}`,
                `${probe} uses ${scheme} but vLLM ${tls ? 'serves TLS (--ssl-certfile)' : 'serves plain HTTP (no --ssl-* flags)'}`,
                `Set ${probe}.httpGet.scheme: ${tls ? 'HTTPS' : 'HTTP'}.`,
              ),
            );
          }
        }
      }
    }
    return out;
  },
};
