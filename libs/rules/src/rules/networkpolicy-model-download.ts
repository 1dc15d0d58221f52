import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding } from './shared/util.js';
import { isolated, portsAdmit } from './shared/netpol.js';

export const rule: Rule = {
  id: 'networkpolicy-model-download',
  severity: 'error',
  summary: 'With egress denied by default, DNS and HTTPS egress stay open for the pods that download the model.',
  docs: {
    why:
      'The storage initializer and vLLM resolve and download the model (hf://) over HTTPS; a default-deny ' +
      'egress without DNS and 443 fails with "Name or service not known" (seed IK-5).',
    fix: 'Allow egress to kube-dns on UDP/TCP 53 and to TCP 443 for the model-server pods.',
    source: 'seed IK-5, X-4; allow-vllm-egress.yaml in the seed.',
  },
  kinds: ['NetworkPolicy', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const k of ctx.kserve) {
      for (const view of k.workloadPods) {
        const pols = isolated(ctx, view, 'Egress');
        if (pols.length === 0) continue;
        const rules = pols.flatMap((p) => p.egress);
        const dns = rules.some((r) => portsAdmit(r.ports, 53, 'UDP'));
        const https = rules.some((r) => portsAdmit(r.ports, 443));
        if (!dns || !https)
          out.push({
            ...finding(
              k.service,
              view.specPath,
              `egress of the ${k.name} model-server pods is denied without ${[!dns ? 'DNS (53)' : '', !https ? 'HTTPS (443)' : ''].filter(Boolean).join(' and ')}: the model download fails`,
              'Add an egress rule to kube-dns on UDP/TCP 53 and one to TCP 443.',
            ),
            derivedFrom: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: `${k.name}-kserve`,
              namespace: k.namespace,
            },
          });
      }
    }
    return out;
  },
};
