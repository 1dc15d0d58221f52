import type { AcceleratorInfo, SliceShape, SourceCitation } from './types.js';

// Sources (see ../shared/research/domain-facts.md section 1 in the project's notes).
const V5E_DOC: SourceCitation = { ref: 'https://cloud.google.com/tpu/docs/v5e', kind: 'doc' };
const V6E_DOC: SourceCitation = { ref: 'https://cloud.google.com/tpu/docs/v6e', kind: 'doc' };
const SUPPORTED_DOC: SourceCitation = { ref: 'https://cloud.google.com/tpu/docs/supported-versions', kind: 'doc' };
const IRONWOOD_DOC: SourceCitation = {
  ref: 'https://docs.cloud.google.com/kubernetes-engine/docs/concepts/tpu-ironwood',
  kind: 'doc',
};
const JAX_CHIP_VERSION: SourceCitation = {
  ref: 'https://docs.jax.dev/en/latest/_autosummary/jax.experimental.pallas.tpu.ChipVersion.html',
  kind: 'doc',
};
const XPK: SourceCitation = { ref: 'AI-Hypercomputer/xpk:src/xpk/core/system_characteristics.py', kind: 'code' };
const LWS_SAMPLE: SourceCitation = { ref: 'kubernetes-sigs/lws:docs/examples/vllm/TPU/lws.yaml', kind: 'sample' };
const BOUNDS_DERIVED: SourceCitation = {
  ref: 'derived: chips-per-host bounds x host bounds = topology (z = 1 for 2D); JAX TPU bounds variables gist',
  kind: 'derived',
};

/** "2x4" -> [2, 4]; undefined when not a topology string. */
export function parseTopology(topology: string): number[] | undefined {
  if (!/^\d+(x\d+){1,2}$/.test(topology)) return undefined;
  const dims = topology.split('x').map(Number);
  return dims.every((d) => d > 0) ? dims : undefined;
}

function bounds(dims: number[]): string {
  return [dims[0] ?? 1, dims[1] ?? 1, dims[2] ?? 1].join(',');
}

/**
 * One slice shape. Host bounds are the topology divided by the chips-per-host grid: a 4-chip host is a
 * 2x2(x1) grid, an 8-chip host a 2x4 grid, a 1-chip host 1x1.
 */
function shape(topology: string, machineType: string, chipsPerHost: number, sources: SourceCitation[]): SliceShape {
  const dims = parseTopology(topology)!;
  const chips = dims.reduce((a, b) => a * b, 1);
  const hostGrid = chipsPerHost === 1 ? [1, 1, 1] : chipsPerHost === 4 ? [2, 2, 1] : [2, 4, 1];
  const hosts = chips / chipsPerHost;
  const hostBounds = hosts === 1 ? [1, 1, 1] : [0, 1, 2].map((i) => Math.max(1, (dims[i] ?? 1) / (hostGrid[i] ?? 1)));
  const chipsPerHostBounds = hosts === 1 ? [...dims, 1, 1].slice(0, 3) : hostGrid;
  return {
    topology,
    chips,
    machineType,
    chipsPerHost,
    hosts,
    chipsPerHostBounds: bounds(chipsPerHostBounds),
    hostBounds: bounds(hostBounds),
    sources: [...sources, BOUNDS_DERIVED],
  };
}

const LARGE_2D = ['4x4', '4x8', '8x8', '8x16', '16x16'];

export const ACCELERATORS: readonly AcceleratorInfo[] = [
  {
    name: 'tpu-v5-lite-podslice',
    displayName: 'TPU v5e',
    devicesPerChip: 1,
    dimensions: 2,
    machineTypes: ['ct5lp-hightpu-1t', 'ct5lp-hightpu-4t', 'ct5lp-hightpu-8t'],
    sources: [V5E_DOC, SUPPORTED_DOC, XPK],
    shapes: [
      shape('1x1', 'ct5lp-hightpu-1t', 1, [V5E_DOC]),
      shape('2x2', 'ct5lp-hightpu-4t', 4, [V5E_DOC]),
      shape('2x4', 'ct5lp-hightpu-8t', 8, [V5E_DOC]),
      shape('2x4', 'ct5lp-hightpu-4t', 4, [XPK]),
      ...LARGE_2D.map((t) => shape(t, 'ct5lp-hightpu-4t', 4, t === '4x4' ? [XPK, LWS_SAMPLE] : [XPK])),
    ],
  },
  {
    name: 'tpu-v6e-slice',
    displayName: 'TPU v6e (Trillium)',
    devicesPerChip: 1,
    dimensions: 2,
    machineTypes: ['ct6e-standard-1t', 'ct6e-standard-4t', 'ct6e-standard-8t'],
    sources: [V6E_DOC],
    shapes: [
      shape('1x1', 'ct6e-standard-1t', 1, [V6E_DOC]),
      shape('2x2', 'ct6e-standard-4t', 4, [V6E_DOC]),
      shape('2x4', 'ct6e-standard-8t', 8, [V6E_DOC]),
      shape('2x4', 'ct6e-standard-4t', 4, [V6E_DOC]),
      ...LARGE_2D.map((t) => shape(t, 'ct6e-standard-4t', 4, [V6E_DOC])),
    ],
  },
  {
    name: 'tpu-v5p-slice',
    displayName: 'TPU v5p',
    // Two TensorCores per chip run as one megacore device: JAX and vLLM see one device per chip (JAX
    // ChipVersion: v5p supports megacore; tpu-inference tpu_inference/utils.py get_device_hbm_limit gives a v5p
    // device 95 GB, the whole chip). TPU7x has two TensorCores and no megacore: two devices per chip.
    devicesPerChip: 1,
    dimensions: 3,
    machineTypes: ['ct5p-hightpu-4t'],
    sources: [SUPPORTED_DOC, XPK, JAX_CHIP_VERSION],
    shapes: ['2x2x1', '2x2x2', '2x2x4', '2x4x4', '4x4x4', '4x4x8', '4x8x8', '8x8x8'].map((t) =>
      shape(t, 'ct5p-hightpu-4t', 4, [SUPPORTED_DOC, XPK]),
    ),
  },
  {
    name: 'tpu7x',
    displayName: 'TPU7x (Ironwood)',
    devicesPerChip: 2,
    dimensions: 3,
    machineTypes: ['tpu7x-standard-1t', 'tpu7x-standard-4t'],
    sources: [IRONWOOD_DOC, XPK],
    shapes: [
      shape('1x1x1', 'tpu7x-standard-1t', 1, [XPK]),
      ...['2x2x1', '2x2x2', '2x2x4', '2x4x4', '4x4x4', '4x4x8', '4x8x8', '8x8x8'].map((t) =>
        shape(t, 'tpu7x-standard-4t', 4, [IRONWOOD_DOC, XPK]),
      ),
    ],
  },
];

