import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { BUILD_ID, KeyedFileCache, UsageError, writeFileAtomic, type Finding } from '@inference-gitops/core';
import { fileDigest, hasCompiled, linkCompiled, loadCompiledFile, newCompiler, pruneCompiled } from './compiled.js';
import { crdVersions, unservedVersions, type ConvertStats } from './crd-schema.js';
import { removedApi } from './removed-apis.js';
import { applyStructuralDefaults, hasDefaults } from './defaulting.js';
import { builtinDefaults } from '@inference-gitops/api-validation';
import {
  coreJsonSchema,
  coreValidator,
  EMBEDDED_KUBERNETES_VERSION,
  unknownFields,
  validateWithModel,
  type CoreValidator,
} from './core-kinds.js';
import { schemaFindings } from './findings.js';
import {
  cacheDirFor,
  LOCK_FILE,
  missingEntries,
  readLock,
  defaultSelection,
  selects,
  type PlatformSelection,
  schemaCacheDir,
  sha256,
  syncSchemas,
  type LockEntry,
} from './lock.js';
import { shareRepeatedSubschemas } from './shared-subschemas.js';
import { thirdPartyModel } from './third-party.js';
import type { CompactFile } from './compact.js';
import type { CelValidator } from '@inference-gitops/cel';

/** The CEL engine (@bufbuild/cel and the Kubernetes libraries): loaded only for runs that validate custom resources. */
type CelModule = typeof import('@inference-gitops/cel');
import { committedFor } from './pinned.js';

export interface CatalogOptions {
  repoRoot: string;
  cacheDir?: string;
  kubernetesVersion?: string;
  /** Extra directories of JSON schemas laid out as {group}/{kind}_{version}.json (kubeconform style). */
  schemaLocations?: string[];
  /** auto: download missing pinned files on first use; never: offline, say which command to run. */
  sync?: 'auto' | 'never';
  mirror?: string;
  /** Which version of each pinned set to read (a platform's `sets`); default: the lock's default platform. */
  platform?: PlatformSelection;
  /**
   * The id of the code (default: the bundle's build id). CEL parse results are kept between runs under
   * it, in the cache's `cel` folder; without one (running from sources) every run parses.
   */
  buildId?: string;
}

/**
 * Where a kind's schema comes from: a JSON schema (CRD version, pinned file, --schema-location), the
 * embedded core kinds, a `@kubernetes-models` class, or a pinned file not read yet (read on first use:
 * the KServe CRDs are megabytes and most runs never see their kinds).
 */
type Source =
  | { kind: 'json'; schema: Record<string, unknown>; origin: string; fileKey?: string }
  | { kind: 'core' }
  | { kind: 'model'; origin: '@kubernetes-models' }
  | { kind: 'unread'; file: string; format: 'crd-yaml' | 'compact' };
/** A source once read. */
type ReadSource = Exclude<Source, { kind: 'unread' }>;

/** CEL validators by schema, per process (an Nx batch opens a catalog per task). */
const compiledCel = new Map<string, CelValidator | null>();
/** Bumped when the compiled code would change for the same schema (ajv options, formats). */
const COMPILED_CACHE_VERSION = 'ajv8-strict-v2:';

/** Every schema the validator knows, compiled lazily per (apiVersion, kind) and reused. */
export class SchemaCatalog {
  private readonly sources = new Map<string, Source>();
  private readonly compiled = new Map<string, ValidateFunction>();
  /** `apiVersion|kind` -> the CRD version's original openAPIV3Schema (its CEL rules), when known. */
  private readonly raw = new Map<string, Record<string, unknown>>();
  private readonly celValidators = new Map<string, CelValidator | null>();
  /** CEL rules of the kinds validated that the engine cannot evaluate, named in the report. */
  private readonly celUnsupported = new Map<string, { kind: string; rule: string; error: string }>();
  /** Created on the first compile; it keeps source code so compiled validators can be cached on disk (compiling the KServe CRDs takes seconds). */
  private compiler?: ReturnType<typeof newCompiler>;

  /** The version of each pinned set this catalog reads. */
  readonly selection: PlatformSelection | undefined;

  private constructor(readonly options: CatalogOptions) {
    this.selection = options.platform ?? defaultSelection(options.repoRoot);
  }

  /** The embedded validator of a core kind (undefined for other kinds). */
  private coreValidator(apiVersion: string, kind: string): CoreValidator | undefined {
    return coreValidator(apiVersion, kind, cacheDirFor(this.options.repoRoot, this.options.cacheDir));
  }

  /** The compiled validator of a JSON-schema kind, compiled (or loaded) once per catalog. */
  private validatorOf(k: string, source: Extract<Source, { kind: 'json' }>): ValidateFunction {
    let validate = this.compiled.get(k);
    if (!validate) {
      validate = this.compile(source.schema, source.fileKey);
      this.compiled.set(k, validate);
    }
    return validate;
  }

