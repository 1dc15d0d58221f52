// One function per figure. Each measures a command a user runs beside its floor (the least any tool
// doing that job must spend) in the same run, and gives the ratio, the target and a verdict.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative } from 'node:path';
import { detectKustomize, kustomizeEnv } from '@inference-gitops/render';
import { interleave, measure, repeat, type RunMeasure, type Summary } from './measure.js';
import { kustomizeUnits, renderFloor } from './render-floor.js';
import {
  buildSyntheticRepo,
  editOneOverlay,
  kustomizationDirs,
  oneEndpointOverlay,
  SYNTHETIC_REPO_URL,
} from './synthetic-repo.js';
import { syntheticStream } from './synthetic-stream.js';

export interface Size {
  clusters: number;
  endpoints: number;
}

export interface Bench {
  repoRoot: string;
  cli: string;
  work: string;
  env: NodeJS.ProcessEnv;
  /**
   * The cache folders of results `gitops validate` keeps between runs and Nx tasks (`render`: kustomize
   * builds; `checks`: each unit's schema pass). Every measured run starts with them empty, unless a figure
   * says it starts from a saved state (figure 4's "before the edit").
   */
  results: string[];
  runs: number;
  resources: number;
  size: Size;
  /** The second point of figure 7, when asked for (--scale). */
  scale?: Size;
  kubeconform?: string;
  /** Each result once per run, whichever figure asks first (figures share floors and measurements). */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export type Verdict = 'met' | 'not met' | 'not compared' | 'not run';

export type Floor = Summary & { command: string; kustomizeMs?: number; kubeconformMs?: number };

export interface Figure {
  title: string;
  command: string;
  measured?: Summary & { resources?: number; errors?: number; renderUnits?: number; projects?: string[] };
  floor?: Floor;
  ratio?: number;
  target: string;
  verdict: Verdict;
  notes?: string[];
  /** What the summary table shows, when the default (measured and floor wall time) does not fit. */
  row?: { measured?: string; floor?: string; verdict?: string };
  [extra: string]: unknown;
}

// ---- 1. start-up: one ConfigMap, schema pass only, against starting Node itself

export async function startup(b: Bench): Promise<Figure> {
  const file = join(b.work, 'one-configmap.yaml');
  writeFileSync(
    file,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  namespace: default\ndata:\n  key: value\n',
  );
  const [measured, floor] = await interleave(
    b.runs,
    keptResults(b, 'empty', () => gitops(b, ['validate', file, '--no-rules', '--offline'], b.repoRoot)),
    () => measure(process.execPath, ['-e', '0'], { cwd: b.repoRoot }),
  );
  return ratioFigure({
    title: 'start-up: one ConfigMap, --no-rules',
    command: 'gitops validate one-configmap.yaml --no-rules --offline',
    measured,
    floor: { command: 'node -e 0', ...floor },
    atMost: 2.5,
  });
}

// ---- 2. one endpoint overlay, against its kustomize build (+ kubeconform on the output when available)

export async function oneOverlay(b: Bench): Promise<Figure> {
  return b.once('figure2', async () => {
    const repo = await syntheticRepo(b, b.size);
    const dir = relative(repo.dir, oneEndpointOverlay(repo.dir));
    const tool = await detectKustomize();
    const kustomize = `${tool.command} ${tool.args.join(' ')} ${dir}`;
    const rendered = join(b.work, 'one-overlay.yaml');
    writeFileSync(rendered, execFileSync(tool.command, [...tool.args, dir], { cwd: repo.dir, maxBuffer: 256 << 20 }));
    const kc = b.kubeconform;
    const [measured, build, check] = await interleave(
      b.runs,
      keptResults(b, 'empty', () => gitops(b, ['validate', dir, '--offline'], repo.dir)),
      // The build as the renderer runs it (kustomizeEnv): the floor is the least the job needs.
      () => measure(tool.command, [...tool.args, dir], { cwd: repo.dir, env: kustomizeEnv() }),
      ...(kc ? [() => measure(kc, kubeconformArgs(b, rendered), { cwd: repo.dir })] : []),
    );
    const floor: Floor = check
      ? {
          command: `${kustomize} + kubeconform -strict on its output`,
          ...build,
          wallMsMedian: build.wallMsMedian + check.wallMsMedian,
          kustomizeMs: build.wallMsMedian,
          kubeconformMs: check.wallMsMedian,
        }
      : { command: kustomize, ...build };
    const notes = check ? [] : ['kubeconform not available: the floor is the kustomize build alone'];
    return ratioFigure({
      title: 'one endpoint overlay',
      command: `gitops validate ${dir} --offline`,
      measured,
      floor,
      atMost: 1.5,
      notes,
    });
  });
}

// ---- 3. the whole synthetic repository, against the render floor

export async function fullRepository(b: Bench, size: Size = b.size): Promise<Figure> {
  return b.once(`figure3:${size.clusters}x${size.endpoints}`, async () => {
    const repo = await syntheticRepo(b, size);
    const report = join(b.work, `full-${size.clusters}x${size.endpoints}.json`);
    const run = () => gitops(b, ['validate', '--offline', '--format', 'json', '--output', report], repo.dir);
    const tool = await detectKustomize();
    const [measured, renders] = await interleave(b.runs, keptResults(b, 'empty', run), () =>
      renderFloor(repo.units, availableParallelism()),
    );
    const summary = (
      JSON.parse(readFileSync(report, 'utf8')) as {
        summary: { resources: number; errors: number; renderUnits: number };
      }
    ).summary;
    // Not a verdict: the same command again, every unit's render and checks now kept (nothing changed).
    const warm = await repeat(b.runs, run);
    const floor: Floor = {
      command: `${tool.command} ${tool.args.join(' ')} of each of the ${repo.units.length} units, ${availableParallelism()} at a time (${tool.via} ${tool.version})`,
      ...renders,
    };
    return ratioFigure({
      title: `whole repository (${size.clusters} clusters x ${size.endpoints} endpoints)`,
      command: 'gitops validate --offline',
      measured: { ...measured, resources: summary.resources, errors: summary.errors, renderUnits: summary.renderUnits },
      floor,
      atMost: 1.25,
      extra: { ...repo.facts, resultsKept: { ...warm, ratioToFloor: round(warm.wallMsMedian / floor.wallMsMedian) } },
    });
  });
}

// ---- 4. nx affected after a one-overlay edit, against that overlay's gitops validate (figure 2)

export async function affected(b: Bench): Promise<Figure> {
  const repo = await syntheticRepo(b, b.size);
  const nx = nxBin(repo.dir);
  const base = await oneOverlay(b);
  const title = 'nx affected after a one-overlay edit';
  const command = 'nx affected -t validate --base=HEAD --skip-nx-cache';
  if (!nx) return notRun(title, command, 'at most 2 x figure 2', 'nx is not installed in the synthetic repository');
  // The kept results (renders and checks) as a person has them before the edit: the repository validated
  // once. After the edit, one overlay is new: the run builds and checks it, like figure 2 does, and reads
  // the other units back. (Starting from nothing instead is figure 5's job; that run is shown beside.)
  await keptResults(b, 'empty', () => gitops(b, ['validate', '--offline'], repo.dir))();
  const beforeEdit = join(b.work, 'results-before-edit');
  saveResults(b, beforeEdit);
  const undo = editOneOverlay(repo.dir);
  try {
    const projects = execFileSync(nx, ['show', 'projects', '--affected', '--base=HEAD', '--withTarget', 'validate'], {
      cwd: repo.dir,
      env: { ...process.env, ...b.env },
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    // --skip-nx-cache, and the kept results restored before each run: every run does the edit's work, not
    // a replay of the first one.
    const run = () =>
      measure(nx, ['affected', '-t', 'validate', '--base=HEAD', '--skip-nx-cache'], { cwd: repo.dir, env: b.env });
    const measured = await repeat(b.runs, keptResults(b, beforeEdit, run));
    // Not a verdict: each run starting with nothing kept (every unit of the affected cluster built and checked).
    const cold = await repeat(b.runs, keptResults(b, 'empty', run));
    // Nx alone: its start, project graph and affected computation, before any task.
    const nxAlone = await repeat(b.runs, () =>
      measure(nx, ['show', 'projects', '--affected', '--base=HEAD'], { cwd: repo.dir, env: b.env }),
    );
    return ratioFigure({
      title,
      command,
      measured: { ...measured, projects },
      floor: { ...base.measured!, command: `${base.command} (figure 2)` },
      atMost: 2,
      extra: {
        nothingKept: { ...cold, ratioToFloor: round(cold.wallMsMedian / base.measured!.wallMsMedian) },
        nxShowAffected: nxAlone,
      },
    });
  } finally {
    undo();
  }
}

// ---- 5. cold nx run-many, against the render floor

export async function nxColdRunMany(b: Bench): Promise<Figure> {
  const repo = await syntheticRepo(b, b.size);
  const nx = nxBin(repo.dir);
  const parallel = String(availableParallelism());
  const title = 'nx run-many, cold';
  const command = `nx run-many -t validate --skip-nx-cache --parallel ${parallel}`;
  if (!nx)
    return notRun(title, command, 'at most 1.5 x render floor', 'nx is not installed in the synthetic repository');
  const measured = await repeat(
    b.runs,
    keptResults(b, 'empty', () =>
      measure(nx, ['run-many', '-t', 'validate', '--skip-nx-cache', '--parallel', parallel], {
        cwd: repo.dir,
        env: b.env,
      }),
    ),
  );
  const floor = (await fullRepository(b)).floor!;
  return ratioFigure({
    title,
    command,
    measured,
    floor: { ...floor, command: `${floor.command} (figure 3)` },
    atMost: 1.5,
  });
}

// ---- 6. K resources in one file, schema pass only, against kubeconform; and its peak memory

const PREVIOUS_RAW = {
  wallMs: 3400,
  peakRssMb: 395,
  source: 'docs/performance.md (after the YAML fast path, before CEL and API validation)',
};

export async function rawStream(b: Bench): Promise<Figure> {
  const file = join(b.work, 'stream.yaml');
  writeFileSync(file, syntheticStream({ count: b.resources }));
  const command = `gitops validate stream.yaml --no-rules --offline --format json --output raw.json (${b.resources} resources; with CEL and API validation on)`;
  const kc = b.kubeconform;
  const [measured, kubeconform] = await interleave(
    b.runs,
    keptResults(b, 'empty', () =>
      gitops(
        b,
        ['validate', '--no-rules', '--offline', '--format', 'json', '--output', join(b.work, 'raw.json'), file],
        b.repoRoot,
      ),
    ),
    ...(kc ? [() => measure(kc, kubeconformArgs(b, file), { cwd: b.repoRoot })] : []),
  );
  const rss = measured.peakRssMb;
  const memory = rss === undefined ? 'not compared' : rss <= 300 ? 'met' : 'not met';
  const shared = {
    title: `${b.resources} resources in one file, --no-rules (with CEL and API validation on)`,
    command,
    resourcesPerSecond: Math.round(b.resources / (measured.wallMsMedian / 1000)),
    previous: PREVIOUS_RAW,
  };
  if (!kubeconform) {
    return {
      ...shared,
      measured,
      target: 'time at most 1 x kubeconform; peak RSS at most 300 MB',
      verdicts: { time: 'not compared', peakRss: memory },
      verdict: memory === 'not met' ? 'not met' : 'not compared',
      row: { floor: 'kubeconform: not available', verdict: `time: not compared; peak RSS: ${memory}` },
      notes: ['kubeconform not compared: KUBECONFORM is not set, none is on PATH and ../shared/peers has none'],
    };
  }
  const figure = ratioFigure({
    ...shared,
    measured,
    floor: { command: 'kubeconform -strict -summary (same schemas)', ...kubeconform },
    atMost: 1,
    expectedExit: 1,
  });
  return {
    ...figure,
    target: 'time at most 1 x kubeconform; peak RSS at most 300 MB',
    verdicts: { time: figure.verdict, peakRss: memory },
    row: { verdict: `time: ${figure.verdict}; peak RSS: ${memory}` },
    verdict: figure.verdict === 'met' && memory === 'met' ? 'met' : 'not met',
  };
}

// ---- 7. scale: cost per render unit of figure 3 at the default size and at a large one

export async function scale(b: Bench): Promise<Figure> {
  const title = 'scale: figure 3 per overlay (kustomize render unit)';
  const target = 'per-overlay cost at the large size at most 1.1 x at the default size (linear or better)';
  const small = await fullRepository(b, b.size);
  const perUnit = (f: Figure) => round(f.measured!.wallMsMedian / (f.units as number));
  const point = (f: Figure) => ({
    size: f.size,
    units: f.units,
    wallMsMedian: f.measured!.wallMsMedian,
    msPerOverlay: perUnit(f),
    floorMsPerOverlay: round(f.floor!.wallMsMedian / (f.units as number)),
    ratioToFloor: f.ratio,
    peakRssMb: f.measured!.peakRssMb,
  });
  if (!b.scale)
    return {
      ...notRun(
        title,
        'gitops validate --offline',
        target,
        'opt-in: --scale [CxE] (default 10x190, about 2,000 overlays)',
      ),
      default: point(small),
    };
  const large = await fullRepository(b, b.scale);
  const growth = round(perUnit(large) / perUnit(small));
  const row = {
    measured: `${perUnit(large)} ms/overlay (${large.units} overlays)`,
    floor: `${perUnit(small)} ms/overlay (${small.units} overlays)`,
  };
  return {
    title,
    command: 'gitops validate --offline',
    default: point(small),
    large: point(large),
    ratio: growth,
    target,
    verdict: growth <= 1.1 ? 'met' : 'not met',
    row,
  };
}

// ---- helpers

interface SyntheticRepo {
  dir: string;
  units: string[];
  facts: { size: string; kustomizationDirs: number; units: number };
}

function syntheticRepo(b: Bench, size: Size): Promise<SyntheticRepo> {
  return b.once(`repo:${size.clusters}x${size.endpoints}`, async () => {
    const dir = join(b.work, `repo-${size.clusters}x${size.endpoints}`);
    mkdirSync(dir, { recursive: true });
    await buildSyntheticRepo(dir, { ...size, repoRoot: b.repoRoot });
    const units = kustomizeUnits(dir, SYNTHETIC_REPO_URL);
    return {
      dir,
      units,
      facts: {
        size: `${size.clusters}x${size.endpoints}`,
        kustomizationDirs: kustomizationDirs(dir).length,
        units: units.length,
      },
    };
  });
}

/**
 * A run that starts with the kept results empty (it does every kustomize build and every check) or as in a
 * copy saved by saveResults().
 */
function keptResults(b: Bench, state: 'empty' | string, run: () => Promise<RunMeasure>): () => Promise<RunMeasure> {
  return () => {
    for (const dir of b.results) {
      rmSync(dir, { recursive: true, force: true });
      const saved = join(state, basename(dir));
      if (state !== 'empty' && existsSync(saved)) cpSync(saved, dir, { recursive: true });
    }
    return run();
  };
}

/** Saves the kept results as they are now, for keptResults(b, to, ...). */
function saveResults(b: Bench, to: string): void {
  for (const dir of b.results) if (existsSync(dir)) cpSync(dir, join(to, basename(dir)), { recursive: true });
}

function gitops(b: Bench, args: string[], cwd: string): Promise<RunMeasure> {
  return measure(process.execPath, [b.cli, ...args], { cwd, env: b.env });
}

function nxBin(repo: string): string | undefined {
  const nx = join(repo, 'node_modules/.bin/nx');
  return existsSync(nx) ? nx : undefined;
}

function kubeconformArgs(b: Bench, file: string): string[] {
  const schemaDir = join(b.work, 'kubeconform-schemas');
  if (!existsSync(schemaDir))
    execFileSync(process.execPath, [b.cli, 'schemas', 'export', schemaDir], {
      cwd: b.repoRoot,
      env: { ...process.env, ...b.env },
      stdio: 'ignore',
    });
  return [
    '-strict',
    '-summary',
    '-output',
    'json',
    '-schema-location',
    `${schemaDir}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`,
    file,
  ];
}

/** `expectedExit`: 0, or 1 where the input has errors on purpose; anything else is noted (the run may have stopped early). */
function ratioFigure(f: {
  title: string;
  command: string;
  measured: NonNullable<Figure['measured']>;
  floor: Floor;
  atMost: number;
  expectedExit?: number;
  /** The floor's exit code, when it differs from the measured command's. */
  expectedFloorExit?: number;
  notes?: string[];
  extra?: Record<string, unknown>;
  [k: string]: unknown;
}): Figure {
  const { atMost, extra, expectedExit = 0, expectedFloorExit = expectedExit, notes = [], ...rest } = f;
  const ratio = round(f.measured.wallMsMedian / f.floor.wallMsMedian);
  if (f.measured.exitCode !== expectedExit)
    notes.push(`the measured command exited ${f.measured.exitCode}, expected ${expectedExit}`);
  if (f.floor.exitCode !== expectedFloorExit)
    notes.push(`the floor exited ${f.floor.exitCode}, expected ${expectedFloorExit}`);
  return {
    ...rest,
    ...extra,
    ratio,
    target: `at most ${atMost} x the floor`,
    verdict: ratio <= atMost ? 'met' : 'not met',
    ...(notes.length ? { notes } : {}),
  };
}

function notRun(title: string, command: string, target: string, reason: string): Figure {
  return { title, command, target, verdict: 'not run', notes: [reason] };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---- 8. upgrade rehearsal of one cluster, against validating it once

export async function rehearsal(b: Bench): Promise<Figure> {
  return b.once('figure8', async () => {
    const repo = await syntheticRepo(b, b.size);
    // The rehearsal validates the cluster on its platform and on the named one, generates the tree for the named
    // one in a scratch copy and validates that: about three validations and a generate, reported against one.
    const [measured, once] = await interleave(
      b.runs,
      keptResults(b, 'empty', () =>
        gitops(b, ['validate', 'bench-0', '--platform', 'gke-kserve-0.20', '--offline'], repo.dir),
      ),
      keptResults(b, 'empty', () => gitops(b, ['validate', 'bench-0', '--offline'], repo.dir)),
    );
    return ratioFigure({
      title: 'upgrade rehearsal of one cluster (gke-kserve-0.20)',
      command: 'gitops validate bench-0 --platform gke-kserve-0.20 --offline',
      measured: measured!,
      floor: { command: 'gitops validate bench-0 --offline', ...once! },
      atMost: 4,
      // On the ODH build's tree, community KServe refuses the scheduler args (scheduler-pool-group): exit 1.
      expectedExit: 1,
      expectedFloorExit: 0,
    });
  });
}
