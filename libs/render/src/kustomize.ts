import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { KeyedFileCache, UsageError } from '@inference-gitops/core';

const exec = promisify(execFile);

/** The kustomize Argo CD v3.4 and v3.5 bundle; renders are compared against it. */
export const ARGOCD_KUSTOMIZE_VERSION = '5.8.1';

export interface KustomizeTool {
  /** Executable and the arguments before the directory: `kustomize build` or `kubectl kustomize`. */
  command: string;
  args: string[];
  /** e.g. "5.5.0" */
  version: string;
  via: 'kustomize' | 'kubectl';
  argoCdVersion: string;
  differsFromArgoCd: boolean;
}

let detected: Promise<KustomizeTool> | undefined;

export interface DetectOptions {
  /**
   * Where versions are kept between runs (the cache's `tools` folder), by binary (path, size, modification
   * time): asking kubectl its version takes 80 ms, in front of every first build of a run.
   */
  cacheDir?: string;
}

/** `kustomize build` when a kustomize >= 5 is on PATH, else `kubectl kustomize` (KUSTOMIZE names a binary). */
export function detectKustomize(options: DetectOptions = {}): Promise<KustomizeTool> {
  detected ??= findKustomize(options);
  return detected;
}

/** detectKustomize() without its memo (once per process): asks again. */
export async function findKustomize(options: DetectOptions = {}): Promise<KustomizeTool> {
  const versions = options.cacheDir ? new KeyedFileCache(options.cacheDir, '.txt') : undefined;
  const candidates = [process.env.KUSTOMIZE, 'kustomize'].filter((c): c is string => !!c);
  for (const command of candidates) {
    const version = await versionOf(command, ['version'], versions);
    if (version && major(version) >= 5) return tool(command, ['build'], version, 'kustomize');
  }
  const kubectl = await versionOf('kubectl', ['version', '--client'], versions, /Kustomize Version:\s*v?([\d.]+)/);
  if (kubectl && major(kubectl) >= 5) return tool('kubectl', ['kustomize'], kubectl, 'kubectl');
  throw new UsageError(
    'rendering needs kustomize >= 5: install kustomize, or kubectl (its embedded kustomize is used), and put it on PATH',
  );
}

function tool(command: string, args: string[], version: string, via: 'kustomize' | 'kubectl'): KustomizeTool {
  return {
    command,
    args,
    version,
    via,
    argoCdVersion: ARGOCD_KUSTOMIZE_VERSION,
    differsFromArgoCd: version !== ARGOCD_KUSTOMIZE_VERSION,
  };
}

async function versionOf(
  command: string,
  args: string[],
  versions: KeyedFileCache | undefined,
  pattern = /v?(\d+\.\d+\.\d+)/,
): Promise<string | undefined> {
  const binary = versions ? executable(command) : undefined;
  if (versions && !binary) return undefined; // not on PATH: running it would fail the same way
  const key =
    binary &&
    createHash('sha256')
      .update(`tool-v1\0${command}\0${args.join(' ')}\0${binary.stamp}`)
      .digest('hex');
  const kept = key ? versions!.get(key) : undefined;
  if (kept) return kept;
  try {
    const { stdout } = await exec(command, args, { timeout: 15_000 });
    const version = pattern.exec(stdout)?.[1];
    if (version && key) versions!.set(key, version);
    return version;
  } catch {
    return undefined;
  }
}

/**
 * Where the system would find `command` (PATH searched as execvp does, an empty entry being the current
 * folder), and a stamp of that file: a new binary at the same place has another size, time or inode.
 */
export function executable(command: string): { path: string; stamp: string } | undefined {
  const places = command.includes('/')
    ? [resolve(command)]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .map((dir) =>
          dir === '' ? join(process.cwd(), command) : isAbsolute(dir) ? join(dir, command) : resolve(dir, command),
        );
  for (const place of places) {
    try {
      accessSync(place, constants.X_OK);
      const real = realpathSync(place);
      const st = statSync(real);
      if (!st.isFile()) continue;
      return { path: place, stamp: `${real}\0${st.size}\0${st.mtimeMs}\0${st.ino}` };
    } catch {
      // not here
    }
  }
  return undefined;
}

function major(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '0', 10);
}

export interface BuildOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment kustomize builds run with. Alpha commands off. And, with `gc` (the default) and unless
 * the caller's environment sets them, Go's garbage collector off up to a 512 MiB heap (GOGC=off
 * GOMEMLIMIT=512MiB): a build is a short process, and collecting its small heap was about a quarter of
 * `kubectl kustomize` on an endpoint overlay (136 ms -> 105 ms; peak RSS 82 MB -> 108 MB). Past the limit
 * the collector runs as usual. The Argo CD plugin turns it off: a sidecar's memory limit is tight.
 */
export function kustomizeEnv(env: NodeJS.ProcessEnv = process.env, options: { gc?: boolean } = {}): NodeJS.ProcessEnv {
  const gc =
    options.gc !== false && env.GOGC === undefined && env.GOMEMLIMIT === undefined
      ? { GOGC: 'off', GOMEMLIMIT: '512MiB' }
      : {};
  return { ...env, KUSTOMIZE_ENABLE_ALPHA_COMMANDS: 'false', ...gc };
}

/** Runs one kustomize build; never throws on a failing build (the caller turns stderr into a finding). */
export function kustomizeBuild(
  tool: KustomizeTool,
  dir: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = kustomizeEnv(),
): Promise<BuildOutput> {
  return new Promise((resolve) => {
    const child = spawn(tool.command, [...tool.args, ...extraArgs, dir], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout: '', stderr: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** kustomize's error, without the klog prefix and Go's wrapping, on one line. */
export function cleanKustomizeError(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim() !== '') ?? 'kustomize failed without a message';
  return line
    .replace(/^E\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err=/, '')
    .replace(/^Error: /, '')
    .replace(/^"|"$/g, '')
    .replace(/\\"/g, '"')
    .trim();
}
