// The schema pass of one render unit: every resource against its schema and CEL rules, then, for those
// the schema accepts, the API server's native validation. Its findings are kept between runs, keyed by
// everything they derive from: the code (build id), each object as rendered, the schema fingerprint of
// each kind (SchemaCatalog.fingerprint) and whether the object is applied client-side. A cluster task
// after a one-overlay edit then checks only the edited unit; the 35 others are read back.
import { createHash } from 'node:crypto';
import { BUILD_ID, KeyedFileCache, type Finding, type Resource } from '@inference-gitops/core';
import { apiValidation } from '@inference-gitops/api-validation';
import type { SchemaCatalog } from '@inference-gitops/schema-catalog';

/** Bumped when what is stored, or what the pass computes from the same inputs, changes shape. */
const VERSION = 'checks-v2';

export interface CheckedResource {
  /** catalog.validate(): `schema`, `schema-missing` or `cel` findings. */
  schema: Finding[];
  /** `api-validation` findings; only for objects the schema accepts. */
  api: Finding[];
}

interface Entry {
  checked: CheckedResource[];
  /** CEL rules the engine could not evaluate, of the kinds whose CEL rules ran (the report names them). */
  celSkipped: Array<[string, { kind: string; rule: string; error: string }]>;
}

/**
 * Pod templates inside custom resources: the API server accepts the resource (its CRD schema does not run Pod
 * validation), and refuses the Pods its controller creates from them. Those findings are `pod-template`, a stated
 * policy, not `api-validation`, which says what the server refuses about the object itself.
 */
const CUSTOM_POD_TEMPLATES: Readonly<Record<string, RegExp>> = {
  'leaderworkerset.x-k8s.io/LeaderWorkerSet': /^\/spec\/leaderWorkerTemplate\/(leader|worker)Template\//,
  'serving.kserve.io/LLMInferenceService':
    /^\/spec\/(template|worker|prefill\/template|prefill\/worker|router\/scheduler\/template)\//,
};

function ruleOf(object: Record<string, unknown>, path: string): 'api-validation' | 'pod-template' {
  const group = String(object.apiVersion ?? '').split('/')[0];
  const pattern = CUSTOM_POD_TEMPLATES[`${group}/${String(object.kind)}`];
  return pattern?.test(path) ? 'pod-template' : 'api-validation';
}

/** What the API server's own validation refuses beyond the schema, as `api-validation` findings. */
export function apiFindings(object: Record<string, unknown>, clientSideApply: boolean): Finding[] {
  return apiValidation(object, { clientSideApply }).map((v) => ({
    rule: ruleOf(object, v.path),
    severity: 'error',
    message: v.message,
    ...(v.hint ? { hint: v.hint } : {}),
    path: v.path,
  }));
}

export class SchemaPass {
  private readonly store?: KeyedFileCache;
  private readonly buildId?: string;
  /** Units read back from the store, and units checked: for tests and `--verbose` accounting. */
  readonly stats = { kept: 0, checked: 0 };

  constructor(
    private readonly catalog: SchemaCatalog,
    options: { cacheDir?: string; buildId?: string } = {},
  ) {
    this.buildId = options.buildId ?? BUILD_ID;
    // Running from sources there is no build id: nothing is kept (the code may change between runs).
    if (options.cacheDir && this.buildId !== undefined) this.store = new KeyedFileCache(options.cacheDir, '.json');
  }

  /** The pass over one unit's resources, in order; `clientSideApply[i]` says how resource i is applied. */
  async check(resources: Resource[], clientSideApply: boolean[]): Promise<CheckedResource[]> {
    if (resources.length === 0) return [];
    const key = this.store ? this.keyOf(resources, clientSideApply) : undefined;
    const kept = key !== undefined ? this.read(key, resources.length) : undefined;
    if (kept) {
      this.stats.kept++;
      this.catalog.noteCelSkipped(kept.celSkipped);
      return kept.checked;
    }
    this.stats.checked++;
    const schemas = await this.catalog.validateAll(resources.map((r) => r.object));
    // Like the API server, which cannot decode an object that fails its schema: only schema-valid objects.
    const checked = resources.map((resource, i): CheckedResource =>
      schemas[i]!.length > 0
        ? { schema: schemas[i]!, api: [] }
        : { schema: schemas[i]!, api: apiFindings(resource.object, clientSideApply[i] === true) },
    );
    if (key !== undefined) {
      // The kinds whose CEL rules ran: objects the schema accepted (validate() returns `cel` findings or none).
      const celKinds = new Set<string>();
      checked.forEach((c, i) => {
        if (c.schema.every((f) => f.rule === 'cel')) celKinds.add(`${resources[i]!.apiVersion}\0${resources[i]!.kind}`);
      });
      const celSkipped = [...celKinds].flatMap((k) =>
        this.catalog.celSkippedOf(...(k.split('\0') as [string, string])),
      );
      this.store!.set(key, JSON.stringify({ checked, celSkipped } satisfies Entry));
    }
    return checked;
  }

  private keyOf(resources: Resource[], clientSideApply: boolean[]): string {
    const hash = createHash('sha256').update(`${VERSION}\0${this.buildId}\0`);
    const fingerprints = new Map<string, string>();
    resources.forEach((r, i) => {
      const kind = `${r.apiVersion}\0${r.kind}`;
      let fingerprint = fingerprints.get(kind);
      if (fingerprint === undefined) {
        fingerprint = this.catalog.fingerprint(r.apiVersion, r.kind);
        fingerprints.set(kind, fingerprint);
      }
      hash.update(`${fingerprint}\0${clientSideApply[i] === true ? 1 : 0}\0${JSON.stringify(r.object)}\0`);
    });
    return hash.digest('hex');
  }

  /** A kept entry, when whole and of this many resources (anything else is checked again). */
  private read(key: string, count: number): Entry | undefined {
    const text = this.store!.get(key);
    if (text === undefined) return undefined;
    try {
      const entry = JSON.parse(text) as Partial<Entry>;
      if (!Array.isArray(entry.checked) || entry.checked.length !== count || !Array.isArray(entry.celSkipped))
        return undefined;
      return entry as Entry;
    } catch {
      return undefined;
    }
  }
}
