import type { RuleFinding } from '@inference-gitops/core';
import { lookupShape } from '@inference-gitops/tpu-catalog';
import type { Rule } from '../types.js';
import { finding, obj } from './shared/util.js';

export const rule: Rule = {
  id: 'tpu7x-workload-policy',
  severity: 'error',
  summary:
    'A multi-host TPU7x node pool is placed by a workload policy (placementPolicy.policyNameRef), not by a TPU topology.',
  docs: {
    why:
      'GKE places a multi-host TPU7x (Ironwood) slice through a workload policy of type HIGH_THROUGHPUT with the ' +
      "slice's accelerator topology, given as the node pool's placement policy; it replaces the TPU topology " +
      '(COMPACT) the other generations use. A TPU7x pool created with a TPU topology does not get the slice.',
    fix:
      'Create the workload policy once (gcloud compute resource-policies create workload-policy NAME ' +
      '--type=HIGH_THROUGHPUT --accelerator-topology=AxBxC --region=REGION; Config Connector v1.155.1 cannot) and ' +
      "reference it: placementPolicy.policyNameRef.external (the spec's nodePools[].workloadPolicy does).",
    source:
      '[doc] GKE "About TPU Ironwood (TPU7x)" (workload policy, --placement-policy replaces --tpu-topology, GKE ' +
      '1.34.0-gke.2201000 or later); xpk src/xpk/core/nodepool.py; Config Connector v1.155.1 ContainerNodePool ' +
      'CRD (placementPolicy.policyNameRef) and ComputeResourcePolicy CRD (no workload-policy fields).',
  },
  kinds: ['ContainerNodePool'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const pool of ctx.byKind('ContainerNodePool', 'container.cnrm.cloud.google.com')) {
      const spec = obj(pool.object.spec) ?? {};
      const machineType = String(obj(spec.nodeConfig)?.machineType ?? '');
      if (!machineType.startsWith('tpu7x-')) continue;
      const placement = obj(spec.placementPolicy);
      const topology = placement?.tpuTopology;
      if (typeof topology !== 'string' || placement?.policyNameRef) continue;
      const shape = lookupShape('tpu7x', topology, machineType);
      if (!shape || shape.hosts === 1) continue;
      out.push(
        finding(
          pool,
          '/spec/placementPolicy',
          `ContainerNodePool ${pool.name} places a multi-host TPU7x slice (${topology}, ${shape.hosts} hosts) by TPU topology: GKE places TPU7x slices by a workload policy`,
          `Reference a HIGH_THROUGHPUT workload policy with accelerator topology ${topology} in placementPolicy.policyNameRef.external, without tpuTopology.`,
        ),
      );
    }
    return out;
  },
};
