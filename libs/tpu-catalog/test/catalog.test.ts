import { describe, expect, it } from 'vitest';
import {
  ACCELERATORS,
  ZONE_AVAILABILITY,
  acceleratorsOfferedIn,
  describeShape,
  devicesFor,
  isMultiHost,
  isOfferedIn,
  lookupShape,
  machineTypesFor,
  topologiesFor,
  zoneAcceleratorTypeFor,
  zonesFor,
} from '../src/index.js';

describe('TPU catalog', () => {
  it('answers "2x2 on tpu-v6e-slice -> 4 chips, 1 host"', () => {
    const shape = lookupShape('tpu-v6e-slice', '2x2')!;
    expect(shape).toMatchObject({
      chips: 4,
      hosts: 1,
      chipsPerHost: 4,
      machineType: 'ct6e-standard-4t',
      chipsPerHostBounds: '2,2,1',
      hostBounds: '1,1,1',
    });
    expect(describeShape('tpu-v6e-slice', shape)).toBe(
      'topology 2x2 on tpu-v6e-slice: 4 chips, 1 host (ct6e-standard-4t, 4 chips per host), bounds 2,2,1 / 1,1,1',
    );
  });

  it('covers v5e including the 1-chip shape', () => {
    expect(lookupShape('tpu-v5-lite-podslice', '1x1')).toMatchObject({
      chips: 1,
      hosts: 1,
      machineType: 'ct5lp-hightpu-1t',
      chipsPerHostBounds: '1,1,1',
    });
    expect(lookupShape('tpu-v5-lite-podslice', '4x4')).toMatchObject({
      chips: 16,
      hosts: 4,
      chipsPerHost: 4,
      chipsPerHostBounds: '2,2,1',
      hostBounds: '2,2,1',
    });
  });

  it('tells the single-VM and two-VM 2x4 apart by machine type', () => {
    expect(lookupShape('tpu-v6e-slice', '2x4')).toMatchObject({
      hosts: 1,
      chipsPerHost: 8,
      machineType: 'ct6e-standard-8t',
      chipsPerHostBounds: '2,4,1',
      hostBounds: '1,1,1',
    });
    expect(lookupShape('tpu-v6e-slice', '2x4', 'ct6e-standard-4t')).toMatchObject({
      hosts: 2,
      chipsPerHost: 4,
      chipsPerHostBounds: '2,2,1',
      hostBounds: '1,2,1',
    });
    expect(machineTypesFor('tpu-v6e-slice', '2x4')).toEqual(['ct6e-standard-8t', 'ct6e-standard-4t']);
  });

  it('covers v5p (one megacore device per chip) and TPU7x (two devices per chip) 3D shapes', () => {
    const v5p = lookupShape('tpu-v5p-slice', '2x2x2')!;
    expect(v5p).toMatchObject({ chips: 8, hosts: 2, chipsPerHost: 4 });
    expect(isMultiHost(v5p)).toBe(true);
    expect(devicesFor(v5p, 'tpu-v5p-slice', 'slice')).toBe(8);
    // a 2x2x1 v5p host runs tensor parallelism 4, not 8
    expect(devicesFor(lookupShape('tpu-v5p-slice', '2x2x1')!, 'tpu-v5p-slice', 'host')).toBe(4);
    const one = lookupShape('tpu7x', '1x1x1')!;
    expect(devicesFor(one, 'tpu7x', 'host')).toBe(2);
    expect(devicesFor(lookupShape('tpu7x', '2x2x1')!, 'tpu7x', 'host')).toBe(8);
    // larger cubes follow the documented rule (multiples of 4, 4 chips per VM)
    expect(lookupShape('tpu7x', '8x8x16')).toMatchObject({ chips: 1024, hosts: 256 });
  });

  it('refuses what does not exist', () => {
    expect(lookupShape('tpu-v6e-slice', '3x3')).toBeUndefined();
    expect(lookupShape('tpu-v6e-slice', '2x2x1')).toBeUndefined();
    expect(lookupShape('tpu-v6e', '2x2')).toBeUndefined();
    expect(lookupShape('tpu-v5p-slice', '3x4x4')).toBeUndefined();
    // xpk lists ascending dimensions only, up to 140 cubes (v5p) / 144 (TPU7x) of 4x4x4
    expect(lookupShape('tpu-v5p-slice', '8x4x4')).toBeUndefined();
    expect(lookupShape('tpu-v5p-slice', '16x16x24')).toMatchObject({ chips: 6144 });
    expect(lookupShape('tpu-v5p-slice', '64x64x64')).toBeUndefined();
  });

  it('cites a source for every shape', () => {
    for (const acc of ACCELERATORS) {
      expect(acc.sources.length).toBeGreaterThan(0);
      for (const s of acc.shapes) expect(s.sources.some((c) => c.kind !== 'derived')).toBe(true);
      expect(topologiesFor(acc.name).length).toBeGreaterThan(0);
    }
  });
});

