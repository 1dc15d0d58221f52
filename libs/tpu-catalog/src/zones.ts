import type { AcceleratorName, SourceCitation, ZoneAvailability } from './types.js';

// Zones where each TPU generation is offered. Every list is recorded as its source states it; a zone
// counts as offered when any list names it (a wrong "not offered" blocks a valid cluster, which is worse
// than missing a bad zone). Single-tenant-only and AI zones listed elsewhere are left out on purpose.
// Google adds zones over time: when a valid zone is refused, add a listing with its source here.

const TPU_REGIONS_ZONES: SourceCitation = { ref: 'https://cloud.google.com/tpu/docs/regions-zones', kind: 'doc' };
const TPU_REGIONS_ZONES_MD: SourceCitation = {
  ref: 'https://docs.cloud.google.com/tpu/docs/regions-zones.md.txt',
  kind: 'doc',
};
const TPU_TYPES_ZONES: SourceCitation = { ref: 'https://docs.cloud.google.com/tpu/docs/types-zones', kind: 'doc' };
const GKE_PLAN_TPUS: SourceCitation = {
  ref: 'https://cloud.google.com/kubernetes-engine/docs/concepts/plan-tpus',
  kind: 'doc',
};
const SEED_ZONE_SCRIPT: SourceCitation = {
  ref: 'johnahull/llm-d-xks-gke:check-gke-tpu-availability.sh@30c57fbf5715befd71ef9278cb1077c2678812d4',
  kind: 'code',
};
const SEED_NG2: SourceCitation = {
  ref: 'johnahull/llm-d-xks-gke:deployments/llm-d-infra-xks-gke-tpu-native-gateway/ISSUES.md@7630140c1047f7b6e4b4f18353d96e44d10125f3',
  kind: 'code',
};

const NOT_READ = 'the Europe and Asia Pacific parts of the page could not be read from the stored copy';
const FROM_PLAN_TPUS = `the script says it copies ${GKE_PLAN_TPUS.ref}; that page's table could not be read from the stored copy`;

export const ZONE_AVAILABILITY: readonly ZoneAvailability[] = [
  {
    accelerator: 'tpu-v5-lite-podslice',
    listings: [
      {
        scope: 'tpu-vm',
        zones: ['us-central1-a', 'us-south1-a', 'us-west1-c', 'us-west4-a'],
        note: `US only; ${NOT_READ}`,
        sources: [TPU_REGIONS_ZONES],
      },
      {
        scope: 'gke-node-pools',
        zones: ['europe-west4-b', 'us-central1-a', 'us-south1-a', 'us-west1-c', 'us-west4-a'],
        note: FROM_PLAN_TPUS,
        sources: [SEED_ZONE_SCRIPT],
      },
    ],
  },
  {
    accelerator: 'tpu-v5p-slice',
    listings: [
      {
        scope: 'tpu-vm',
        zones: ['us-central1-a', 'us-east5-a'],
        note: `US only; ${NOT_READ}`,
        sources: [TPU_REGIONS_ZONES],
      },
      {
        scope: 'gke-node-pools',
        zones: ['europe-west4-b', 'us-central1-a', 'us-east5-a'],
        note: FROM_PLAN_TPUS,
        sources: [SEED_ZONE_SCRIPT],
      },
    ],
  },
  {
    accelerator: 'tpu-v6e-slice',
    zoneAcceleratorType: 'tpu-v6e',
    listings: [
      {
        scope: 'tpu-vm',
        zones: ['us-central1-b', 'us-east1-d', 'us-east5-a', 'us-east5-b', 'europe-west4-a'],
        note: `US and Europe; the Asia Pacific part of the page could not be read from the stored copy`,
        sources: [TPU_REGIONS_ZONES],
      },
      {
        scope: 'gke-node-pools',
        zones: [
          'us-central1-b',
          'us-east1-d',
          'us-east5-a',
          'us-east5-b',
          'us-south1-a',
          'us-south1-b',
          'europe-west4-a',
          'asia-northeast1-b',
          'southamerica-west1-a',
        ],
        note: FROM_PLAN_TPUS,
        sources: [SEED_ZONE_SCRIPT],
      },
      {
        scope: 'gke-node-pools',
        zones: [
          'us-central1-b',
          'us-east1-d',
          'us-east5-a',
          'us-east5-b',
          'us-south1-a',
          'us-south1-b',
          'europe-west4-a',
        ],
        note:
          'GKE v6e zones listed by the seed deployment (NG-2); only europe-west4-a was proven by a deployment, ' +
          'us-central1-b and us-south1-a failed there with stock-outs',
        sources: [SEED_NG2],
      },
    ],
  },
  {
    accelerator: 'tpu7x',
    listings: [
      { scope: 'tpu-vm', zones: ['us-central1-c'], note: `North America; ${NOT_READ}`, sources: [TPU_TYPES_ZONES] },
      {
        scope: 'tpu-vm',
        zones: ['us-central1-ai1a', 'us-central1-c'],
        note: `North America (us-central1-ai1a is an AI zone); ${NOT_READ}`,
        sources: [TPU_REGIONS_ZONES_MD],
      },
    ],
  },
];

/** Zones that offer the accelerator (node label name, e.g. tpu-v6e-slice), sorted; undefined when the catalog has no zone data for it. */
export function zonesFor(accelerator: string): readonly string[] | undefined {
  const entry = ZONE_AVAILABILITY.find((z) => z.accelerator === accelerator);
  if (!entry) return undefined;
  return [...new Set(entry.listings.flatMap((l) => l.zones))].sort();
}

/** Whether the accelerator is offered in the zone; undefined when the catalog does not know the accelerator's zones. */
export function isOfferedIn(accelerator: string, zone: string): boolean | undefined {
  return zonesFor(accelerator)?.includes(zone);
}

/** Accelerators (node label names) offered in the zone. */
export function acceleratorsOfferedIn(zone: string): AcceleratorName[] {
  return ZONE_AVAILABILITY.filter((z) => isOfferedIn(z.accelerator, zone)).map((z) => z.accelerator);
}

/** The accelerator type zone APIs report for a node label (tpu-v6e-slice -> tpu-v6e), when known. */
export function zoneAcceleratorTypeFor(accelerator: string): string | undefined {
  return ZONE_AVAILABILITY.find((z) => z.accelerator === accelerator)?.zoneAcceleratorType;
}
