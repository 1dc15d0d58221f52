// API of the TPU catalog (the data lives in catalog.ts). One source of truth for generator and validator.
import type { AcceleratorName } from '@inference-gitops/cluster-spec/types';

export type { AcceleratorName };

export interface SourceCitation {
  /** URL or owner/repo:path@ref. */
  ref: string;
  /** doc | code | sample | derived, as tagged in the research notes. */
  kind: 'doc' | 'code' | 'sample' | 'derived';
}

export interface SliceShape {
  topology: string;
  /** Chips in the whole slice (product of the dimensions). */
  chips: number;
  machineType: string;
  chipsPerHost: number;
  /** VMs (= nodes = pods) in the slice. */
  hosts: number;
  /** Expected TPU_CHIPS_PER_HOST_BOUNDS, e.g. "2,2,1". */
  chipsPerHostBounds: string;
  /** Expected TPU_HOST_BOUNDS, e.g. "1,1,1". */
  hostBounds: string;
  sources: SourceCitation[];
}

/** One zone list as a source states it. */
export interface ZoneListing {
  zones: string[];
  /**
   * `gke-node-pools`: zones where GKE creates TPU node pools of this accelerator.
   * `tpu-vm`: zones where Cloud TPU VMs of this generation can be created (the Cloud TPU docs);
   * a GKE TPU node pool runs on these VMs, but the two lists are not guaranteed to be equal.
   */
  scope: 'gke-node-pools' | 'tpu-vm';
  /** What the list covers or leaves out, e.g. a part of the page that could not be read. */
  note?: string;
  sources: SourceCitation[];
}

export interface ZoneAvailability {
  accelerator: AcceleratorName;
  /**
   * The accelerator type the zone APIs report (`gcloud compute accelerator-types list`), when known.
   * It differs from the node label: v6e is `tpu-v6e` in a zone but `tpu-v6e-slice` on the node.
   */
  zoneAcceleratorType?: string;
  listings: ZoneListing[];
}

export interface AcceleratorInfo {
  name: AcceleratorName;
  /** Marketing name, e.g. "TPU v6e (Trillium)". */
  displayName: string;
  /** JAX devices per chip as vLLM sees them: 1 for v5e, v6e and v5p (megacore), 2 for tpu7x (no megacore). */
  devicesPerChip: number;
  /** 2 for AxB, 3 for AxBxC. */
  dimensions: 2 | 3;
  machineTypes: string[];
  shapes: SliceShape[];
  sources: SourceCitation[];
}
