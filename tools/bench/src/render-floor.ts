import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { detectKustomize, kustomizationFile, kustomizeEnv } from '@inference-gitops/render';
import type { RunMeasure } from './measure.js';

/**
 * The render floor: plain `kustomize build` (or `kubectl kustomize`, the tool the renderer detects) of
 * every unit, run in parallel the same way the validator renders them, with no validation, and with the
 * environment the renderer gives kustomize (kustomizeEnv: Go's GC off for the short build). What
 * validation adds is the ratio to it.
 */
export async function renderFloor(dirs: string[], concurrency: number): Promise<RunMeasure> {
  const tool = await detectKustomize();
  const [cmd, prefix] = [tool.command, tool.args];
  const started = process.hrtime.bigint();
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < dirs.length) {
      const dir = dirs[next++]!;
      const code = await new Promise<number>((resolve) => {
        const child = spawn(cmd, [...prefix, dir], { stdio: ['ignore', 'ignore', 'ignore'], env: kustomizeEnv() });
        child.on('close', (c) => resolve(c ?? 1));
        child.on('error', () => resolve(1));
      });
      if (code !== 0) failures++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, exitCode: failures > 0 ? 1 : 0, stderr: '' };
}

/**
 * The kustomize units `gitops validate` renders for the whole repository: every directory with a
 * kustomization that an Application under clusters/<c>/argocd/ takes from this repository (`repoURL`),
 * each once (clusters share bases). The root Application files are parsed, not built, so they are not units.
 */
export function kustomizeUnits(repo: string, repoURL: string): string[] {
  const units = new Set<string>();
  const clusters = join(repo, 'clusters');
  for (const cluster of readdirSync(clusters)) {
    const argocd = join(clusters, cluster, 'argocd');
    if (!existsSync(argocd)) continue;
    for (const file of yamlFiles(argocd)) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const app = doc.toJS() as { kind?: string; spec?: { source?: Source; sources?: Source[] } } | null;
        if (app?.kind !== 'Application') continue;
        for (const source of app.spec?.sources ?? (app.spec?.source ? [app.spec.source] : [])) {
          if (source.repoURL !== repoURL || typeof source.path !== 'string') continue;
          const dir = resolve(repo, source.path);
          if (kustomizationFile(dir)) units.add(dir);
        }
      }
    }
  }
  return [...units].sort();
}

interface Source {
  repoURL?: string;
  path?: string;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}