export function getAccelerator(name: string): AcceleratorInfo | undefined {
  return ACCELERATORS.find((a) => a.name === name);
}

export function acceleratorNames(): string[] {
  return ACCELERATORS.map((a) => a.name);
}

/**
 * The slice shape of a topology on an accelerator. `machineType` picks between shapes that share a
 * topology (v5e/v6e 2x4 on one 8-chip VM or two 4-chip VMs); without it the single-host shape wins.
 * Larger 3D shapes (every dimension a multiple of 4, ascending, at most 140 cubes of 4x4x4 on v5p and 144 on
 * TPU7x, as xpk lists them) are accepted for v5p and TPU7x.
 */
export function lookupShape(accelerator: string, topology: string, machineType?: string): SliceShape | undefined {
  const info = getAccelerator(accelerator);
  if (!info) return undefined;
  const candidates = info.shapes.filter(
    (s) => s.topology === topology && (machineType === undefined || s.machineType === machineType),
  );
  if (candidates.length > 0) return [...candidates].sort((a, b) => a.hosts - b.hosts)[0];
  const dims = parseTopology(topology);
  // xpk (src/xpk/core/system_characteristics.py) lists A <= B <= C, up to 140 cubes of 4x4x4 on v5p and 144 on
  // TPU7x; larger slices are not offered.
  const cubes = dims ? dims.reduce((a, b) => a * b, 1) / 64 : 0;
  const maxCubes = info.name === 'tpu7x' ? 144 : 140;
  if (
    info.dimensions === 3 &&
    dims?.length === 3 &&
    dims.every((d) => d % 4 === 0) &&
    dims[0]! <= dims[1]! &&
    dims[1]! <= dims[2]! &&
    cubes <= maxCubes
  ) {
    const type = info.machineTypes.find((m) => m.endsWith('-4t'))!;
    if (machineType !== undefined && machineType !== type) return undefined;
    return shape(topology, type, 4, info.sources);
  }
  return undefined;
}

export function topologiesFor(accelerator: string): string[] {
  return [...new Set(getAccelerator(accelerator)?.shapes.map((s) => s.topology) ?? [])];
}

export function machineTypesFor(accelerator: string, topology?: string): string[] {
  const info = getAccelerator(accelerator);
  if (!info) return [];
  if (topology === undefined) return [...info.machineTypes];
  const exact = info.shapes.filter((s) => s.topology === topology).map((s) => s.machineType);
  if (exact.length > 0) return [...new Set(exact)];
  const large = lookupShape(accelerator, topology);
  return large ? [large.machineType] : [];
}

/** Devices vLLM sees: per host (a single-host pod) or for the whole slice (multi-host tensor parallel). */
export function devicesFor(slice: SliceShape, accelerator: string, scope: 'host' | 'slice'): number {
  const perChip = getAccelerator(accelerator)?.devicesPerChip ?? 1;
  return (scope === 'host' ? slice.chipsPerHost : slice.chips) * perChip;
}

export function isMultiHost(slice: SliceShape): boolean {
  return slice.hosts > 1;
}

export function describeShape(accelerator: string, slice: SliceShape): string {
  const hosts = `${slice.hosts} host${slice.hosts === 1 ? '' : 's'}`;
  return `topology ${slice.topology} on ${accelerator}: ${slice.chips} chips, ${hosts} (${slice.machineType}, ${slice.chipsPerHost} chips per host), bounds ${slice.chipsPerHostBounds} / ${slice.hostBounds}`;
}
