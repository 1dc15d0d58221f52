import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding } from './shared/util.js';
import { isolated, peersAdmit, portsAdmit } from './shared/netpol.js';

export const rule: Rule = {
  id: 'networkpolicy-serving-path',
  severity: 'error',
  summary: 'With ingress denied by default, gateway -> vLLM 8000, gateway -> EPP 9002 and EPP -> vLLM 8000 stay open.',
  docs: {
    why:
      'The gateway sends requests to vLLM (8000) and asks the EPP (ext_proc 9002) where to send them; the ' +
      'EPP scrapes vLLM metrics on 8000. Closing any of them breaks serving or prefix-aware routing (seed ' +
      'X-4).',
    fix: 'Allow ingress to the model-server pods on 8000 from the gateway and the EPP, and to the EPP pods on 9002 from the gateway.',
    source: 'seed X-4, allow-epp-scheduler.yaml; GIE EPP ports (9002 ext-proc).',
  },
  kinds: ['NetworkPolicy', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const k of ctx.kserve) {
      const derived = (kind: string, name: string) => ({
        derivedFrom: { apiVersion: 'apps/v1', kind, name, namespace: k.namespace },
      });
      for (const view of k.workloadPods.filter((v) => v.controller === 'LLMInferenceService')) {
        const pols = isolated(ctx, view, 'Ingress');
        if (pols.length === 0) continue;
        const rules = pols.flatMap((p) => p.ingress);
        if (!rules.some((r) => portsAdmit(r.ports, 8000) && peersAdmit(r.from, 'gateway')))
          out.push({
            ...finding(
              k.service,
              view.specPath,
              `ingress to the ${k.name} model-server pods is denied for the gateway on 8000`,
              'Allow the gateway (its namespace/pods, or on GKE its proxy subnet) to reach port 8000.',
            ),
            ...derived('Deployment', `${k.name}-kserve`),
          });
        if (
          k.scheduler &&
          !rules.some((r) => portsAdmit(r.ports, 8000) && peersAdmit(r.from, k.scheduler!.labels, k.namespace))
        )
          out.push({
            ...finding(
              k.service,
              view.specPath,
              `ingress to the ${k.name} model-server pods is denied for the EPP scheduler on 8000 (metrics scraping)`,
              'Allow pods labelled app.kubernetes.io/component=llminferenceservice-router-scheduler to reach port 8000.',
            ),
            ...derived('Deployment', `${k.name}-kserve`),
          });
      }
      if (!k.scheduler) continue;
      const schedulerView = {
        owner: k.service,
        specPath: '/spec/router/scheduler',
        spec: {},
        labels: k.scheduler.labels,
        podsPerReplica: 1,
        replicas: 1,
        controller: 'LLMInferenceService/scheduler' as const,
      };
      const pols = isolated(ctx, schedulerView, 'Ingress');
      if (
        pols.length > 0 &&
        !pols.flatMap((p) => p.ingress).some((r) => portsAdmit(r.ports, 9002) && peersAdmit(r.from, 'gateway'))
      )
        out.push({
          ...finding(
            k.service,
            '/spec/router/scheduler',
            `ingress to the ${k.name} EPP scheduler is denied for the gateway on 9002 (ext_proc)`,
            'Allow the gateway to reach the scheduler pods on 9002.',
          ),
          ...derived('Deployment', k.scheduler.deploymentName),
        });
    }
    return out;
  },
};
