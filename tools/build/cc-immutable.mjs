// Regenerates libs/validator/src/config-connector/immutable-fields.json from the pinned Config Connector
// CRDs: downloads each (or reads it from --mirror DIR), checks its sha256, lists the fields marked Immutable.
//   npm run cc-immutable                                                  (online)
//   npm run cc-immutable -- --mirror ../shared/crds/config-connector@v1.155.1   (offline)
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cache = join(root, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const out = join(cache, 'cc-immutable.mjs');
await build({
  stdin: {
    contents:
      "export { compileImmutableFields, IMMUTABLE_FIELD_SOURCES } from './libs/validator/src/config-connector/immutable-fields.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  external: Object.keys(pkg.dependencies),
  logLevel: 'warning',
});
const { compileImmutableFields, IMMUTABLE_FIELD_SOURCES } = await import(out);

const args = process.argv.slice(2);
const at = args.indexOf('--mirror');
const mirror = at >= 0 ? resolve(args[at + 1] ?? '') : undefined;
const bytes = new Map();
for (const source of IMMUTABLE_FIELD_SOURCES) {
  if (mirror) bytes.set(source.path, readFileSync(join(mirror, source.path)));
  else {
    const response = await fetch(source.url);
    if (!response.ok) throw new Error(`cannot download ${source.url}: HTTP ${response.status}`);
    bytes.set(source.path, new Uint8Array(await response.arrayBuffer()));
  }
}
const file = join(root, 'libs/validator/src/config-connector/immutable-fields.json');
const tmp = `${file}.${process.pid}.tmp`;
writeFileSync(
  tmp,
  JSON.stringify(
    compileImmutableFields((s) => bytes.get(s.path)),
    null,
    2,
  ) + '\n',
);
renameSync(tmp, file);
console.log(`wrote ${file.slice(root.length)}`);