  /** Where the compiled validator of a schema (or of a pinned file's kind, by its key) is cached. */
  private compiledFile(name: string): string {
    return join(
      cacheDirFor(this.options.repoRoot, this.options.cacheDir),
      'compiled',
      `${sha256(COMPILED_CACHE_VERSION + name)}.cjs`,
    );
  }

  /** A validator for a schema: from the on-disk cache of compiled code when present, else compiled and cached. */
  private compile(schema: Record<string, unknown>, fileKey?: string): ValidateFunction {
    const file = this.compiledFile(JSON.stringify(schema));
    const dir = dirname(file);
    if (hasCompiled(file)) {
      try {
        const validate = loadCompiledFile(file);
        // Compiled from another source of the same schema: alias it under the pinned file's key too, so
        // the next run finds it without parsing the CRD.
        if (fileKey) {
          const alias = this.compiledFile(fileKey);
          if (!existsSync(alias)) linkCompiled(file, alias);
        }
        return validate;
      } catch {
        // a corrupt cache entry is recompiled below (a failed alias only costs time)
      }
    }
    this.compiler ??= newCompiler();
    const { ajv, standaloneCode } = this.compiler;
    // Repeated subschemas (pod specs, containers) compiled once: a sixth of the code for KServe's CRDs.
    const validate = ajv.compile(shareRepeatedSubschemas(schema));
    try {
      mkdirSync(dir, { recursive: true });
      pruneCompiled(dir);
      const tmp = `${file}.${process.pid}.tmp`;
      const code = standaloneCode(ajv, validate);
      writeFileSync(tmp, code);
      renameSync(tmp, file);
      // Also under the pinned file's key, so the next run can skip parsing the CRD at all.
      if (fileKey) linkCompiled(file, this.compiledFile(fileKey));
    } catch {
      // caching is an optimisation; a read-only cache only costs time
    }
    return validate;
  }

  /** The CEL engine, loaded when a kind with CEL rules is first checked (a core-kinds run never loads it). */
  private celModule?: Promise<CelModule>;
  private celEngine(): Promise<CelModule> {
    return (this.celModule ??= import('@inference-gitops/cel'));
  }

  /** Is the kind a custom resource (a CRD or JSON schema source), whose validation may need CEL? */
  isCustomKind(apiVersion: string, kind: string): boolean {
    return this.source(apiVersion, kind)?.kind === 'json';
  }

  /**
   * Loads (or compiles) the validators of these kinds now, their CEL rules included: called while kustomize
   * builds, so that validate() then only checks. Yields between kinds; what fails here fails again, and is
   * reported, in validate().
   */
  async prefetch(kinds: Array<{ apiVersion: string; kind: string }>): Promise<void> {
    for (const { apiVersion, kind } of kinds) {
      await new Promise<void>((next) => setImmediate(next));
      try {
        const source = this.source(apiVersion, kind);
        if (source?.kind !== 'json' || this.unserved.has(key(apiVersion, kind))) continue;
        const k = key(apiVersion, kind);
        this.validatorOf(k, source);
        await this.celValidator(apiVersion, kind, source);
      } catch {
        // see above
      }
    }
  }

  static async open(options: CatalogOptions): Promise<SchemaCatalog> {
    const catalog = new SchemaCatalog(options);
    // Pinned schemas committed in compact form (schemas/pinned/) need no cache and no network.
    const missing = missingEntries(
      options.repoRoot,
      options.cacheDir,
      (e) => committedFor(options.repoRoot, e) !== undefined,
      catalog.selection,
    );
    if (missing.length > 0) {
      if (options.sync === 'never') {
        throw new UsageError(
          `the schema cache lacks ${missing.length} pinned file(s) (${missing[0]!.path}${missing.length > 1 ? ', ...' : ''}); run \`gitops schemas sync\` (online) or \`gitops schemas sync --mirror <dir>\` (offline)`,
        );
      }
      await syncSchemas({
        repoRoot: options.repoRoot,
        ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
        ...(options.mirror ? { mirror: options.mirror } : {}),
      });
    }
    catalog.loadCache();
    for (const location of options.schemaLocations ?? []) catalog.loadLocation(location);
    return catalog;
  }

  private loadCache(): void {
    const dir = schemaCacheDir(this.options.repoRoot, this.options.cacheDir);
    for (const entry of readLock(this.options.repoRoot, this.selection)) {
      const committed = committedFor(this.options.repoRoot, entry);
      if (committed) {
        this.loadCompact(committed.file, committed.kinds, entry);
        continue;
      }
      const file = join(dir, entry.path);
      if (!existsSync(file)) continue;
      if (entry.type === 'jsonschema' && entry.for) {
        const [group, version, kind] = entry.for.split('/');
        const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        this.setJson(`${group}/${version}`, kind!, schema, entry.path, false);
        this.raw.set(key(`${group}/${version}`, kind!), schema);
      } else {
        // Parse lazily: the KServe CRDs are megabytes and most runs never see an LLMInferenceService.
        for (const { group, kind, version } of crdHeaders(file))
          this.sources.set(key(`${group}/${version}`, kind), { kind: 'unread', file, format: 'crd-yaml' });
      }
    }
  }

