// Loads the CLI bundle (apps/cli/dist/gitops.cjs) with V8's code cache beside it: on Node 20, which has
// no compile cache, parsing and compiling the CLI's code is about 50 ms of every run. Used by `npx gitops`
// (bin/gitops.mjs) and by the Nx executor (tools/nx-plugin), which runs the CLI in its own process.
//
// The cache is written by saveCodeCache() once the run is done, so it holds the functions the run
// compiled; it is written again when V8 refuses it (another Node version) or when it was made by a run
// that compiled less than half the code (`gitops --help`). A build removes dist/, and the cache with it:
// V8 checks only the length of the code a cache was made for.
import { isAscii } from 'node:buffer';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/** The bundle's exports ({ main, finish }) and saveCodeCache(); undefined when the CLI is not built. */
export function loadCli(bundle) {
  if (!existsSync(bundle)) return undefined;
  const bytes = readFileSync(bundle);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cacheFile = `${bundle}.code-cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(dirname(bundle));
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  let stale = !cachedData || script.cachedDataRejected || cachedData.length < source.length / 2;
  return {
    ...module.exports,
    saveCodeCache() {
      if (!stale) return;
      stale = false;
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // a read-only install only costs time
      }
    },
  };
}
