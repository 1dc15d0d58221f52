import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { cacheRoot, UsageError, writeFileAtomic } from '@inference-gitops/core';

export const LOCK_FILE = 'schemas/lock.yaml';

export interface LockEntry {
  /** Path relative to the cache (and to a mirror). */
  path: string;
  url: string;
  sha256: string;
  /** `preset`: a KServe LLMInferenceServiceConfig compiled into the rules (`gitops schemas presets`), not cached. */
  type: 'crd' | 'jsonschema' | 'preset';
  /** For a JSON schema: the `group/version/Kind` it describes. */
  for?: string;
  /** The set of files released together (gateway-api, kserve, ...) and its release: what a platform chooses. */
  set?: string;
  version?: string;
}

/** A named choice of one version of each set (see `platforms:` in the lock). */
export interface Platform {
  name: string;
  default?: boolean;
  description?: string;
  /** The Kubernetes minor the cluster runs, e.g. "1.32". */
  kubernetes?: string;
  /** Set -> version. */
  sets: Record<string, string>;
}

/** Set -> version: which entries of the lock a catalog reads. */
export type PlatformSelection = Readonly<Record<string, string>>;

/** This tool's own checkout: its lock file serves repositories that have none of their own. */
const TOOL_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The root whose lock file and cache apply: the repository's own, else the tool's. */
export function lockRoot(repoRoot: string): string {
  return existsSync(join(repoRoot, LOCK_FILE)) ? repoRoot : TOOL_ROOT;
}

interface LockData {
  entries: LockEntry[];
  platforms: Platform[];
}

/** Lock files read by this process, by path and text (an Nx batch opens a catalog per task). */
const locks = new Map<string, { text: string; data: LockData }>();

function readLockFile(repoRoot: string): LockData {
  const file = join(lockRoot(repoRoot), LOCK_FILE);
  if (!existsSync(file)) return { entries: [], platforms: [] };
  const text = readFileSync(file, 'utf8');
  let read = locks.get(file);
  if (read?.text !== text) {
    // The lock is written by this tool: plain YAML, which js-yaml reads several times faster than `yaml`.
    const data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) as {
      files?: LockEntry[];
      platforms?: Platform[];
    } | null;
    read = {
      text,
      data: {
        entries: Array.isArray(data?.files) ? data.files : [],
        platforms: Array.isArray(data?.platforms) ? data.platforms : [],
      },
    };
    locks.set(file, read);
  }
  return { entries: read.data.entries.map((e) => ({ ...e })), platforms: read.data.platforms };
}

/**
 * Whether a platform's selection takes an entry: entries of no set, or of the version the platform chose. A set
 * the platform does not name is not installed there (community KServe writes no InferenceModel).
 */
export function selects(selection: PlatformSelection | undefined, entry: LockEntry): boolean {
  if (!selection || entry.set === undefined) return true;
  const chosen = selection[entry.set];
  return chosen !== undefined && sameVersion(chosen, entry.version ?? '');
}

/** Release tags compared as people write them: `v1.27.3` and `1.27.3` are the same release. */
export function sameVersion(a: string, b: string): boolean {
  return a.replace(/^v(?=\d)/, '') === b.replace(/^v(?=\d)/, '');
}

/**
 * Pinned schema sources (CRDs and JSON schemas), the entries the cache holds: every version of every set, or
 * only those a platform selects.
 */
export function readLock(repoRoot: string, selection?: PlatformSelection): LockEntry[] {
  return readLockFile(repoRoot).entries.filter((e) => e.type !== 'preset' && selects(selection, e));
}

/** Pinned KServe presets. */
export function readPresetLock(repoRoot: string): LockEntry[] {
  return readLockFile(repoRoot).entries.filter((e) => e.type === 'preset');
}

/** The named platforms of the lock, the default first. */
export function readPlatforms(repoRoot: string): Platform[] {
  const platforms = readLockFile(repoRoot).platforms;
  return [...platforms.filter((p) => p.default), ...platforms.filter((p) => !p.default)];
}

/** The default platform's selection (undefined for a lock without platforms: every entry applies). */
export function defaultSelection(repoRoot: string): PlatformSelection | undefined {
  return readPlatforms(repoRoot)[0]?.sets;
}

