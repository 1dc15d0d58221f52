import { spawn } from 'node:child_process';
import { detectKustomize } from '@inference-gitops/render';
import type { RunMeasure } from './measure.js';

/**
 * The render floor: plain `kustomize build` (or `kubectl kustomize`) of every overlay, run in parallel
 * the same way the validator renders them, with no validation. What validation adds is the ratio to it.
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
        const child = spawn(cmd, [...prefix, dir], { stdio: ['ignore', 'ignore', 'ignore'] });
        child.on('close', (c) => resolve(c ?? 1));
        child.on('error', () => resolve(1));
      });
      if (code !== 0) failures++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, exitCode: failures > 0 ? 1 : 0, stderr: '' };
}

