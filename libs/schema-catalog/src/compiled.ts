// Compiled validators on disk (`.gitops-cache/compiled/`): ajv standalone code keyed by the schema's hash,
// loaded once per process with V8's code cache beside it, and the ajv compiler that writes them, loaded
// only when something must be compiled.
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  realpathSync,
} from 'node:fs';
import { isAscii } from 'node:buffer';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import type { Ajv, ValidateFunction } from 'ajv';
import { atProcessEnd } from '@inference-gitops/core';
import { sha256 } from './lock.js';

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(\d+(\.\d*)?|\.\d+)))?$/;
/** Kubernetes formats ajv-formats does not know. */
const KUBERNETES_FORMATS = { quantity: QUANTITY, 'int-or-string': true, byte: /^[A-Za-z0-9+/]*={0,2}$/ } as const;
const localRequire = createRequire(import.meta.url);
// ajv ships CommonJS: the default export is the function itself or carries it as `default`.
type StandaloneCode = typeof import('ajv/dist/standalone/index.js').default;

/**
 * ajv itself, its formats and its standalone code generator, loaded on the first compile: a run whose
 * kinds are all compiled already (the on-disk cache) or core kinds never pays for them.
 */
export function newCompiler(): { ajv: Ajv; standaloneCode: StandaloneCode } {
  const { Ajv: AjvClass, _ } = localRequire('ajv') as typeof import('ajv');
  const addFormats = localRequire('ajv-formats') as { default?: (ajv: Ajv) => void } & ((ajv: Ajv) => void);
  const standalone = localRequire('ajv/dist/standalone/index.js') as { default?: StandaloneCode } & StandaloneCode;
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    logger: false,
    validateSchema: false,
    addUsedSchema: false,
    inlineRefs: false,
    code: { source: true, formats: _`require("gitops-formats")` },
  });
  (addFormats.default ?? addFormats)(ajv);
  for (const [name, format] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, format);
  return { ajv, standaloneCode: standalone.default ?? standalone };
}
let formatsModule: Record<string, unknown> | undefined;

/**
 * Validators loaded from the on-disk cache, by file (content-addressed): per process, so the many
 * catalogs of an Nx batch (one per task) load each schema's validator once.
 */
const loadedCompiled = new Map<string, ValidateFunction>();

/** Is a compiled validator on disk (or already loaded) at `file`? */
export function hasCompiled(file: string): boolean {
  return loadedCompiled.has(file) || existsSync(file);
}

export function loadCompiledFile(file: string): ValidateFunction {
  // An alias is a symbolic link: one validator and one code cache for both names.
  const real = realpathSync(file);
  let validate = loadedCompiled.get(real);
  if (!validate) {
    validate = loadCompiled(real);
    loadedCompiled.set(real, validate);
    touch(real);
  }
  return validate;
}

/** Marks a cache file as used now (pruneCompiled() keeps what runs use). */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // gone, or a read-only cache
  }
}

/** Folders pruned by this process. */
const prunedDirs = new Set<string>();

/**
 * Removes the compiled validators and code caches no run has used for `maxAgeDays`, and aliases whose
 * validator is gone: each schema version a repository ever had would otherwise stay. Once per folder and
 * process, when a validator is written (compiling is when old ones are replaced).
 */
export function pruneCompiled(dir: string, maxAgeDays = 14): number {
  if (prunedDirs.has(dir)) return 0;
  prunedDirs.add(dir);
  let removed = 0;
  const cutoff = Date.now() - maxAgeDays * 86_400_000;
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      try {
        const link = lstatSync(path);
        const stale = link.isSymbolicLink() ? !existsSync(path) : link.mtimeMs < cutoff;
        if (stale) {
          rmSync(path, { force: true });
          removed++;
        }
      } catch {
        // removed meanwhile by another process
      }
    }
  } catch {
    // no folder yet
  }
  return removed;
}

/** `alias` names the compiled validator `file`: a symbolic link where the file system allows, else a copy. */
export function linkCompiled(file: string, alias: string): void {
  const tmp = `${alias}.${process.pid}.tmp`;
  try {
    symlinkSync(basename(file), tmp);
  } catch {
    copyFileSync(file, tmp);
  }
  renameSync(tmp, alias);
}

/** sha256 of schema files by path, while their size, modification time and inode are unchanged (one read per process). */
const digests = new Map<string, { stamp: string; digest: string }>();

export function fileDigest(file: string): string {
  const st = statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  let entry = digests.get(file);
  if (entry?.stamp !== stamp) {
    entry = { stamp, digest: sha256(readFileSync(file)) };
    digests.set(file, entry);
  }
  return entry.digest;
}

/** Code caches to write when the process ends, once the validators have run (see loadCompiled). */
const pendingCodeCaches = new Map<string, Script>();
let writeCodeCachesAtEnd = false;

function writeCodeCaches(): void {
  for (const [file, script] of pendingCodeCaches) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file);
    } catch {
      // a read-only cache only costs time
    }
  }
  pendingCodeCaches.clear();
}

/**
 * Loads cached standalone validator code; its `require("gitops-formats")` gets the same formats. V8's
 * code cache for it is kept beside it (`.code-cache`): for a KServe CRD's validator (6 MB) parsing takes
 * about 70 ms and compiling its function on the first object another 140 ms; with the cache, 20 ms in
 * all.
 */
export function loadCompiled(file: string): ValidateFunction {
  formatsModule ??= {
    ...(localRequire('ajv-formats/dist/formats') as { fullFormats: Record<string, unknown> }).fullFormats,
    ...KUBERNETES_FORMATS,
  };
  const exports = loadCommonJs(file, `${file}.code-cache`, { 'gitops-formats': formatsModule });
  return (exports.default ?? exports) as unknown as ValidateFunction;
}

/**
 * Runs a CommonJS file with V8's code cache kept at `codeCache`; `require` of an id in `modules` gets
 * that value. The cache is written when the process ends, so it holds the functions the run compiled;
 * V8 refuses a cache made by another version or for other code, which is then written again.
 */
export function loadCommonJs(
  file: string,
  codeCache: string,
  modules: Record<string, unknown> = {},
): Record<string, unknown> {
  const code = readCode(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCache);
    touch(codeCache);
  } catch {
    // none yet
  }
  const script = new Script(`(function (require, module, exports) {${code}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as Record<string, unknown> };
  const req = (id: string) => (Object.hasOwn(modules, id) ? modules[id] : localRequire(id));
  (script.runInThisContext() as (r: typeof req, m: typeof module, e: typeof module.exports) => void)(
    req,
    module,
    module.exports,
  );
  if (!cachedData || script.cachedDataRejected) {
    pendingCodeCaches.set(codeCache, script);
    if (!writeCodeCachesAtEnd) {
      writeCodeCachesAtEnd = true;
      atProcessEnd(() => {
        writeCodeCachesAtEnd = false;
        writeCodeCaches();
      });
    }
  }
  return module.exports;
}

/** A file's text; ASCII (what bundlers and ajv mostly write) decoded as such, twice as fast as UTF-8. */
function readCode(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Writes the pending code caches now (tests; the process otherwise writes them when it ends). */
export function flushCodeCaches(): void {
  writeCodeCaches();
}