/** The versions of each set the lock holds (set -> versions, in lock order). */
export function lockedVersions(repoRoot: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of readLockFile(repoRoot).entries) {
    if (e.set === undefined || e.version === undefined) continue;
    const versions = out.get(e.set) ?? [];
    if (!versions.includes(e.version)) versions.push(e.version);
    out.set(e.set, versions);
  }
  return out;
}

/** A named platform, or a usage error that lists the names the lock knows. */
export function platformNamed(repoRoot: string, name: string): Platform {
  const platforms = readPlatforms(repoRoot);
  const found = platforms.find((p) => p.name === name);
  if (!found)
    throw new UsageError(
      `--platform ${name}: no such platform in ${LOCK_FILE}; known: ${platforms.map((p) => p.name).join(', ') || 'none'} (see \`gitops platforms\`)`,
    );
  return found;
}

/** The cache folder that serves a repository: beside the lock that applies to it (libs/core cacheRoot). */
export function cacheDirFor(repoRoot: string, cacheDir?: string): string {
  return cacheRoot(lockRoot(repoRoot), cacheDir);
}

export function schemaCacheDir(repoRoot: string, cacheDir?: string): string {
  return join(cacheDirFor(repoRoot, cacheDir), 'schemas');
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lock entries whose file is missing from the cache or has other bytes. */
export function missingEntries(
  repoRoot: string,
  cacheDir?: string,
  provided: (e: LockEntry) => boolean = () => false,
  selection?: PlatformSelection,
): LockEntry[] {
  const dir = schemaCacheDir(repoRoot, cacheDir);
  return readLock(repoRoot, selection).filter((e) => {
    if (provided(e)) return false;
    const file = join(dir, e.path);
    return !existsSync(file) || sha256(readFileSync(file)) !== e.sha256;
  });
}

export interface SyncReport {
  cached: string[];
  fetched: string[];
  copied: string[];
}

/** The bytes of one pinned file: from a mirror laid out by lock paths, else downloaded. */
export async function fetchPinned(
  entry: LockEntry,
  options: { mirror?: string; fetch?: typeof fetch },
): Promise<Uint8Array> {
  if (options.mirror) {
    const source = join(options.mirror, entry.path);
    if (!existsSync(source))
      throw new UsageError(`--mirror ${options.mirror} has no ${entry.path} (expected the layout of ${LOCK_FILE})`);
    return readFileSync(source);
  }
  const get = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await get(entry.url, { signal: AbortSignal.timeout(30_000) });
  } catch {
    throw new UsageError(`cannot download ${entry.url} (offline?); use a local copy with --mirror <dir>`);
  }
  if (!response.ok) throw new UsageError(`cannot download ${entry.url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Fills the cache with every pinned file: copied from a mirror (offline machines, CI) or downloaded,
 * each checked against its sha256 before it is written (atomically).
 */
export async function syncSchemas(options: {
  repoRoot: string;
  cacheDir?: string;
  mirror?: string;
  fetch?: typeof fetch;
}): Promise<SyncReport> {
  const report: SyncReport = { cached: [], fetched: [], copied: [] };
  const dir = schemaCacheDir(options.repoRoot, options.cacheDir);
  const entries = readLock(options.repoRoot);
  if (entries.length === 0) throw new UsageError(`no pinned schemas: ${LOCK_FILE} is missing or empty`);
  if (options.mirror && !existsSync(options.mirror))
    throw new UsageError(`--mirror ${options.mirror}: no such directory`);
  const missing = new Set(missingEntries(options.repoRoot, options.cacheDir).map((e) => e.path));
  for (const entry of entries) {
    if (!missing.has(entry.path)) {
      report.cached.push(entry.path);
      continue;
    }
    const bytes = await fetchPinned(entry, options);
    const actual = sha256(bytes);
    if (actual !== entry.sha256)
      throw new UsageError(
        `${entry.path}: sha256 ${actual} does not match the pinned ${entry.sha256} in ${LOCK_FILE}; refusing it`,
      );
    await writeFileAtomic(join(dir, entry.path), bytes, { mkdirs: true });
    (options.mirror ? report.copied : report.fetched).push(entry.path);
  }
  return report;
}
