// `--base REF`: the same targets rendered at another revision, for the changes the API server refuses on
// update (immutable fields, CRD transition rules).
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { sharedWorktree, type Resource } from '@inference-gitops/core';
import { Renderer, resolveTargets, type KustomizeTool } from '@inference-gitops/render';

/**
 * Every resource the same targets render at `ref` (a git worktree shared by the process, so an Nx batch
 * checks the base out once); targets missing there render nothing. Renders go through the render cache,
 * keyed by content: an overlay the change did not touch renders from the same entry as at the head.
 */
export async function renderAtBase(
  ref: string,
  targets: string[],
  ctx: { cwd: string; repoRoot: string; tool: KustomizeTool; renderCache?: string },
): Promise<Resource[]> {
  const dir = sharedWorktree(ctx.repoRoot, ref);
  const mapped: string[] = [];
  for (const t of targets) {
    if (t === '-') continue;
    const asPath = resolve(ctx.cwd, t);
    const inRepo = asPath.startsWith(ctx.repoRoot + sep) || asPath === ctx.repoRoot;
    const candidate = existsSync(resolve(ctx.repoRoot, 'clusters', t, 'cluster.yaml'))
      ? t
      : inRepo
        ? join(dir, relative(ctx.repoRoot, asPath))
        : undefined;
    if (
      candidate !== undefined &&
      (candidate === t ? existsSync(join(dir, 'clusters', t, 'cluster.yaml')) : existsSync(candidate))
    )
      mapped.push(candidate);
  }
  if (mapped.length === 0) return [];
  const renderer = new Renderer(ctx.tool, { repoRoot: dir, ...(ctx.renderCache ? { cacheDir: ctx.renderCache } : {}) });
  const resolved = await resolveTargets(mapped, { cwd: dir, repoRoot: dir, renderer, withClusters: false });
  const results = await renderer.renderAll(resolved.flatMap((t) => t.units));
  return results.flatMap((r) => r.resources);
}
