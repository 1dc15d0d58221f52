import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunMeasure {
  wallMs: number;
  /** Peak resident set size of the command in MB (from GNU time), when measurable. */
  peakRssMb?: number;
  exitCode: number;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/** Runs a command once and measures wall time and peak RSS (GNU time's %M, which follows children). */
export async function measure(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<RunMeasure> {
  const rssFile = join(tmpdir(), `bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? -1, stderr: err }));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let peakRssMb: number | undefined;
  if (useTime && existsSync(rssFile)) {
    const kb = Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '', 10);
    if (Number.isFinite(kb)) peakRssMb = Math.round((kb / 1024) * 10) / 10;
    rmSync(rssFile, { force: true });
  }
  return { wallMs, exitCode: code, stderr, ...(peakRssMb !== undefined ? { peakRssMb } : {}) };
}

export interface Summary {
  runs: number;
  wallMsMedian: number;
  wallMsAll: number[];
  peakRssMb?: number;
  exitCode: number;
}

/** Median of several runs (the first run is not discarded: cold starts are part of the story). */
export async function repeat(times: number, run: () => Promise<RunMeasure>): Promise<Summary> {
  const [summary] = await interleave(times, run);
  return summary!;
}

/**
 * Several commands measured in rounds (each once per round, in turn), so a change in the machine's load
 * during the run weighs on a command and its floor alike. One summary per command, in order.
 */
export async function interleave<T extends Array<() => Promise<RunMeasure>>>(
  times: number,
  ...runs: T
): Promise<{ [K in keyof T]: Summary }> {
  const results = runs.map((): RunMeasure[] => []);
  for (let i = 0; i < times; i++) for (const [k, run] of runs.entries()) results[k]!.push(await run());
  return results.map((r) => summarize(times, r)) as { [K in keyof T]: Summary };
}

function summarize(times: number, results: RunMeasure[]): Summary {
  const walls = results.map((r) => Math.round(r.wallMs));
  const sorted = [...walls].sort((a, b) => a - b);
  const rss = results.map((r) => r.peakRssMb).filter((v): v is number => v !== undefined);
  return {
    runs: times,
    wallMsMedian: sorted[Math.floor(sorted.length / 2)]!,
    wallMsAll: walls,
    ...(rss.length ? { peakRssMb: Math.max(...rss) } : {}),
    exitCode: results[results.length - 1]!.exitCode,
  };
}
