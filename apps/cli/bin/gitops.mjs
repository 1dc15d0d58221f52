#!/usr/bin/env node
// Entry point for `npx gitops`. Runs the bundle built by `npm ci` (prepare script); from a checkout
// without a build, it says how to make one instead of failing with a module error.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'gitops.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('gitops: the CLI is not built; run `npm ci` (or `npm run build`) at the repository root.\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
