#!/usr/bin/env node
// Entry point for `npx gitops`. Runs the bundle built by `npm ci` (prepare script); from a checkout
// without a build, it says how to make one instead of failing with a module error.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadCli } from './load-cli.mjs';

const cli = loadCli(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'gitops.cjs'));
if (!cli) {
  process.stderr.write('gitops: the CLI is not built; run `npm ci` (or `npm run build`) at the repository root.\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
cli.saveCodeCache();
