// Preparing one target for its checks: resolved (a cluster's Argo CD tree walked), rendered, and, with
// --base, rendered at the base revision too. While kustomize builds, what the checks will need loads: the
// validators of the kinds the sources declare and the cluster specs the rules read.
import { resolve } from 'node:path';
import type { Resource } from '@inference-gitops/core';
import { loadClusterSpec } from '@inference-gitops/cluster-spec';
import {
  overlayUnit,
  resolveTargets,
  type KustomizeTool,
  type RenderResult,
  type RenderUnit,
  type Renderer,
  type ResolvedTarget,
} from '@inference-gitops/render';
import type { SchemaCatalog } from '@inference-gitops/schema-catalog';
import { renderAtBase } from './base-revision.js';

export interface PreparedTarget {
  resolved: ResolvedTarget[];
  units: RenderUnit[];
  byUnit: Map<string, RenderResult>;
  /** With --base: what the same target renders at the base revision. */
  base?: Resource[];
}

export interface PrepareContext {
  cwd: string;
  repoRoot: string;
  /** The render cache's folder, when renders are kept. */
  renderCache?: string;
  renderer: Renderer;
  tool: () => Promise<KustomizeTool>;
  catalog: () => Promise<SchemaCatalog>;
  stdin?: () => Promise<string>;
  /** false when --cluster names the context: no cluster is looked for. */
  withClusters: boolean;
  base?: string;
  onRendered?: (done: number, total: number) => void;
}

export class TargetPreparer {
  private rendered = 0;
  private unitsKnown = 0;

  constructor(private readonly ctx: PrepareContext) {}

  async prepare(target: string): Promise<PreparedTarget> {
    const { ctx } = this;
    // An overlay's build starts now, while resolving reads the clusters' Applications for its context (the
    // renderer keeps the result for renderAll below; a failure is reported there).
    const overlay = overlayUnit(target, ctx);
    if (overlay) ctx.renderer.render(overlay).catch(() => undefined);
    const resolved = await resolveTargets([target], {
      cwd: ctx.cwd,
      repoRoot: ctx.repoRoot,
      renderer: ctx.renderer,
      ...(ctx.stdin ? { stdin: ctx.stdin } : {}),
      withClusters: ctx.withClusters,
    });
    const units = resolved.flatMap((t) => t.units);
    this.unitsKnown += units.length;
    const rendering = ctx.renderer.renderAll(units, () => ctx.onRendered?.(++this.rendered, this.unitsKnown));
    this.warmUp(resolved, units);
    const results = await rendering;
    const base =
      ctx.base !== undefined
        ? await renderAtBase(ctx.base, [target], {
            cwd: ctx.cwd,
            repoRoot: ctx.repoRoot,
            tool: await ctx.tool(),
            ...(ctx.renderCache ? { renderCache: ctx.renderCache } : {}),
          })
        : undefined;
    return { resolved, units, byUnit: new Map(results.map((r) => [r.unit.id, r])), ...(base ? { base } : {}) };
  }

  /**
   * While kustomize runs, the validators of the kinds the sources declare load, and the cluster specs the
   * rules read: after the build, only checking is left. When every unit comes from the render cache,
   * nothing is built and their checks are likely kept too: validators then load only for what is checked.
   */
  private warmUp(resolved: ResolvedTarget[], units: RenderUnit[]): void {
    const { ctx } = this;
    void ctx.renderer.building.then(() =>
      setImmediate(() => {
        void ctx
          .catalog()
          .then((c) => c.prefetch(ctx.renderer.declaredKinds(units)))
          .catch(() => undefined);
      }),
    );
    setImmediate(() => {
      for (const t of resolved) {
        const cluster = t.cluster ?? t.contextCluster;
        if (cluster)
          void loadClusterSpec(resolve(ctx.repoRoot, 'clusters', cluster, 'cluster.yaml')).catch(() => undefined);
      }
    });
  }
}
