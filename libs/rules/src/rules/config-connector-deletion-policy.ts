import type { RuleFinding } from '@inference-gitops/core';
import { DELETION_POLICY_ANNOTATION, deletionPolicyOf } from '@inference-gitops/cluster-spec';
import type { Rule } from '../types.js';
import { finding, obj } from './shared/util.js';

const KINDS = ['ContainerCluster', 'ContainerNodePool'];
const GROUP = 'container.cnrm.cloud.google.com';

export const rule: Rule = {
  id: 'config-connector-deletion-policy',
  severity: 'error',
  summary: `In staging and prod, the GKE cluster and its node pools carry ${DELETION_POLICY_ANNOTATION}: abandon, so deleting their objects keeps them in GCP.`,
  docs: {
    why: 'Config Connector deletes the GCP resource when its object is deleted (the default policy, `none`), and never recreates one. An object goes more easily than it looks: a node pool renamed in the spec, `configConnector` removed, a manual prune-sync, or the infrastructure Application deleted (its finalizer cascades). Each then deletes the GKE cluster or a TPU pool, with every model on it.',
    fix: `Set the annotation ${DELETION_POLICY_ANNOTATION}: abandon on the ContainerCluster and every ContainerNodePool (the generator does, from the spec's configConnector.deletionPolicy, default abandon outside dev), with argocd.argoproj.io/sync-options: Delete=false; remove a pool on purpose by listing it in configConnector.removals.`,
    source:
      '[doc] Config Connector resource annotations (deletion-policy: none|abandon); [code] k8s-config-connector v1.155.1 pkg/controller/tf/controller.go; Argo CD app_deletion.md (the resources finalizer); issue #21.',
  },
  kinds: KINDS,
  check(ctx) {
    const out: RuleFinding[] = [];
    const objects = KINDS.flatMap((kind) => ctx.byKind(kind, GROUP));
    if (objects.length === 0) return out;
    if (!ctx.spec) {
      ctx.skip("needs the cluster's environment (validate a cluster, or pass --cluster NAME|FILE)");
      return out;
    }
    if (ctx.spec.environment === 'dev' || deletionPolicyOf(ctx.spec) === 'delete') return out;
    for (const o of objects) {
      const value = obj(obj(o.object.metadata)?.annotations)?.[DELETION_POLICY_ANNOTATION];
      if (value === 'abandon') continue;
      out.push(
        finding(
          o,
          '/metadata/annotations',
          `${o.kind} ${o.name} in ${ctx.spec.environment} has no ${DELETION_POLICY_ANNOTATION}: abandon${value !== undefined ? ` (it says ${JSON.stringify(value)})` : ''}: deleting the object deletes the GKE ${o.kind === 'ContainerCluster' ? 'cluster' : 'node pool'}`,
          `Add ${DELETION_POLICY_ANNOTATION}: abandon (and argocd.argoproj.io/sync-options: Delete=false), or say configConnector.deletionPolicy: delete in the spec if that is what you want.`,
        ),
      );
    }
    return out;
  },
};
