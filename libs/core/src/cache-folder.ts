// The cache folder: everything a run derives from its inputs alone and keeps for the next run, one
// subfolder per kind of result (docs/schemas.md). One place decides where it is, for the CLI, the Nx
// plugin, the Argo CD plugin and the bench alike.
import { join } from 'node:path';

/** The environment variable that moves the cache folder (CI jobs restore it; tests use their own). */
export const CACHE_DIR_ENV = 'GITOPS_CACHE_DIR';

/** The cache's subfolders and what each holds; all but `schemas` are derived and safe to delete. */
export const CACHE_FOLDERS = [
  {
    name: 'schemas',
    what: 'downloaded CRDs not committed in compact form (an offline run needs them)',
    derived: false,
  },
  { name: 'compiled', what: 'compiled validators and V8 code caches', derived: true },
  { name: 'render', what: 'kustomize builds', derived: true },
  { name: 'checks', what: "each render unit's schema pass (schema, CEL and API validation findings)", derived: true },
  { name: 'plans', what: "the generator's plans of each cluster", derived: true },
  { name: 'cel', what: 'parsed CEL rules of each CRD', derived: true },
  { name: 'tools', what: "kustomize's version, by binary", derived: true },
  { name: 'graph', what: 'the YAML the Nx project graph reads, parsed', derived: true },
] as const;

export type CacheFolderName = (typeof CACHE_FOLDERS)[number]['name'];

/** The cache folder of a repository: an explicit one, else $GITOPS_CACHE_DIR, else `<root>/.gitops-cache`. */
export function cacheRoot(root: string, explicit?: string): string {
  return explicit ?? process.env[CACHE_DIR_ENV] ?? join(root, '.gitops-cache');
}

/** One subfolder of the cache folder. */
export function cacheFolder(root: string, name: CacheFolderName, explicit?: string): string {
  return join(cacheRoot(root, explicit), name);
}
