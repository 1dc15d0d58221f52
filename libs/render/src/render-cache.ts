// Rendered overlays cached on disk, keyed by everything a kustomize build reads: the tool and its
// version, the overlay's path, and the path and content of every file its kustomization chain reaches
// (kustomization files, resources, patches, generator inputs, the openapi document). Nx tasks are
// separate processes: with the cache, a cluster task reuses what its overlay tasks rendered, and an
// unchanged overlay is never built twice. Only successful builds are kept.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { KeyedFileCache } from '@inference-gitops/core';
import type { KustomizeTool } from './kustomize.js';
import { kustomizationFile } from './kustomization.js';

/** Bumped when what is stored changes shape. */
const VERSION = 'render-v3';

export class RenderCache {
  private readonly entries: KeyedFileCache;

  constructor(dir: string) {
    this.entries = new KeyedFileCache(dir, '.yaml');
  }

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
    return this.entries.get(key);
  }

  /** Removes entries no run has read or written for `maxAgeDays`; set() runs it once per process. */
  prune(maxAgeDays = 14): number {
    return this.entries.prune(maxAgeDays);
  }

  set(key: string, output: string): void {
    this.entries.set(key, output);
  }
}
