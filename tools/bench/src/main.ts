// `npm run -s bench`: prints one JSON document with, per figure, the measured command beside its floor
// measured in the same run (median wall time of R runs, peak RSS), the ratio, the target and a verdict.
// Targets are reported, never asserted.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { detectKustomize } from '@inference-gitops/render';
import {
  affected,
  fullRepository,
  nxColdRunMany,
  oneOverlay,
  rawStream,
  rehearsal,
  round,
  scale,
  startup,
  type Bench,
  type Figure,
  type Size,
} from './figures.js';

const FIGURES: Record<string, (b: Bench) => Promise<Figure>> = {
  '1': startup,
  '2': oneOverlay,
  '3': (b) => fullRepository(b),
  '4': affected,
  '5': nxColdRunMany,
  '6': rawStream,
  '7': scale,
  '8': rehearsal,
};

interface Options {
  resources: number;
  clusters: number;
  endpoints: number;
  runs: number;
  scale?: Size;
  only: string[];
  keep: boolean;
}

const USAGE = `usage: npm run -s bench -- [--resources K] [--clusters N] [--endpoints M] [--runs R] [--scale [CxE]] [--only 1,2,...] [--keep]
  --scale     also measure figure 3 at C clusters x E endpoints (default 10x190, about 2,000 overlays)
  --only      the figures to measure (1-8); those they depend on are measured too
  BENCH_QUICK=1 for a fast smoke run (small sizes, one run)
`;

function parseArgs(argv: string[]): Options {
  const quick = !!process.env.BENCH_QUICK;
  const options: Options = quick
    ? { resources: 2000, clusters: 2, endpoints: 3, runs: 1, only: Object.keys(FIGURES), keep: false }
    : { resources: 20_000, clusters: 5, endpoints: 30, runs: 3, only: Object.keys(FIGURES), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const num = () => {
      const n = Number.parseInt(value ?? '', 10);
      if (!Number.isFinite(n) || n < 1) throw new Error(`${flag} needs a positive number`);
      i++;
      return n;
    };
    if (flag === '--resources') options.resources = num();
    else if (flag === '--clusters') options.clusters = num();
    else if (flag === '--endpoints') options.endpoints = num();
    else if (flag === '--runs') options.runs = num();
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--scale') {
      const m = /^(\d+)x(\d+)$/.exec(value ?? '');
      if (m) i++;
      options.scale = m
        ? { clusters: Number(m[1]), endpoints: Number(m[2]) }
        : quick
          ? { clusters: 4, endpoints: 6 }
          : { clusters: 10, endpoints: 190 };
    } else if (flag === '--only') {
      options.only = (value ?? '').split(',').filter(Boolean);
      i++;
      const unknown = options.only.filter((f) => !FIGURES[f]);
      if (unknown.length || !options.only.length)
        throw new Error(`--only takes figure numbers 1-8, got "${value ?? ''}"`);
    } else if (flag === '--help') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

const repoRoot = resolve(new URL('../../..', import.meta.url).pathname);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'gitops-bench-'));
  // A cache of the bench's own (schemas and compiled validators copied from the repository's), so the
  // render cache can be emptied for cold runs without touching anyone else's.
  const cacheDir = join(work, 'cache');
  for (const sub of ['schemas', 'compiled']) {
    const shared = join(repoRoot, '.gitops-cache', sub);
    if (existsSync(shared)) cpSync(shared, join(cacheDir, sub), { recursive: true });
  }
  // As the CI workflows run Nx (.github/workflows: no daemon, plugins in Nx's own process).
  const env = {
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_ISOLATE_PLUGINS: 'false',
    CI: 'true',
    GITOPS_CACHE_DIR: cacheDir,
  };
  const cli = join(repoRoot, 'apps/cli/bin/gitops.mjs');
  const kubeconform = process.env.KUBECONFORM ?? which('kubeconform') ?? peerKubeconform();
  const memo = new Map<string, Promise<unknown>>();
  const bench: Bench = {
    repoRoot,
    cli,
    work,
    env,
    results: [join(cacheDir, 'render'), join(cacheDir, 'checks')],
    runs: options.runs,
    resources: options.resources,
    size: { clusters: options.clusters, endpoints: options.endpoints },
    ...(options.scale ? { scale: options.scale } : {}),
    ...(kubeconform ? { kubeconform } : {}),
    once<T>(key: string, make: () => Promise<T>): Promise<T> {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as Promise<T>;
    },
  };
  const figures: Record<string, Figure> = {};
  const started = Date.now();
  const loadAtStart = loadavg().map((l) => round(l));
  try {
    // Fill the schema cache once, outside the timings (from the mirror when there is one).
    execFileSync(process.execPath, [cli, 'schemas', 'sync', ...mirrorArgs()], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    for (const id of options.only) {
      process.stderr.write(`bench: figure ${id}...\n`);
      figures[id] = await FIGURES[id]!(bench);
    }
  } finally {
    if (options.keep) process.stderr.write(`bench: kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
  const tool = await detectKustomize();
  const doc = {
    date: new Date().toISOString(),
    revision: git('describe', '--always', '--dirty'),
    machine: {
      cpus: availableParallelism(),
      model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      kustomize: `${tool.via} ${tool.version}`,
      kubeconform: kubeconform ?? 'not available (not compared)',
      loadAverage1m5m15m: { start: loadAtStart, end: loadavg().map((l) => round(l)) },
    },
    options,
    totalSeconds: Math.round((Date.now() - started) / 1000),
    table: Object.entries(figures).map(([id, f]) => ({
      figure: `${id}. ${f.title}`,
      measured: f.row?.measured ?? (f.measured ? timeAndMemory(f.measured) : '-'),
      floor: f.row?.floor ?? (f.floor ? timeAndMemory(f.floor) : '-'),
      ratio: f.ratio ?? null,
      target: f.target,
      verdict: f.row?.verdict ?? f.verdict,
    })),
    figures,
  };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}

function timeAndMemory(s: { wallMsMedian: number; peakRssMb?: number }): string {
  return `${(s.wallMsMedian / 1000).toFixed(2)} s${s.peakRssMb !== undefined ? `, ${Math.round(s.peakRssMb)} MB` : ''}`;
}

function mirrorArgs(): string[] {
  const shared = resolve(repoRoot, '..', 'shared', 'crds');
  return existsSync(shared) ? ['--mirror', shared] : [];
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The reference kubeconform built for this machine (../shared/peers), when the shared material is beside the repository. */
function peerKubeconform(): string | undefined {
  const binary = resolve(repoRoot, '..', 'shared', 'peers', 'kubeconform', 'kubeconform');
  return existsSync(binary) ? binary : undefined;
}

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
