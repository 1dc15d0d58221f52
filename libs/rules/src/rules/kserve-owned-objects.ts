import type { Rule } from '../types.js';
import { finding } from './shared/util.js';

export const rule: Rule = {
  id: 'kserve-owned-objects',
  severity: 'error',
  summary:
    'The tree does not declare objects KServe creates and reconciles (workload Service, route, pool, scheduler).',
  docs: {
    why:
      'Argo CD and the KServe controller would fight over them: endless OutOfSync and self-heal loops, and ' +
      'patches that are reverted every few minutes (seed NG-6, NG-15, IK-6).',
    fix: 'Remove the object; configure it through the LLMInferenceService (router.route.http.spec, router.scheduler) instead.',
    source: 'seed NG-6, NG-15, IK-6; kserve llmisvc child names (domain-facts 4.4).',
  },
  kinds: ['Service', 'HTTPRoute', 'InferencePool', 'Deployment', 'LeaderWorkerSet'],
  check(ctx) {
    const out = [];
    for (const k of ctx.kserve) {
      for (const child of k.childNames) {
        const owned = ctx.resources.find(
          (r) => r.kind === child.kind && r.name === child.name && (r.namespace ?? k.namespace) === k.namespace,
        );
        if (owned)
          out.push(
            finding(
              owned,
              '/metadata/name',
              `${child.kind} ${child.name} is created and reconciled by KServe for LLMInferenceService ${k.name}; declaring it here makes Argo CD fight the controller`,
              'Remove it and configure it through the LLMInferenceService.',
            ),
          );
      }
    }
    return out;
  },
};