  /** A committed compact file: its kinds are known from its first line, their schemas read on first use. */
  private loadCompact(file: string, kinds: Array<[string, string]>, entry: LockEntry): void {
    if (entry.type === 'jsonschema' && entry.for) {
      const [group, version, kind] = entry.for.split('/');
      const compact = JSON.parse(readFileSync(file, 'utf8')) as CompactFile;
      if (compact.documents[0]) {
        this.setJson(`${group}/${version}`, kind!, compact.documents[0], entry.path, false);
        this.raw.set(key(`${group}/${version}`, kind!), compact.documents[0]);
      }
      return;
    }
    for (const [apiVersion, kind] of kinds)
      this.sources.set(key(apiVersion, kind), { kind: 'unread', file, format: 'compact' });
  }

  private readonly templates: string[] = [];

  private loadLocation(location: string): void {
    if (location.includes('{{') && !/^https?:\/\//.test(location)) {
      this.templates.push(location);
      return;
    }
    if (!existsSync(location) || !statSync(location).isDirectory())
      throw new UsageError(
        `--schema-location ${location}: only local directories laid out as {group}/{kind}_{version}.json, or local path templates with {{.Group}}, {{.ResourceKind}}, {{.ResourceAPIVersion}}, are supported`,
      );
    for (const group of readdirSync(location)) {
      const dir = join(location, group);
      if (!statSync(dir).isDirectory()) continue;
      for (const file of readdirSync(dir)) {
        const m = /^(.+)_(v[0-9a-z]+)\.json$/.exec(file);
        if (!m) continue;
        const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
        const kindName =
          (((schema.properties as Record<string, { enum?: string[] }> | undefined)?.kind?.enum ?? [])[0] as
            string | undefined) ?? m[1]!;
        this.setJson(
          group === 'core' || group === '' ? m[2]! : `${group}/${m[2]}`,
          kindName,
          schema,
          join(dir, file),
          false,
        );
      }
    }
  }

  /** CRDs found in the rendered tree: the first source of schemas for their kinds. */
  addCrds(crds: Array<Record<string, unknown>>): void {
    for (const crd of crds) this.addCrd(crd, 'rendered tree', true);
  }

  /** `apiVersion|kind` -> the versions its CRD serves, for versions the CRD declares unserved. */
  private readonly unserved = new Map<string, { served: string[]; origin: string }>();

  private addCrd(crd: Record<string, unknown>, origin: string, override: boolean): void {
    const off = unservedVersions(crd);
    const crdName = String((crd.metadata as { name?: unknown } | undefined)?.name ?? basename(origin));
    if (off)
      for (const v of off.unserved)
        this.unserved.set(key(`${off.group}/${v}`, off.kind), {
          served: off.served.map((s) => `${off.group}/${s}`),
          origin: crdName,
        });
    const stats: ConvertStats = { celRules: 0, droppedPatterns: 0 };
    for (const v of crdVersions(crd, stats)) {
      // A version this CRD serves (crdVersions yields only those): served, whatever a pinned CRD said.
      if (override) this.unserved.delete(key(`${v.group}/${v.version}`, v.kind));
      this.setJson(`${v.group}/${v.version}`, v.kind, v.schema, origin, override);
      const raw = rawVersionSchema(crd, v.version);
      if (raw && (override || !this.raw.has(key(`${v.group}/${v.version}`, v.kind))))
        this.raw.set(key(`${v.group}/${v.version}`, v.kind), raw);
    }
  }

  private setJson(
    apiVersion: string,
    kind: string,
    schema: Record<string, unknown>,
    origin: string,
    override: boolean,
  ): void {
    const k = key(apiVersion, kind);
    const existing = this.sources.get(k);
    if (existing && existing.kind === 'json' && !override) return;
    this.sources.set(k, { kind: 'json', schema, origin });
    // What was made from the schema it replaces (by an earlier target's check, or by prefetch()).
    this.compiled.delete(k);
    this.celValidators.delete(k);
    this.defaulters.delete(k);
  }

  private source(apiVersion: string, kind: string): ReadSource | undefined {
    const k = key(apiVersion, kind);
    const known = this.sources.get(k);
    if (known && known.kind !== 'unread') return known;
    const read = known ? this.read(k, known) : undefined;
    if (read) return read;
    const fromTemplate = this.fromTemplates(apiVersion, kind);
    if (fromTemplate) {
      this.sources.set(k, fromTemplate);
      return fromTemplate;
    }
    const fallback: ReadSource | undefined = this.coreValidator(apiVersion, kind)
      ? { kind: 'core' }
      : thirdPartyModel(apiVersion, kind)
        ? { kind: 'model', origin: '@kubernetes-models' }
        : undefined;
    if (fallback) this.sources.set(k, fallback);
    return fallback;
  }

