// Rendered overlays cached on disk, keyed by everything a kustomize build reads: the tool and its
// version, the overlay's path, and the path and content of every file its kustomization chain reaches
// (kustomization files, resources, patches, generator inputs, the openapi document). Nx tasks are
// separate processes: with the cache, a cluster task reuses what its overlay tasks rendered, and an
// unchanged overlay is never built twice. Only successful builds are kept.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { KustomizeTool } from './kustomize.js';
import { kustomizationFile } from './kustomization.js';

/** Bumped when what is stored changes shape. */
const VERSION = 'render-v3';

/** Directories pruned by this process. */
const pruned = new Set<string>();

export class RenderCache {
  constructor(private readonly dir: string) {}

  /**
   * Paths enter the key relative to `root` (the repository or worktree being rendered): kustomize's output
   * does not name them, so the same overlay at the same content is one entry in any checkout (the pull
   * request's base, a CI workspace).
   */
  key(tool: KustomizeTool, root: string, overlay: string, dirs: string[], files: string[]): string | undefined {
    const rel = (p: string) => relative(root, p).split(sep).join('/');
    const hash = createHash('sha256').update(`${VERSION}\0${tool.command} ${tool.args.join(' ')} ${tool.version}\0${rel(overlay)}\0`);
    const inputs = new Set<string>(files);
    for (const d of [overlay, ...dirs]) {
      const k = kustomizationFile(d);
      if (k) inputs.add(k);
    }
    for (const file of [...inputs].sort()) {
      if (!existsSync(file) || !statSync(file).isFile()) return undefined; // kustomize reports it; never cache around it
      hash.update(`${rel(file)}\0`).update(readFileSync(file)).update('\0');
    }
    return hash.digest('hex');
  }

  get(key: string): string | undefined {
    const file = join(this.dir, `${key}.yaml`);
    try {
      const text = readFileSync(file, 'utf8');
      // Used entries stay young; prune() removes the ones no run has read for a while.
      const now = new Date();
      utimesSync(file, now, now);
      return text;
    } catch {
      return undefined;
    }
  }

  /**
   * Removes entries no run has read or written for `maxAgeDays` (content-keyed entries of old overlays
   * would otherwise pile up, in CI's restored cache too). Once per directory and process, on the first write.
   */
  prune(maxAgeDays = 14): number {
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

  set(key: string, output: string): void {
    if (!pruned.has(this.dir)) {
      pruned.add(this.dir);
      this.prune();
    }
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = join(this.dir, `${key}.yaml`);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, output);
      renameSync(tmp, file);
    } catch {
      // the cache is an optimisation: a read-only or full disk only costs time
    }
  }
}
