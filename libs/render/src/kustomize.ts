import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '@inference-gitops/core';

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

/** `kustomize build` when a kustomize >= 5 is on PATH, else `kubectl kustomize` (KUSTOMIZE names a binary). */
export function detectKustomize(): Promise<KustomizeTool> {
  detected ??= detect();
  return detected;
}

async function detect(): Promise<KustomizeTool> {
  const candidates = [process.env.KUSTOMIZE, 'kustomize'].filter((c): c is string => !!c);
  for (const command of candidates) {
    const version = await versionOf(command, ['version']);
    if (version && major(version) >= 5) return tool(command, ['build'], version, 'kustomize');
  }
  const kubectl = await versionOf('kubectl', ['version', '--client'], /Kustomize Version:\s*v?([\d.]+)/);
  if (kubectl && major(kubectl) >= 5) return tool('kubectl', ['kustomize'], kubectl, 'kubectl');
  throw new UsageError('rendering needs kustomize >= 5: install kustomize, or kubectl (its embedded kustomize is used), and put it on PATH');
}

function tool(command: string, args: string[], version: string, via: 'kustomize' | 'kubectl'): KustomizeTool {
  return { command, args, version, via, argoCdVersion: ARGOCD_KUSTOMIZE_VERSION, differsFromArgoCd: version !== ARGOCD_KUSTOMIZE_VERSION };
}

async function versionOf(command: string, args: string[], pattern = /v?(\d+\.\d+\.\d+)/): Promise<string | undefined> {
  try {
    const { stdout } = await exec(command, args, { timeout: 15_000 });
    return pattern.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

function major(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '0', 10);
}

export interface BuildOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one kustomize build; never throws on a failing build (the caller turns stderr into a finding). */
export function kustomizeBuild(tool: KustomizeTool, dir: string, extraArgs: string[] = []): Promise<BuildOutput> {
  return new Promise((resolve) => {
    const child = spawn(tool.command, [...tool.args, ...extraArgs, dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUSTOMIZE_ENABLE_ALPHA_COMMANDS: 'false' } });
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
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
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
