import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../src/main.js';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const shared = resolve(repoRoot, '..', 'shared');

let cache: string | undefined;

/**
 * A cache folder of the test file's own, empty at first: the committed schemas/pinned serve every pinned
 * kind, as on a fresh clone, so nothing is synced from ../shared and nothing is downloaded.
 */
export function schemaCache(): Promise<string> {
  cache ??= mkdtempSync(join(tmpdir(), 'gitops-cache-'));
  return Promise.resolve(cache);
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in-process in `cwd` with the test schema cache; returns exit code and output. */
export async function gitops(
  args: string[],
  cwd = repoRoot,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const previous = process.cwd();
  const saved = { ...process.env };
  Object.assign(process.env, { GITOPS_CACHE_DIR: await schemaCache(), CI: 'true' }, env);
  process.chdir(cwd);
  try {
    const code = await main(args, { stdout, stderr });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    process.chdir(previous);
    process.env = saved;
  }
}
