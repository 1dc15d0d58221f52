import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { containers, finding, list, obj, pods, unlessPartial } from './shared/util.js';
import { selectorMatches } from '../model/pods.js';

export const rule: Rule = {
  id: 'inferencepool-selector-matches',
  severity: 'error',
  summary: 'An InferencePool selects at least one model-server pod and targets a port it serves.',
  docs: {
    why: 'An empty pool, or a pool targeting a closed port, answers every request with 5xx / no healthy upstream.',
    fix: 'Make the pool selector match the model-server pod labels in the same namespace, and targetPorts the vLLM container port (8000).',
    source:
      '[code] gateway-api-inference-extension api/v1/inferencepool_types.go (selector same namespace, targetPorts).',
  },
  kinds: ['InferencePool'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const all = pods(ctx);
    for (const pool of ctx.byKind('InferencePool')) {
      const spec = obj(pool.object.spec) ?? {};
      const v1 = pool.apiVersion.startsWith('inference.networking.k8s.io/');
      const selector = ((v1 ? obj(obj(spec.selector)?.matchLabels) : obj(spec.selector)) ?? {}) as Record<
        string,
        string
      >;
      const ports = v1
        ? list(spec.targetPorts).map((p) => Number(p.number))
        : spec.targetPortNumber !== undefined
          ? [Number(spec.targetPortNumber)]
          : [];
      const ns = pool.namespace ?? 'default';
      // Only a set that can know judges "selects nothing": a cluster, or one that holds workloads here.
      if (!ctx.spec && !all.some((p) => (p.owner.namespace ?? 'default') === ns)) {
        ctx.skip(
          `InferencePool ${pool.name}: the validated set holds no workload in namespace ${ns} (validate its cluster, or pass --cluster)`,
        );
        continue;
      }
      const matching = all.filter(
        (p) =>
          (p.owner.namespace ?? 'default') === ns &&
          Object.keys(selector).length > 0 &&
          selectorMatches(selector, p.labels),
      );
      if (matching.length === 0) {
        out.push(
          unlessPartial(
            ctx,
            finding(
              pool,
              v1 ? '/spec/selector/matchLabels' : '/spec/selector',
              `InferencePool ${pool.name} selects no pod of the tree (selector ${JSON.stringify(selector)})`,
              'Match the labels of the model-server pods in the same namespace.',
            ),
          ),
        );
        continue;
      }
      const served = new Set(
        matching.flatMap((p) =>
          containers(p).flatMap((c) => list(c.container.ports).map((x) => Number(x.containerPort))),
        ),
      );
      if (served.size > 0)
        ports.forEach((port, i) => {
          if (!served.has(port))
            out.push(
              finding(
                pool,
                v1 ? `/spec/targetPorts/${i}/number` : '/spec/targetPortNumber',
                `InferencePool ${pool.name} targets port ${port}, which the selected pods do not serve (${[...served].join(', ')})`,
                'Target the vLLM container port (8000).',
              ),
            );
        });
    }
    return out;
  },
};