  /** Reads a pinned file's kind on first use: its compiled validator when one was kept, else its CRDs. */
  private read(k: string, unread: Extract<Source, { kind: 'unread' }>): ReadSource | undefined {
    const { file, format } = unread;
    const fileKey = `file:${fileDigest(file)}:${k}`;
    const cached = this.compiledFile(fileKey);
    if (hasCompiled(cached)) {
      try {
        // The pinned CRD was compiled before: no need to parse megabytes of YAML again.
        this.compiled.set(k, loadCompiledFile(cached));
        const source: ReadSource = { kind: 'json', schema: {}, origin: file, fileKey };
        this.sources.set(k, source);
        return source;
      } catch {
        // fall through to parsing
      }
    }
    this.sources.delete(k);
    const text = readFileSync(file, 'utf8');
    const docs =
      format === 'compact'
        ? (JSON.parse(text) as CompactFile).documents
        : parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
    for (const doc of docs) this.addCrd(doc, file, false);
    const source = this.sources.get(k);
    if (source?.kind !== 'json') return undefined;
    source.fileKey = fileKey;
    return source;
  }

  /** kubeconform-style local path templates: {{.Group}}, {{.ResourceKind}}, {{.ResourceAPIVersion}}, {{.KindSuffix}}. */
  private fromTemplates(apiVersion: string, kind: string): ReadSource | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    for (const t of this.templates) {
      const path = t
        .replace(/\{\{\s*\.Group\s*\}\}/g, group!)
        .replace(/\{\{\s*\.ResourceKind\s*\}\}/g, kind.toLowerCase())
        .replace(/\{\{\s*\.ResourceAPIVersion\s*\}\}/g, version!)
        .replace(/\{\{\s*\.KindSuffix\s*\}\}/g, group ? `-${group.split('.')[0]}-${version}` : `-${version}`);
      if (existsSync(path))
        return {
          kind: 'json',
          schema: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>,
          origin: path,
        };
    }
    return undefined;
  }

  /**
   * What validate() of this kind's objects derives from besides the object and the code (the build id): equal
   * fingerprints give equal findings, so checks can be kept between runs. A pinned file's kind is named by
   * the file's digest without parsing it; other JSON schemas by their content and their CEL rules'.
   */
  fingerprint(apiVersion: string, kind: string): string {
    const k = key(apiVersion, kind);
    const off = this.unserved.get(k);
    if (off) return `unserved:${JSON.stringify(off)}`;
    const unlisted = this.unlistedVersion(apiVersion, kind);
    if (unlisted) return `unlisted:${unlisted.join(',')}`;
    const pending = this.sources.get(k);
    if (pending?.kind === 'unread') return `file:${fileDigest(pending.file)}:${k}`;
    // No JSON schema known: the embedded core schemas, the @kubernetes-models classes or a schema-missing
    // finding decide, all part of the code (nothing is loaded to learn which).
    if ((pending === undefined || pending.kind !== 'json') && this.templates.length === 0) return 'code';
    const source = this.source(apiVersion, kind);
    if (source?.kind !== 'json') return 'code';
    if (source.fileKey) return source.fileKey;
    const raw = this.raw.get(k);
    return `schema:${digestOf(source.schema)}:${raw ? digestOf(raw) : '-'}`;
  }

  /** The releases of the lock, not read by this catalog's platform, whose committed schemas define the kind. */
  private otherReleaseOf(apiVersion: string, kind: string): { set: string; versions: string[] } | undefined {
    return this.otherReleases().get(key(apiVersion, kind));
  }

  /** apiVersion|kind -> the set and releases that define it among the files this platform does not read; built once. */
  private otherReleasesIndex?: Map<string, { set: string; versions: string[] }>;
  private otherReleases(): Map<string, { set: string; versions: string[] }> {
    if (this.otherReleasesIndex) return this.otherReleasesIndex;
    const index = new Map<string, { set: string; versions: string[] }>();
    if (this.selection)
      for (const entry of readLock(this.options.repoRoot)) {
        if (entry.set === undefined || entry.version === undefined || selects(this.selection, entry)) continue;
        for (const [v, k] of committedFor(this.options.repoRoot, entry)?.kinds ?? []) {
          const found: { set: string; versions: string[] } = index.get(key(v, k)) ?? { set: entry.set, versions: [] };
          if (found.set === entry.set && !found.versions.includes(entry.version)) found.versions.push(entry.version);
          index.set(key(v, k), found);
        }
      }
    return (this.otherReleasesIndex = index);
  }

  /** The CEL rules of a kind the engine cannot evaluate, as celRulesSkipped() lists them (with their keys). */
  celSkippedOf(apiVersion: string, kind: string): Array<[string, { kind: string; rule: string; error: string }]> {
    const prefix = `${key(apiVersion, kind)}|`;
    return [...this.celUnsupported].filter(([k]) => k.startsWith(prefix));
  }

  /** Records CEL rules not evaluated that an earlier run found (its checks kept, the validator not built now). */
  noteCelSkipped(entries: Array<[string, { kind: string; rule: string; error: string }]>): void {
    for (const [k, v] of entries) this.celUnsupported.set(k, v);
  }

  /**
   * The versions the known CRDs serve for a kind whose group they define, when `apiVersion` is not one of
   * them (and no --schema-location names it); undefined otherwise. Core kinds have no group here.
   */
  private unlistedVersion(apiVersion: string, kind: string): string[] | undefined {
    const slash = apiVersion.indexOf('/');
    if (slash < 0) return undefined;
    const group = apiVersion.slice(0, slash);
    const k = key(apiVersion, kind);
    const known = this.sources.get(k);
    if (known && known.kind !== 'model' && known.kind !== 'core') return undefined;
    const served = [...this.sources.entries()]
      .filter(([key, source]) => source.kind !== 'model' && key.endsWith(`|${kind}`) && key.startsWith(`${group}/`))
      .map(([key]) => key.slice(0, key.indexOf('|')));
    if (served.length === 0 || served.includes(apiVersion)) return undefined;
    if (this.fromTemplates(apiVersion, kind)) return undefined;
    return served.sort();
  }

  has(apiVersion: string, kind: string): boolean {
    return this.source(apiVersion, kind) !== undefined;
  }

  /** Whether this platform's API server serves the kind: a served CRD version or a core kind, not typings alone. */
  serves(apiVersion: string, kind: string): boolean {
    const s = this.source(apiVersion, kind);
    return s !== undefined && s.kind !== 'model' && !this.unserved.has(key(apiVersion, kind));
  }

  /** Where the schema of a kind comes from (for `gitops schemas list`). */
  describe(apiVersion: string, kind: string): string | undefined {
    const s = this.source(apiVersion, kind);
    return s === undefined ? undefined : s.kind === 'core' ? `embedded Kubernetes ${'1.32'}` : s.origin;
  }

  /** Strict validation of one object: `schema` findings, or one `schema-missing`; then its CRD's CEL rules. */
  async validate(object: Record<string, unknown>): Promise<Finding[]> {
    return (await this.validateAll([object]))[0]!;
  }

  /** validate() of each object, in order: what their kinds need loads first, then each is checked. */
  async validateAll(objects: Array<Record<string, unknown>>): Promise<Finding[][]> {
    await this.loadCel(objects);
    return objects.map((object) => this.check(object));
  }

  /** The CEL validators of the objects' kinds, compiled (the engine loaded when a kind has rules). */
  private async loadCel(objects: Array<Record<string, unknown>>): Promise<void> {
    const seen = new Set<string>();
    for (const object of objects) {
      const apiVersion = String(object.apiVersion);
      const kind = String(object.kind);
      const k = key(apiVersion, kind);
      if (seen.has(k) || this.celValidators.has(k)) continue;
      seen.add(k);
      const source = this.source(apiVersion, kind);
      if (source?.kind === 'json') await this.celValidator(apiVersion, kind, source);
    }
  }

  /** validate() of an object whose kind's CEL validator loadCel() made. */
  private check(object: Record<string, unknown>): Finding[] {
    const apiVersion = String(object.apiVersion);
    const kind = String(object.kind);
    const label = `${kind} (${apiVersion})`;
    const removed = removedApi(apiVersion, kind);
    if (removed)
      return [
        {
          rule: 'schema',
          severity: 'error',
          path: '/apiVersion',
          message: `${apiVersion} ${kind} was removed in Kubernetes ${removed.removedIn}: the API server (${EMBEDDED_KUBERNETES_VERSION}) does not serve it ("no matches for kind ${kind} in version ${apiVersion}")`,
          hint: `Use apiVersion ${removed.use} (Kubernetes deprecation guide).`,
        },
      ];
    const off = this.unserved.get(key(apiVersion, kind));
    if (off) {
      return [
        {
          rule: 'schema',
          severity: 'error',
          path: '/apiVersion',
          message: `${apiVersion} ${kind} is not served by the pinned CRD (served: ${off.served.join(', ') || 'none'}); the API server refuses it`,
          hint: `Use apiVersion ${off.served[0] ?? '(a served version)'}; the CRD is ${off.origin}.`,
        },
      ];
    }
    // A group the pinned CRDs define, in a version none of them lists: the typings must not make it look valid.
    const unlisted = this.unlistedVersion(apiVersion, kind);
    if (unlisted)
      return [
        {
          rule: 'schema',
          severity: 'error',
          path: '/apiVersion',
          message: `${apiVersion} ${kind} is not a version the pinned CRD serves (it serves: ${unlisted.join(', ')}); the API server answers "no matches for kind ${kind} in version ${apiVersion}"`,
          hint: `Use apiVersion ${unlisted[0]}, or pin the CRD release that serves ${apiVersion} in schemas/lock.yaml.`,
        },
      ];
    const source = this.source(apiVersion, kind);
    const elsewhere = source ? undefined : this.otherReleaseOf(apiVersion, kind);
    if (elsewhere) {
      const chosen = this.selection?.[elsewhere.set];
      return [
        {
          rule: 'schema',
          severity: 'error',
          path: '/apiVersion',
          message: `${apiVersion} ${kind} is not served on this platform: ${chosen ? `${elsewhere.set} ${chosen} has no CRD for it` : `it installs no ${elsewhere.set}`} (${elsewhere.set} ${elsewhere.versions.join(', ')} ${elsewhere.versions.length > 1 ? 'have' : 'has'} it); the API server answers "no matches for kind ${kind} in version ${apiVersion}"`,
          hint: `Move to what ${elsewhere.set} ${chosen ?? ''} serves, or keep ${elsewhere.set} ${elsewhere.versions.at(-1)} (versions: in the cluster spec).`.replace(
            '  ',
            ' ',
          ),
        },
      ];
    }
    if (!source) {
      return [
        {
          rule: 'schema-missing',
          severity: 'error',
          path: '',
          message: `no schema for ${kind} in ${apiVersion}`,
          hint:
            'Add its CRD to the rendered tree or to schemas/lock.yaml, pass --schema-location, or skip it with ' +
            '--ignore-missing-schemas or .gitops.yaml schemas.allowMissing.',
        },
      ];
    }
    if (source.kind === 'core') {
      const validate = this.coreValidator(apiVersion, kind)!;
      // The server's built-in defaults come first (an RBAC roleRef without apiGroup is valid).
      const defaulted = builtinDefaults(object);
      return schemaFindings([...validate(defaulted), ...unknownFields(apiVersion, kind, defaulted)], defaulted, label);
    }
    if (source.kind === 'model') {
      return schemaFindings(validateWithModel(thirdPartyModel(apiVersion, kind)!, object), object, label);
    }
    const k = key(apiVersion, kind);
    const validate = this.validatorOf(k, source);
    // The API server defaults a custom resource before it validates it (schema, then CEL).
    const defaulted = this.defaulted(k, apiVersion, kind, source, object);
    if (!validate(defaulted)) return schemaFindings(validate.errors ?? [], defaulted, label);
    // CEL runs only on a schema-valid object, as the API server skips it after blocking errors.
    return this.loadedCelFindings(defaulted);
  }

  /** The kind's structural defaulting, found once per kind: the identity when its schema sets no default. */
  private readonly defaulters = new Map<
    string,
    ((object: Record<string, unknown>) => Record<string, unknown>) | null
  >();

  private defaulted(
    k: string,
    apiVersion: string,
    kind: string,
    source: ReadSource,
    object: Record<string, unknown>,
  ): Record<string, unknown> {
    let defaulter = this.defaulters.get(k);
    if (defaulter === undefined) {
      let raw = this.raw.get(k);
      if (!raw && source.kind === 'json' && source.fileKey) raw = rawSchemaFromFile(source.origin, apiVersion, kind);
      const schema = raw;
      defaulter =
        schema && hasDefaults(schema)
          ? (o: Record<string, unknown>) => applyStructuralDefaults(schema, o) as Record<string, unknown>
          : null;
      this.defaulters.set(k, defaulter);
    }
    return defaulter ? defaulter(object) : object;
  }

  /** The CEL rules of the object's CRD (`cel` findings); for an object the schema already accepted. */
  async celFindings(object: Record<string, unknown>): Promise<Finding[]> {
    await this.loadCel([object]);
    return this.loadedCelFindings(object);
  }

  private loadedCelFindings(object: Record<string, unknown>): Finding[] {
    const apiVersion = String(object.apiVersion);
    const kind = String(object.kind);
    const label = `${kind} (${apiVersion})`;
    const k = key(apiVersion, kind);
    if (this.sources.get(k)?.kind !== 'json') return [];
    if (!this.celValidators.has(k))
      throw new Error(`internal: the CEL rules of ${label} were not loaded before the check`);
    const cel = this.celValidators.get(k);
    if (!cel) return [];
    return cel
      .validate(object)
      .filter((v) => !v.path.startsWith('/status')) // status is dropped on create
      .map((v) => ({
        rule: 'cel',
        severity: 'error' as const,
        path: v.path,
        message:
          v.kind === 'runtime-error' ? `a CEL rule of the ${kind} CRD failed to evaluate: ${v.message}` : v.message,
        hint:
          v.kind === 'runtime-error'
            ? `The API server refuses the object the same way. Rule: ${v.rule}`
            : `${label}: the CRD's validation rule \`${v.rule}\` is false (${v.reason}); the API server refuses the object.`,
      }));
  }

  /**
   * CRD transition rules (those that use oldSelf) on an update from `old` to `object`, as the API server
   * evaluates them: what `gitops validate --base` reports as immutable-field.
   */
  async transitionFindings(object: Record<string, unknown>, old: Record<string, unknown>): Promise<Finding[]> {
    const apiVersion = String(object.apiVersion);
    const kind = String(object.kind);
    const source = this.source(apiVersion, kind);
    if (!source || source.kind !== 'json') return [];
    const cel = await this.celValidator(apiVersion, kind, source);
    if (!cel) return [];
    return cel
      .validate(object, old)
      .filter((v) => /\boldSelf\b/.test(v.rule) && !v.path.startsWith('/status'))
      .map((v) => ({
        rule: 'immutable-field',
        severity: 'error' as const,
        path: v.path,
        message: v.message,
        hint: `The ${kind} CRD's transition rule \`${v.rule}\` refuses this change on update (${v.reason}).`,
      }));
  }

  /** The CEL rules of the validated kinds that were not evaluated (the engine cannot), each named. */
  celRulesSkipped(): Array<{ kind: string; rule: string; error: string }> {
    return [...this.celUnsupported.values()];
  }

  /**
   * Compiles a schema's CEL rules, with the parse results an earlier run kept for the same schema and
   * code: parsing is most of the cost of compiling them.
   */
  private compileCel(cel: CelModule, raw: Record<string, unknown>, memoKey: string | undefined): CelValidator {
    const buildId = this.options.buildId ?? BUILD_ID;
    if (memoKey === undefined || buildId === undefined) return cel.compileCelValidator(raw);
    const store = new KeyedFileCache(join(cacheDirFor(this.options.repoRoot, this.options.cacheDir), 'cel'), '.json');
    const entry = sha256(`cel-parsed-v1\0${buildId}\0${memoKey}`);
    const kept = readParsed(store.get(entry));
    if (kept) cel.seedParsed(kept);
    const validator = cel.compileCelValidator(raw);
    if (!kept)
      store.set(
        entry,
        JSON.stringify(
          cel.parsedOf(validator.expressions).map(([source, bytes]) => [source, Buffer.from(bytes).toString('base64')]),
        ),
      );
    return validator;
  }

  /** The CEL validator of a kind: its CRD version's x-kubernetes-validations, compiled once per process. */
  private async celValidator(apiVersion: string, kind: string, source: ReadSource): Promise<CelValidator | undefined> {
    const k = key(apiVersion, kind);
    if (!this.celValidators.has(k)) {
      let raw = this.raw.get(k);
      const memoKey =
        source.kind === 'json' && source.fileKey
          ? source.fileKey
          : raw
            ? `schema:${sha256(JSON.stringify(raw))}`
            : undefined;
      let validator = memoKey !== undefined ? compiledCel.get(memoKey) : undefined;
      if (validator === undefined) {
        if (!raw && source.kind === 'json' && source.fileKey) raw = rawSchemaFromFile(source.origin, apiVersion, kind);
        validator = null;
        if (raw && JSON.stringify(raw).includes('x-kubernetes-validations'))
          validator = this.compileCel(await this.celEngine(), raw, memoKey);
        if (memoKey !== undefined) compiledCel.set(memoKey, validator);
      }
      for (const u of validator?.unsupported ?? [])
        this.celUnsupported.set(`${k}|${u.path}|${u.rule}`, {
          kind: `${kind} (${apiVersion})`,
          rule: u.rule,
          error: u.error,
        });
      this.celValidators.set(k, validator);
    }
    return this.celValidators.get(k) ?? undefined;
  }

  /** Every JSON schema as {group}/{kind}_{version}.json (kubeconform -schema-location layout). */
  async export(
    dir: string,
    coreKinds: Array<{ apiVersion: string; kind: string }> = DEFAULT_CORE_KINDS,
  ): Promise<{ files: number }> {
    let files = 0;
    for (const k of [...this.sources.keys()]) {
      const [apiVersion, kind] = k.split('|') as [string, string];
      this.source(apiVersion, kind);
    }
    for (const [k, source] of this.sources) {
      if (source.kind !== 'json') continue;
      const [apiVersion, kind] = k.split('|') as [string, string];
      const schema =
        Object.keys(source.schema).length > 0 ? source.schema : schemaFromCrdFile(source.origin, apiVersion, kind);
      await writeFileAtomic(join(dir, exportPath(apiVersion, kind)), JSON.stringify(schema, null, 2) + '\n', {
        mkdirs: true,
      });
      files++;
    }
    for (const { apiVersion, kind } of coreKinds) {
      const schema = coreJsonSchema(apiVersion, kind);
      if (!schema) continue;
      await writeFileAtomic(join(dir, exportPath(apiVersion, kind)), JSON.stringify(schema, null, 2) + '\n', {
        mkdirs: true,
      });
      files++;
    }
    return { files };
  }

  kinds(): Array<{ apiVersion: string; kind: string; origin: string }> {
    return [...this.sources.entries()].map(([k, s]) => {
      const [apiVersion, kind] = k.split('|') as [string, string];
      return {
        apiVersion,
        kind,
        origin: s.kind === 'json' || s.kind === 'model' ? s.origin : s.kind === 'core' ? 'embedded' : s.file,
      };
    });
  }
}

