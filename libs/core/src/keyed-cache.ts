// A directory of content-keyed entries shared by processes (Nx tasks, CI runs): one file per key,
// written whole (temporary file, then rename) so a reader never sees half of one, touched on read so
// that pruning removes only what no run has used for a while. A cache is an optimisation: a read-only
// or full disk only costs time, never a failure.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directories pruned by this process. */
const pruned = new Set<string>();

export class KeyedFileCache {
  constructor(
    readonly dir: string,
    private readonly extension: string,
    private readonly maxAgeDays = 14,
  ) {}

  private file(key: string): string {
    return join(this.dir, `${key}${this.extension}`);
  }

  get(key: string): string | undefined {
    const file = this.file(key);
    try {
      const text = readFileSync(file, 'utf8');
      const now = new Date();
      utimesSync(file, now, now);
      return text;
    } catch {
      return undefined;
    }
  }

  set(key: string, text: string): void {
    if (!pruned.has(this.dir)) {
      pruned.add(this.dir);
      this.prune();
    }
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = this.file(key);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    } catch {
      // see the header: only costs time
    }
  }

  /**
   * Removes entries no run has read or written for `maxAgeDays` (content-keyed entries of old inputs
   * would otherwise pile up, in CI's restored cache too). set() runs it once per directory and process.
   */
  prune(maxAgeDays = this.maxAgeDays): number {
    let removed = 0;
    const cutoff = Date.now() - maxAgeDays * 86_400_000;
    try {
      for (const name of readdirSync(this.dir)) {
        const file = join(this.dir, name);
        try {
          if (statSync(file).mtimeMs < cutoff) {
            rmSync(file, { force: true });
            removed++;
          }
        } catch {
          // removed meanwhile by another process
        }
      }
    } catch {
      // no directory yet
    }
    return removed;
  }
}
