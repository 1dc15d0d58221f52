import { describe, expect, it } from 'vitest';
import { ACCELERATORS, describeShape, devicesFor, isMultiHost, lookupShape, machineTypesFor, topologiesFor } from '../src/index.js';

describe('TPU catalog', () => {
  it('answers "2x2 on tpu-v6e-slice -> 4 chips, 1 host"', () => {
    const shape = lookupShape('tpu-v6e-slice', '2x2')!;
    expect(shape).toMatchObject({ chips: 4, hosts: 1, chipsPerHost: 4, machineType: 'ct6e-standard-4t', chipsPerHostBounds: '2,2,1', hostBounds: '1,1,1' });
    expect(describeShape('tpu-v6e-slice', shape)).toBe('topology 2x2 on tpu-v6e-slice: 4 chips, 1 host (ct6e-standard-4t, 4 chips per host), bounds 2,2,1 / 1,1,1');
  });

  it('covers v5e including the 1-chip shape', () => {
    expect(lookupShape('tpu-v5-lite-podslice', '1x1')).toMatchObject({ chips: 1, hosts: 1, machineType: 'ct5lp-hightpu-1t', chipsPerHostBounds: '1,1,1' });
    expect(lookupShape('tpu-v5-lite-podslice', '4x4')).toMatchObject({ chips: 16, hosts: 4, chipsPerHost: 4, chipsPerHostBounds: '2,2,1', hostBounds: '2,2,1' });
  });

  it('tells the single-VM and two-VM 2x4 apart by machine type', () => {
    expect(lookupShape('tpu-v6e-slice', '2x4')).toMatchObject({ hosts: 1, chipsPerHost: 8, machineType: 'ct6e-standard-8t', chipsPerHostBounds: '2,4,1', hostBounds: '1,1,1' });
    expect(lookupShape('tpu-v6e-slice', '2x4', 'ct6e-standard-4t')).toMatchObject({ hosts: 2, chipsPerHost: 4, chipsPerHostBounds: '2,2,1', hostBounds: '1,2,1' });
    expect(machineTypesFor('tpu-v6e-slice', '2x4')).toEqual(['ct6e-standard-8t', 'ct6e-standard-4t']);
  });

  it('covers v5p and TPU7x 3D shapes, with two devices per chip', () => {
    const v5p = lookupShape('tpu-v5p-slice', '2x2x2')!;
    expect(v5p).toMatchObject({ chips: 8, hosts: 2, chipsPerHost: 4 });
    expect(isMultiHost(v5p)).toBe(true);
    expect(devicesFor(v5p, 'tpu-v5p-slice', 'slice')).toBe(16);
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
  });

  it('cites a source for every shape', () => {
    for (const acc of ACCELERATORS) {
      expect(acc.sources.length).toBeGreaterThan(0);
      for (const s of acc.shapes) expect(s.sources.some((c) => c.kind !== 'derived')).toBe(true);
      expect(topologiesFor(acc.name).length).toBeGreaterThan(0);
    }
  });
});
