import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { CACHE_DIR_ENV, CACHE_FOLDERS, findRepoRoot, UsageError } from '@inference-gitops/core';
import type { CliContext } from '../context.js';

const FOLDERS = CACHE_FOLDERS;

function usage(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        files++;
        try {
          bytes += statSync(path).size;
        } catch {
          // removed meanwhile (a broken alias link counts as a file of no size)
        }
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, bytes };
}

function size(bytes: number): string {
  return bytes >= 1 << 20
    ? `${(bytes / (1 << 20)).toFixed(1)} MB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(0)} kB`
      : `${bytes} B`;
}

async function cacheRoot(): Promise<{ dir: string; shown: string }> {
  const { cacheDirFor } = await import('@inference-gitops/schema-catalog');
  const dir = cacheDirFor(findRepoRoot(process.cwd()));
  return { dir, shown: relative(process.cwd(), dir) || '.' };
}

export function registerCache(program: Command, ctx: CliContext): void {
  const cache = program
    .command('cache')
    .summary('show or clear the cache (.gitops-cache, or $GITOPS_CACHE_DIR)')
    .description(
      'The cache keeps what runs derive from their inputs (compiled validators, kustomize builds, plans, ' +
        'parsed CEL rules), each keyed by everything it comes from: clearing it only costs time.',
    );
  cache
    .command('info', { isDefault: true })
    .description('Where the cache is, and what each of its folders holds.')
    .action(async () => {
      const { dir, shown } = await cacheRoot();
      ctx.stdout.write(`cache: ${shown}${process.env[CACHE_DIR_ENV] ? ` (${CACHE_DIR_ENV})` : ''}\n`);
      for (const f of FOLDERS) {
        const { files, bytes } = usage(join(dir, f.name));
        ctx.stdout.write(
          `  ${f.name.padEnd(9)} ${(files ? `${files} file${files === 1 ? '' : 's'}` : 'empty').padStart(11)} ${(files ? size(bytes) : '').padStart(9)}  ${f.what}\n`,
        );
      }
    });
  cache
    .command('clean')
    .description(
      'Remove the derived folders (all of them, or those named); schemas/ only with --all, since an offline run needs its downloads.',
    )
    .argument('[folders...]', `folders to remove: ${FOLDERS.map((f) => f.name).join(', ')}`)
    .option('--all', 'also remove schemas/ (downloaded CRDs)')
    .action(async (names: string[], flags: { all?: boolean }) => {
      const unknown = names.filter((n) => !FOLDERS.some((f) => f.name === n));
      if (unknown.length > 0)
        throw new UsageError(
          `cache clean: no cache folder ${unknown.map((n) => `"${n}"`).join(', ')} (folders: ${FOLDERS.map((f) => f.name).join(', ')})`,
        );
      const chosen =
        names.length > 0
          ? FOLDERS.filter((f) => names.includes(f.name))
          : FOLDERS.filter((f) => f.derived || flags.all);
      const { dir, shown } = await cacheRoot();
      let files = 0;
      let bytes = 0;
      for (const f of chosen) {
        const u = usage(join(dir, f.name));
        files += u.files;
        bytes += u.bytes;
        rmSync(join(dir, f.name), { recursive: true, force: true });
      }
      ctx.stdout.write(
        `gitops cache clean: removed ${chosen.map((f) => f.name).join(', ')} from ${shown} (${files} file${files === 1 ? '' : 's'}, ${size(bytes)})\n`,
      );
    });
}
