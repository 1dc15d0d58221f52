// Loads TypeScript modules of this repository from a build script: bundled on the fly with esbuild (npm
// dependencies stay external) into node_modules/.cache, so scripts run without a TypeScript loader.
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;

/** The exports of `contents` (export statements naming repository paths), bundled as `name`. */
export async function importTs(name, contents) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const out = join(cache, `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    external: Object.keys(pkg.dependencies),
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return import(out);
}
