// Regenerates libs/validator/src/config-connector/immutable-fields.json from the pinned Config Connector
// CRDs: downloads each (or reads it from --mirror DIR), checks its sha256, lists the fields marked Immutable.
//   npm run cc-immutable                                                  (online)
//   npm run cc-immutable -- --mirror ../shared/crds/config-connector@v1.155.1   (offline)
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importTs, root } from './import-ts.mjs';

const { compileImmutableFields, IMMUTABLE_FIELD_SOURCES } = await importTs(
  'cc-immutable',
  "export { compileImmutableFields, IMMUTABLE_FIELD_SOURCES } from './libs/validator/src/config-connector/immutable-fields.ts';",
);

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
