// `npm run bench`: prints one JSON document with the wall time (median of several runs), resources per
// second, peak RSS and the ratios of each scenario. Targets are reported, never asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measure, repeat, type Summary } from './measure.js';
import { syntheticStream } from './synthetic-stream.js';
import { buildSyntheticRepo, editOneOverlay, kustomizationDirs } from './synthetic-repo.js';
import { renderFloor } from './render-floor.js';

interface Options {
  resources: number;
  clusters: number;
  endpoints: number;
  runs: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { resources: 20_000, clusters: 6, endpoints: 40, runs: 3, keep: false };
  if (process.env.BENCH_QUICK) Object.assign(options, { resources: 2000, clusters: 2, endpoints: 3, runs: 1 });
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
    else if (flag === '--help') {
      process.stdout.write('usage: npm run bench -- [--resources K] [--clusters N] [--endpoints M] [--runs R] [--keep]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

const repoRoot = resolve(new URL('../../..', import.meta.url).pathname);
const cli = join(repoRoot, 'apps/cli/bin/gitops.mjs');

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'gitops-bench-'));
  const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CI: 'true', GITOPS_CACHE_DIR: join(repoRoot, '.gitops-cache') };
  const scenarios: Record<string, unknown> = {};
  try {
    // Schemas come from the same cache the repository uses; fill it once, outside the timings.
    execFileSync(process.execPath, [cli, 'schemas', 'sync', ...mirrorArgs()], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'ignore' });

    // 1. raw schema validation of K resources in one file
    const streamFile = join(work, 'stream.yaml');
    writeFileSync(streamFile, syntheticStream({ count: options.resources }));
    const raw = await repeat(options.runs, () => measure(process.execPath, [cli, 'validate', '--no-rules', '--offline', '--format', 'json', '--output', join(work, 'raw.json'), streamFile], { cwd: repoRoot, env }));
    const kubeconform = process.env.KUBECONFORM ?? which('kubeconform');
    let kubeconformSummary: Summary | undefined;
    if (kubeconform) {
      const schemaDir = join(work, 'schemas');
      execFileSync(process.execPath, [cli, 'schemas', 'export', schemaDir], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
      const location = `${schemaDir}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`;
      kubeconformSummary = await repeat(options.runs, () => measure(kubeconform, ['-strict', '-summary', '-output', 'json', '-schema-location', location, streamFile], { cwd: repoRoot, env }));
    }
    scenarios.rawSchema = {
      resources: options.resources,
      ...raw,
      resourcesPerSecond: Math.round(options.resources / (raw.wallMsMedian / 1000)),
      kubeconform: kubeconformSummary
        ? { ...kubeconformSummary, ratioOursToKubeconform: round(raw.wallMsMedian / kubeconformSummary.wallMsMedian) }
        : { compared: false, reason: 'no kubeconform binary on PATH and KUBECONFORM is not set' },
      targets: { peakRssMbBelow: 300, kubeconformReferenceMs: 2000 },
    };

    // 2. full validation of a synthetic repository, and 4. the render floor
    const repo = join(work, 'repo');
    const built = await buildSyntheticRepo(repo, { clusters: options.clusters, endpoints: options.endpoints, repoRoot });
    const overlays = kustomizationDirs(repo);
    const floor = await repeat(options.runs, () => renderFloor(overlays, availableParallelism()));
    const full = await repeat(options.runs, () => measure(process.execPath, [cli, 'validate', '--offline', '--format', 'json', '--output', join(work, 'full.json')], { cwd: repo, env }));
    scenarios.renderFloor = { overlays: overlays.length, ...floor };
    scenarios.fullValidation = {
      clusters: options.clusters,
      endpoints: options.clusters * options.endpoints,
      overlays: overlays.length,
      resources: built.resources,
      ...full,
      ratioToRenderFloor: round(full.wallMsMedian / floor.wallMsMedian),
      target: { ratioToRenderFloorAtMost: 1.25 },
    };

    // 2b. cold and warm through Nx (cacheable validate targets), and 3. nx affected after one edit
    const nx = join(repo, 'node_modules/.bin/nx');
    if (existsSync(nx)) {
      const cold = await measure(nx, ['run-many', '-t', 'validate', '--skip-nx-cache', '--parallel', String(availableParallelism())], { cwd: repo, env });
      await measure(nx, ['run-many', '-t', 'validate', '--parallel', String(availableParallelism())], { cwd: repo, env });
      const warm = await repeat(options.runs, () => measure(nx, ['run-many', '-t', 'validate', '--parallel', String(availableParallelism())], { cwd: repo, env }));
      editOneOverlay(repo);
      // --skip-nx-cache: every run does the work of the edit, not a replay of the first one.
      const affected = await repeat(options.runs, () => measure(nx, ['affected', '-t', 'validate', '--base=HEAD', '--skip-nx-cache'], { cwd: repo, env }));
      scenarios.nx = {
        coldMs: Math.round(cold.wallMs),
        coldExitCode: cold.exitCode,
        warm,
        affectedAfterOneEdit: { ...affected, target: { wallMsBelow: 3000 } },
      };
    } else {
      scenarios.nx = { measured: false, reason: 'nx is not installed in the synthetic repository' };
    }
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
  const doc = {
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', node: process.version },
    options,
    scenarios,
  };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}

function mirrorArgs(): string[] {
  const shared = resolve(repoRoot, '..', 'shared', 'crds');
  return existsSync(shared) ? ['--mirror', shared] : [];
}

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