describe('TPU zone availability', () => {
  it('lists the zones that offer v6e node pools, including every GKE zone of the seed deployment (NG-2)', () => {
    expect(zonesFor('tpu-v6e-slice')).toEqual([
      'asia-northeast1-b',
      'europe-west4-a',
      'southamerica-west1-a',
      'us-central1-b',
      'us-east1-d',
      'us-east5-a',
      'us-east5-b',
      'us-south1-a',
      'us-south1-b',
    ]);
    const seed = ZONE_AVAILABILITY.find((z) => z.accelerator === 'tpu-v6e-slice')!.listings.find((l) =>
      l.sources.some((s) => s.ref.includes('ISSUES.md')),
    )!;
    expect(seed.zones).toEqual([
      'us-central1-b',
      'us-east1-d',
      'us-east5-a',
      'us-east5-b',
      'us-south1-a',
      'us-south1-b',
      'europe-west4-a',
    ]);
  });

  it('lists the zones of v5e, v5p and TPU7x', () => {
    expect(zonesFor('tpu-v5-lite-podslice')).toEqual([
      'europe-west4-b',
      'us-central1-a',
      'us-south1-a',
      'us-west1-c',
      'us-west4-a',
    ]);
    expect(zonesFor('tpu-v5p-slice')).toEqual(['europe-west4-b', 'us-central1-a', 'us-east5-a']);
    expect(zonesFor('tpu7x')).toEqual(['us-central1-ai1a', 'us-central1-c']);
  });

  it('says whether a zone offers an accelerator, and undefined when the catalog does not know', () => {
    expect(isOfferedIn('tpu-v6e-slice', 'europe-west4-a')).toBe(true);
    expect(isOfferedIn('tpu-v6e-slice', 'us-central1-a')).toBe(false);
    expect(isOfferedIn('tpu-v5-lite-podslice', 'us-central1-a')).toBe(true);
    expect(isOfferedIn('tpu-v4-podslice', 'us-central2-b')).toBeUndefined();
    expect(zonesFor('tpu-v4-podslice')).toBeUndefined();
    expect(acceleratorsOfferedIn('us-central1-a')).toEqual(['tpu-v5-lite-podslice', 'tpu-v5p-slice']);
    expect(acceleratorsOfferedIn('europe-west1-b')).toEqual([]);
  });

  it('keys zones by the node label, not by the zone accelerator type (tpu-v6e-slice versus tpu-v6e)', () => {
    expect(zoneAcceleratorTypeFor('tpu-v6e-slice')).toBe('tpu-v6e');
    expect(zonesFor('tpu-v6e')).toBeUndefined();
    expect(isOfferedIn('tpu-v6e', 'europe-west4-a')).toBeUndefined();
  });

  it('has zones for every accelerator, each list with a source', () => {
    for (const acc of ACCELERATORS) expect(zonesFor(acc.name)?.length ?? 0).toBeGreaterThan(0);
    for (const entry of ZONE_AVAILABILITY) {
      for (const listing of entry.listings) {
        expect(listing.zones.length).toBeGreaterThan(0);
        expect(listing.sources.length).toBeGreaterThan(0);
        for (const zone of listing.zones) expect(zone).toMatch(/^[a-z]+-[a-z]+\d+-[a-z0-9]+$/);
      }
    }
  });
});
