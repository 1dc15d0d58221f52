// schemas/pinned/: the committed compact form of every pinned schema (see compact.ts).
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UsageError, writeFileAtomic } from '@inference-gitops/core';
import {
  compactEntry,
  PINNED_DIR,
  pinnedPath,
  readCompactHead,
  serializeCompact,
  type CompactFile,
} from './compact.js';
import { fetchPinned, LOCK_FILE, lockRoot, readLock, type LockEntry } from './lock.js';

export interface UpdateReport {
  written: string[];
  unchanged: string[];
  removed: string[];
}

/** The committed texts the lock's sources produce now (what `gitops schemas update` writes). */
export async function pinnedTexts(
  repoRoot: string,
  options: { mirror?: string; fetch?: typeof fetch } = {},
): Promise<Map<string, string>> {
  const entries = readLock(repoRoot);
  if (entries.length === 0) throw new UsageError(`no pinned schemas: ${LOCK_FILE} is missing or empty`);
  if (options.mirror && !existsSync(options.mirror))
    throw new UsageError(`--mirror ${options.mirror}: no such directory`);
  const out = new Map<string, string>();
  for (const entry of entries) {
    let file: CompactFile;
    try {
      file = compactEntry(entry, await fetchPinned(entry, options));
    } catch (error) {
      throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
    out.set(pinnedPath(entry), serializeCompact(file));
  }
  return out;
}

/** Regenerates schemas/pinned/ from the lock's sources; files no entry produces are removed. */
export async function updatePinned(
  repoRoot: string,
  options: { mirror?: string; fetch?: typeof fetch } = {},
): Promise<UpdateReport> {
  const texts = await pinnedTexts(repoRoot, options);
  const report: UpdateReport = { written: [], unchanged: [], removed: [] };
  for (const [path, text] of texts) {
    const abs = join(repoRoot, path);
    if (existsSync(abs) && readFileSync(abs, 'utf8') === text) report.unchanged.push(path);
    else {
      await writeFileAtomic(abs, text, { mkdirs: true });
      report.written.push(path);
    }
  }
  for (const path of committedPinned(repoRoot)) {
    if (texts.has(path)) continue;
    rmSync(join(repoRoot, path));
    report.removed.push(path);
  }
  return report;
}

/** Repository-relative paths of the committed compact files. */
export function committedPinned(repoRoot: string): string[] {
  const root = join(repoRoot, PINNED_DIR);
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.json')) out.push(relative(repoRoot, join(dir, e.name)).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** The committed compact file of a lock entry, when it exists and was made from the pinned bytes. */
export function committedFor(
  repoRoot: string,
  entry: LockEntry,
): { file: string; kinds: Array<[string, string]>; type: CompactFile['type'] } | undefined {
  const file = join(lockRoot(repoRoot), pinnedPath(entry));
  if (!existsSync(file)) return undefined;
  const head = readCompactHead(readHead(file));
  return head?.source?.sha256 === entry.sha256
    ? { file, kinds: head.kinds ?? [], type: entry.type === 'jsonschema' ? 'jsonschema' : 'crd' }
    : undefined;
}

/** The first line of a file (its head is all start-up needs; the KServe schemas are hundreds of kB). */
function readHead(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(16384);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, n).toString('utf8');
    return text.includes('\n') ? text : readFileSync(file, 'utf8');
  } finally {
    closeSync(fd);
  }
}
