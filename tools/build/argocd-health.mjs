// Regenerates libs/validator/src/argocd-health/builtin-health.json from the pinned Argo CD release: downloads
// each built-in health script (or reads it from --mirror DIR), checks its sha256, and stores it as data.
//   npm run argocd-health                                                          (online)
//   npm run argocd-health -- --mirror ../shared/crds/argo-cd@v3.5.1/resource_customizations   (offline)
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importTs, root } from './import-ts.mjs';

const { compileBuiltinHealth, BUILTIN_HEALTH_SOURCES } = await importTs(
  'argocd-health',
  "export { compileBuiltinHealth, BUILTIN_HEALTH_SOURCES } from './libs/validator/src/argocd-health/builtin.ts';",
);

const args = process.argv.slice(2);
const at = args.indexOf('--mirror');
const mirror = at >= 0 ? resolve(args[at + 1] ?? '') : undefined;
const bytes = new Map();
for (const source of BUILTIN_HEALTH_SOURCES) {
  if (mirror) bytes.set(source.path, readFileSync(join(mirror, source.path)));
  else {
    const response = await fetch(source.url);
    if (!response.ok) throw new Error(`cannot download ${source.url}: HTTP ${response.status}`);
    bytes.set(source.path, new Uint8Array(await response.arrayBuffer()));
  }
}
const file = join(root, 'libs/validator/src/argocd-health/builtin-health.json');
const tmp = `${file}.${process.pid}.tmp`;
writeFileSync(
  tmp,
  JSON.stringify(
    compileBuiltinHealth((s) => bytes.get(s.path)),
    null,
    2,
  ) + '\n',
);
renameSync(tmp, file);
console.log(`wrote ${file.slice(root.length)}`);