export const DEFAULT_CORE_KINDS = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['v1', 'Namespace'],
  ['v1', 'Pod'],
  ['v1', 'PersistentVolumeClaim'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
].map(([apiVersion, kind]) => ({ apiVersion: apiVersion!, kind: kind! }));

/** kubeconform's layout: {group}/{kind lower-case}_{version}.json, the core group as "core". */
export function exportPath(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return `${group}/${kind.toLowerCase()}_${version}.json`;
}

/** sha256 of a schema's JSON, once per schema object. */
const digests = new WeakMap<object, string>();
function digestOf(schema: Record<string, unknown>): string {
  let digest = digests.get(schema);
  if (digest === undefined) {
    digest = sha256(JSON.stringify(schema));
    digests.set(schema, digest);
  }
  return digest;
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

/** group/kind/versions of the CRDs in a file, read cheaply (no full YAML parse of megabyte schemas). */
function crdHeaders(file: string): Array<{ group: string; kind: string; version: string }> {
  const text = readFileSync(file, 'utf8');
  const out: Array<{ group: string; kind: string; version: string }> = [];
  for (const doc of text.split(/^---$/m)) {
    const group = /^ {2}group:\s*(\S+)/m.exec(doc)?.[1];
    const kind = /^ {4}kind:\s*(\S+)/m.exec(doc)?.[1];
    if (!group || !kind) continue;
    for (const m of doc.matchAll(/^ {2,8}(?:- )?name:\s*(v\d+(?:(?:alpha|beta)\d+)?)\s*$/gm))
      out.push({ group, kind, version: m[1]! });
  }
  return out;
}

export { LOCK_FILE };

/** The strict schema of one kind/version from a CRD file (when only its compiled validator was loaded). */
function schemaFromCrdFile(file: string, apiVersion: string, kind: string): Record<string, unknown> {
  const stats = { celRules: 0, droppedPatterns: 0 };
  const text = readFileSync(file, 'utf8');
  const docs = file.endsWith('.json')
    ? ((JSON.parse(text) as Partial<CompactFile>).documents ?? [])
    : parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
  for (const doc of docs) {
    for (const v of crdVersions(doc, stats))
      if (`${v.group}/${v.version}` === apiVersion && v.kind === kind) return v.schema;
  }
  return {};
}

/** A CRD version's openAPIV3Schema as written (with its x-kubernetes-validations). */
function rawVersionSchema(crd: Record<string, unknown>, version: string): Record<string, unknown> | undefined {
  const versions = ((crd.spec as { versions?: unknown[] } | undefined)?.versions ?? []) as Array<{
    name?: string;
    schema?: { openAPIV3Schema?: Record<string, unknown> };
  }>;
  return versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
}

/** The original schema of one kind/version from a CRD file (compact JSON or YAML). */
function rawSchemaFromFile(file: string, apiVersion: string, kind: string): Record<string, unknown> | undefined {
  const text = readFileSync(file, 'utf8');
  const docs = file.endsWith('.json')
    ? ((JSON.parse(text) as Partial<CompactFile>).documents ?? [])
    : parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
  for (const doc of docs) {
    const spec = doc.spec as { group?: string; names?: { kind?: string } } | undefined;
    if (spec?.names?.kind !== kind || !apiVersion.startsWith(`${spec.group}/`)) continue;
    const raw = rawVersionSchema(doc, apiVersion.slice(apiVersion.indexOf('/') + 1));
    if (raw) return raw;
  }
  return undefined;
}

/** Parse results kept by compileCel: [expression, base64 ParsedExpr] pairs; undefined when absent or damaged. */
function readParsed(text: string | undefined): Array<[string, Uint8Array]> | undefined {
  if (text === undefined) return undefined;
  try {
    const pairs = JSON.parse(text) as unknown;
    if (!Array.isArray(pairs)) return undefined;
    return pairs
      .filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string')
      .map(([source, b64]) => [source, Buffer.from(b64, 'base64')]);
  } catch {
    return undefined;
  }
}
