// Rendered overlays cached on disk, keyed by everything a kustomize build reads: the tool and its
// version, the overlay's path, and the path and content of every file its kustomization chain reaches
// (kustomization files, resources, patches, generator inputs, the openapi document). Nx tasks are
// separate processes: with the cache, a cluster task reuses what its overlay tasks rendered, and an
// unchanged overlay is never built twice. Only successful builds are kept. An entry holds what the
// renderer made of the output (each object and the file that declares it, the render findings), so that
// reading it back parses no YAML at all; kustomize's output itself only when JSON cannot hold the objects.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { KeyedFileCache, type Finding, type KubeObject } from '@inference-gitops/core';
import type { PatchDrop } from './dropped-fields.js';
import type { KustomizeTool } from './kustomize.js';
import { kustomizationFile } from './kustomization.js';

/** Bumped when what is stored changes shape. */
const VERSION = 'render-v6';

/** One kept build. Paths are relative to the root the key was made for (see key()). */
export interface RenderEntry {
  /** kustomize's output, when the objects are not kept (JSON cannot hold them): parsed again when read. */
  stdout?: string;
  /** The parsed objects, in output order, with the file each resource's locator names (its declaring file). */
  resources?: Array<{ object: KubeObject; origin?: string; file: string }>;
  /** The render's findings (YAML problems of the output). */
  findings?: Finding[];
  /** Fields patches removed from their bases (what the validator's patch-drops-fields judges). */
  patchDrops?: PatchDrop[];
}

export class RenderCache {
  private readonly entries: KeyedFileCache;

  constructor(dir: string) {
    this.entries = new KeyedFileCache(dir, '.json');
  }

  /**
   * Paths enter the key relative to `root` (the repository or worktree being rendered): kustomize's output
   * does not name them, so the same overlay at the same content is one entry in any checkout (the pull
   * request's base, a CI workspace).
   */
  key(tool: KustomizeTool, root: string, overlay: string, dirs: string[], files: string[]): string | undefined {
    const rel = (p: string) => relative(root, p).split(sep).join('/');
    const hash = createHash('sha256').update(
      `${VERSION}\0${tool.command} ${tool.args.join(' ')} ${tool.version}\0${rel(overlay)}\0`,
    );
    const inputs = new Set<string>(files);
    for (const d of [overlay, ...dirs]) {
      const k = kustomizationFile(d);
      if (k) inputs.add(k);
    }
    for (const file of [...inputs].sort()) {
      if (!existsSync(file) || !statSync(file).isFile()) return undefined; // kustomize reports it; never cache around it
      hash
        .update(`${rel(file)}\0`)
        .update(readFileSync(file))
        .update('\0');
    }
    return hash.digest('hex');
  }

  get(key: string): RenderEntry | undefined {
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    try {
      const entry = JSON.parse(text) as Partial<RenderEntry>;
      return typeof entry.stdout === 'string' || (Array.isArray(entry.resources) && Array.isArray(entry.findings))
        ? (entry as RenderEntry)
        : undefined;
    } catch {
      return undefined; // a damaged entry is built again
    }
  }

  /** Removes entries no run has read or written for `maxAgeDays`; set() runs it once per process. */
  prune(maxAgeDays = 14): number {
    return this.entries.prune(maxAgeDays);
  }

  set(key: string, entry: RenderEntry): void {
    this.entries.set(key, JSON.stringify(entry));
  }
}

/**
 * Does the value come back the same from JSON? YAML can give what JSON cannot hold (.inf, .nan, -0, binary):
 * such an output is kept as text only, and parsed again when read.
 */
export function survivesJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(survivesJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) if (!survivesJson((value as Record<string, unknown>)[key])) return false;
    return true;
  }
  return false;
}
