import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, obj, onGke } from './shared/util.js';

export const rule: Rule = {
  id: 'gke-backend-timeout',
  severity: 'warning',
  summary: 'A GCPBackendPolicy raises the 30 s load-balancer timeout for generation backends.',
  docs: {
    why: 'GKE rejects HTTPRoute timeouts, so the backend service keeps its default timeout (30 s), which cuts long non-streamed generations.',
    fix: 'Add a networking.gke.io/v1 GCPBackendPolicy targeting the InferencePool with default.timeoutSec >= 300.',
    source:
      '[code] GIE chart gke.yaml (timeoutSec 300); the 30 s default is [derived] from GCP backend-service defaults, hence a warning.',
  },
  kinds: ['GCPBackendPolicy', 'LLMInferenceService', 'InferencePool'],
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!onGke(ctx)) return out;
    const policies = ctx.byKind('GCPBackendPolicy', 'networking.gke.io');
    for (const k of ctx.kserve) {
      if (!k.pools.length) continue;
      const p = policies.find(
        (p) =>
          (p.namespace ?? 'default') === k.namespace &&
          obj(obj(p.object.spec)?.targetRef)?.name === `${k.name}-inference-pool`,
      );
      const timeout = Number(obj(obj(p?.object.spec)?.default)?.timeoutSec ?? 0);
      if (!p)
        out.push(
          finding(
            k.service,
            '/spec/router',
            `no GCPBackendPolicy raises the backend timeout of InferencePool ${k.name}-inference-pool (GKE default 30 s)`,
            'Add a GCPBackendPolicy with default.timeoutSec: 300 targeting the pool.',
          ),
        );
      else if (timeout < 60)
        out.push(
          finding(
            p,
            '/spec/default/timeoutSec',
            `GCPBackendPolicy ${p.name} keeps a ${timeout || 30} s backend timeout; long generations are cut`,
            'Raise default.timeoutSec (e.g. 300).',
          ),
        );
    }
    return out;
  },
};
