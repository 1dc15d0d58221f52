import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, pods } from './shared/util.js';
import { podsSelected, policies } from './shared/netpol.js';

export const rule: Rule = {
  id: 'networkpolicy-selects-pods',
  severity: 'error',
  summary:
    'Every NetworkPolicy podSelector (other than {}) matches pods the tree will run, KServe-created ones included.',
  docs: {
    why: "A policy that selects nothing protects nothing and allows nothing: the seed's EPP policy selected `app.kubernetes.io/component: router-scheduler` while KServe labels the scheduler `llminferenceservice-router-scheduler`, so the scheduler was never reachable as intended.",
    fix: 'Select the labels KServe really sets: workload `app.kubernetes.io/name: <name>` + `kserve.io/component: workload`; scheduler `app.kubernetes.io/component: llminferenceservice-router-scheduler`.',
    source: 'seed-repo section 5 inconsistency 1; [code] kserve llmisvc workload.go / scheduler.go labels.',
  },
  kinds: ['NetworkPolicy'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const p of policies(ctx)) {
      if (Object.keys(p.selector).length === 0 || p.hasExpressions) continue;
      const ns = p.policy.namespace ?? 'default';
      if (!ctx.spec && !pods(ctx).some((v) => (v.owner.namespace ?? 'default') === ns)) {
        ctx.skip(
          `NetworkPolicy ${p.policy.name}: the validated set holds no workload in namespace ${ns} (validate its cluster, or pass --cluster)`,
        );
        continue;
      }
      if (podsSelected(ctx, p).length === 0)
        out.push(
          finding(
            p.policy,
            '/spec/podSelector/matchLabels',
            `NetworkPolicy ${p.policy.name} selects no pod of the tree (${JSON.stringify(p.selector)})`,
            'KServe labels: workload app.kubernetes.io/name=<name>, kserve.io/component=workload; scheduler app.kubernetes.io/component=llminferenceservice-router-scheduler.',
          ),
        );
    }
    return out;
  },
};
