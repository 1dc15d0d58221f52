import type { RuleFinding } from '@inference-gitops/core';
import {
  GKE_DEFAULT_DISK_GB,
  knownModelSizeGb,
  MODEL_SIZE_ANNOTATION,
  parseSizeGb,
  requiredDiskGb,
} from '@inference-gitops/cluster-spec';
import type { KServeDerived, Rule } from '../types.js';
import { nodePools } from '../model/node-pools.js';
import { ACCELERATOR_LABEL, TOPOLOGY_LABEL, finding, nodeSelector, obj } from './shared/util.js';

/** The weights of a service in GB: the generator's annotation, else a known model's by its uri or name. */
function weightsGb(k: KServeDerived): number | undefined {
  const annotated = obj(obj(k.service.object.metadata)?.annotations)?.[MODEL_SIZE_ANNOTATION];
  if (typeof annotated === 'string') return parseSizeGb(annotated);
  const model = obj(obj(k.service.object.spec)?.model) ?? {};
  return knownModelSizeGb(String(model.uri ?? '')) ?? knownModelSizeGb(String(model.name ?? ''));
}

export const rule: Rule = {
  id: 'tpu-model-disk',
  severity: 'error',
  summary:
    'The boot disk of each TPU node holds the weights of the models that run there, with room for the images and the system.',
  docs: {
    why:
      "KServe's storage initializer downloads the weights to the pod's /mnt/models, an emptyDir on the node's boot " +
      'disk, on every host of a multi-host slice. GKE gives a node pool a 100 GB boot disk unless it says ' +
      'otherwise: a 70B model in bf16 (about 141 GB) does not fit, the download fails or the kubelet evicts the ' +
      "pod for disk pressure, and the endpoint never starts. GCP cannot resize a pool's disk in place.",
    fix:
      "Give the node pool nodeConfig.diskSizeGb of at least the weights plus 60 GB (the spec's " +
      'nodePools[].diskSizeGb, or leave it out and the generator sizes it from the models); a new size is a new ' +
      'node pool. For very large models, GKE documents Cloud Storage FUSE, Hyperdisk ML or Run:ai Model Streamer.',
    source:
      '[doc] googleapis container/v1 NodeConfig.diskSizeGb (default 100); GKE storage overview for AI/ML model ' +
      'loading; [code] KServe storage initializer (/mnt/models emptyDir); model sizes from the Hugging Face ' +
      'model cards (libs/cluster-spec/src/model-size.ts); research serving-safety.md C12.',
  },
  kinds: ['LLMInferenceService', 'ContainerNodePool'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const known = nodePools(ctx);
    // The spec's pools are checked with the spec (cluster-spec); here the pools as the tree writes them.
    if (!known || known.from !== 'tree') return out;
    const reported = new Set<string>();
    for (const k of ctx.kserve) {
      const size = weightsGb(k);
      const view = k.workloadPods[0];
      if (size === undefined || !view) continue;
      const sel = nodeSelector(view);
      const needed = requiredDiskGb(size);
      for (const pool of known.pools) {
        if (pool.accelerator !== sel[ACCELERATOR_LABEL] || pool.topology !== sel[TOPOLOGY_LABEL]) continue;
        const disk = pool.diskGb ?? GKE_DEFAULT_DISK_GB;
        if (disk >= needed || !pool.resource || reported.has(`${pool.name}/${k.name}`)) continue;
        reported.add(`${pool.name}/${k.name}`);
        const set = obj(obj(pool.resource.object.spec)?.nodeConfig)?.diskSizeGb !== undefined;
        out.push(
          finding(
            pool.resource,
            set ? '/spec/nodeConfig/diskSizeGb' : '/spec/nodeConfig',
            `node pool ${pool.name} has ${disk} GB boot disks${set ? '' : " (GKE's default)"}, but ${k.name} downloads ${Math.round(size)} GB of weights to each node: it needs at least ${needed} GB`,
            `Set nodeConfig.diskSizeGb to ${needed} or more (a new node pool: GCP cannot resize it in place).`,
          ),
        );
      }
    }
    return out;
  },
};
