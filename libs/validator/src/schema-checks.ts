// The schema pass of a target's resources, by engine: the built-in one (per render unit, kept between
// runs by SchemaPass), or kubeconform's verdicts followed by what kubeconform does not check.
import type { Resource } from '@inference-gitops/core';
import type { SchemaCatalog } from '@inference-gitops/schema-catalog';
import { runKubeconform } from './kubeconform-engine.js';
import { apiFindings, type CheckedResource, type SchemaPass } from './schema-pass.js';

export type Engine = 'builtin' | 'kubeconform';

/** Checks resources (in order); `clientSideApply[i]` says whether resource i is applied client-side. */
export type SchemaChecks = (resources: Resource[], clientSideApply: boolean[]) => Promise<CheckedResource[]>;

export function schemaChecks(engine: Engine, catalog: SchemaCatalog, pass: SchemaPass): SchemaChecks {
  return engine === 'kubeconform'
    ? (resources, csa) => kubeconformChecks(resources, csa, catalog)
    : (resources, csa) => unitChecks(resources, csa, pass);
}

/** The schema pass of each unit among `resources` (in order), kept between runs by SchemaPass. */
async function unitChecks(
  resources: Resource[],
  clientSideApply: boolean[],
  pass: SchemaPass,
): Promise<CheckedResource[]> {
  const byUnit = new Map<string, number[]>();
  resources.forEach((r, i) => {
    const unit = r.unit ?? '';
    const indices = byUnit.get(unit);
    if (indices) indices.push(i);
    else byUnit.set(unit, [i]);
  });
  const out: CheckedResource[] = new Array(resources.length);
  for (const indices of byUnit.values()) {
    const checked = await pass.check(
      indices.map((i) => resources[i]!),
      indices.map((i) => clientSideApply[i]!),
    );
    indices.forEach((i, j) => (out[i] = checked[j]!));
  }
  return out;
}

/** kubeconform's verdicts, then, for what it accepts, the CRDs' CEL rules it does not evaluate and the API server's validation. */
async function kubeconformChecks(
  resources: Resource[],
  clientSideApply: boolean[],
  catalog: SchemaCatalog,
): Promise<CheckedResource[]> {
  const all = await runKubeconform(resources, { catalog });
  const checked: CheckedResource[] = [];
  for (const [i, r] of resources.entries()) {
    const schema = (all[i] ?? []).length > 0 ? all[i]! : await catalog.celFindings(r.object);
    checked.push(
      schema.length > 0 ? { schema, api: [] } : { schema, api: apiFindings(r.object, clientSideApply[i] === true) },
    );
  }
  return checked;
}

/**
 * Is the object applied client-side, so its last-applied-configuration annotation must fit? Known for a
 * cluster validated through its Argo CD tree: when its Application (or the object) lacks ServerSideApply=true.
 */
export function clientSideApplied(
  resource: Resource,
  owners: Map<string, string[]> | undefined,
  applications: ReadonlyMap<string, Resource>,
): boolean {
  if (!owners || !resource.unit) return false;
  const apps = owners.get(resource.unit) ?? [];
  if (apps.length === 0) return false;
  const own = String(
    ((resource.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {})[
      'argocd.argoproj.io/sync-options'
    ] ?? '',
  );
  if (own.includes('ServerSideApply=true')) return false;
  return apps.some((name) => {
    const app = applications.get(name);
    const options = (
      (app?.object.spec as { syncPolicy?: { syncOptions?: unknown[] } } | undefined)?.syncPolicy?.syncOptions ?? []
    ).map(String);
    return !options.includes('ServerSideApply=true');
  });
}
