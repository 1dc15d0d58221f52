import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { healthCustomization } from '../model/argocd.js';
import { finding } from './shared/util.js';

/** Kinds a sync wave may wait on that Argo CD (up to v3.5.1) has no health check for. */
const UNCHECKED = [
  { group: 'serving.kserve.io', kind: 'LLMInferenceService' },
  { group: 'leaderworkerset.x-k8s.io', kind: 'LeaderWorkerSet' },
];

export const rule: Rule = {
  id: 'argocd-health-check',
  severity: 'error',
  summary:
    "The tree's argocd-cm gives every LLMInferenceService and LeaderWorkerSet it syncs a health check: Argo CD has none for them.",
  docs: {
    why:
      'Argo CD up to v3.5.1 has no health check for LLMInferenceService or LeaderWorkerSet: such an object ' +
      'counts as healthy the moment it exists, so later sync waves and the PostSync smoke test run while ' +
      'the model is still loading (minutes for a large model, longer for a multi-host slice), and the smoke ' +
      'test fails the sync. A check that maps Ready=False to Degraded fails it too: KServe sets its ' +
      'conditions to False, not Unknown, while pods start.',
    fix:
      'Keep the generated argocd-cm (overlays/bases/argocd-config): its resource.customizations.health keys ' +
      'map start-up to Progressing, failures KServe does not get past to Degraded, and Ready to Healthy.',
    source:
      '[code] argo-cd v3.5.1 resource_customizations (no serving.kserve.io/LLMInferenceService, no ' +
      'leaderworkerset.x-k8s.io); gitops-engine sync_context.go (a resource without health is done at ' +
      'once); opendatahub-io/kserve odh-v3.4-EA1 llm_inference_service_lifecycle.go; issue #21.',
  },
  kinds: ['ConfigMap', 'LLMInferenceService', 'LeaderWorkerSet'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { group, kind } of UNCHECKED) {
      if (ctx.byKind(kind, group).length === 0) continue;
      const custom = healthCustomization(ctx.resources, group, kind);
      // Without argocd-cm in the set (an overlay validated alone), its cluster's validation judges it.
      if (!custom || custom.configured) continue;
      out.push(
        finding(
          custom.configMap,
          '/data',
          `argocd-cm gives ${kind} no health check, and Argo CD has none: each counts as healthy as soon as it exists, so later waves and the PostSync smoke test run while the model is still loading`,
          `Add resource.customizations.health.${group}_${kind} (the generated argocd-cm has it).`,
        ),
      );
    }
    return out;
  },
};
