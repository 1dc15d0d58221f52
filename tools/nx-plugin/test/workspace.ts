import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');

/** A scratch git clone of the GitOps tree that is an Nx workspace like this one (plugin copied, deps linked). */
export function scratchWorkspace(options: { copyTool?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'nx-ws-'));
  for (const f of ['clusters', 'overlays', 'schemas', 'nx.json', 'package.json', '.gitops.yaml', 'tsconfig.base.json'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  mkdirSync(join(dir, 'tools'));
  cpSync(join(repoRoot, 'tools/nx-plugin'), join(dir, 'tools/nx-plugin'), { recursive: true });
  // copyTool: the tool's sources are files of the clone (git sees edits to them), not links to this checkout.
  const tool = ['libs', 'apps'];
  for (const l of ['node_modules', ...(options.copyTool ? [] : tool)]) symlinkSync(join(repoRoot, l), join(dir, l));
  if (options.copyTool)
    for (const t of tool)
      cpSync(join(repoRoot, t), join(dir, t), {
        recursive: true,
        filter: (src) => !/\/(node_modules|\.cache)(\/|$)/.test(src),
      });
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n.nx\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', 'base');
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** An empty cache folder: the committed schemas/pinned serve every pinned kind; tests never touch the network. */
export const schemaCache = mkdtempSync(join(tmpdir(), 'nx-cache-'));

export const nxEnv = {
  ...process.env,
  GITOPS_CACHE_DIR: schemaCache,
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  NX_DAEMON: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: 'true',
  CI: 'true',
  NX_TUI: 'false',
};

/** Runs nx; `out` is everything it printed, on either stream, whatever its exit (a signal is named). */
export function nx(cwd: string, args: string[]): { code: number; out: string } {
  const run = spawnSync(join(repoRoot, 'node_modules/.bin/nx'), args, {
    cwd,
    env: nxEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = `${run.stdout ?? ''}${run.stderr ?? ''}${run.signal ? `\n(nx ended by ${run.signal})` : ''}${run.error ? `\n(${run.error.message})` : ''}`;
  return { code: run.status ?? 1, out };
}
