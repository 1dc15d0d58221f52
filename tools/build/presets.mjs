// Regenerates libs/rules/src/model/presets/kserve-presets-<release>.json, one file per KServe release, from the
// preset entries of schemas/lock.yaml: downloads each (or copies it from --mirror DIR), checks its sha256, compiles.
//   npm run presets                                   (online)
//   npm run presets -- --mirror ../shared/upstream    (offline, from a local copy laid out by path)
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { importTs, root } from './import-ts.mjs';

const { compilePresets, presetsFile, presetReleases } = await importTs(
  'presets',
  "export { compilePresets, presetsFile, presetReleases } from './libs/rules/src/model/presets/compile.ts';",
);

const args = process.argv.slice(2);
const mirror = args[0] === '--mirror' && args[1] ? resolve(process.cwd(), args[1]) : undefined;
const entries = (parse(readFileSync(join(root, 'schemas/lock.yaml'), 'utf8')).files ?? []).filter(
  (e) => e.type === 'preset',
);
const bytes = new Map();
for (const e of entries) {
  if (mirror) {
    const file = join(mirror, e.path);
    if (!existsSync(file)) {
      console.error(`presets: --mirror ${args[1]} has no ${e.path}`);
      process.exit(2);
    }
    bytes.set(e.path, readFileSync(file));
  } else {
    const response = await fetch(e.url, { signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
    if (!response?.ok) {
      console.error(`presets: cannot download ${e.url}; use --mirror DIR`);
      process.exit(2);
    }
    bytes.set(e.path, new Uint8Array(await response.arrayBuffer()));
  }
}
for (const [release, group] of presetReleases(entries)) {
  let compiled;
  try {
    compiled = compilePresets(group, (e) => bytes.get(e.path));
  } catch (error) {
    console.error(`presets: ${error.message}`);
    process.exit(2);
  }
  const file = presetsFile(release);
  const target = join(root, file);
  writeFileSync(`${target}.tmp`, JSON.stringify(compiled, null, 1) + '\n');
  renameSync(`${target}.tmp`, target);
  console.log(`presets: ${Object.keys(compiled.presets).length} presets of ${release} written to ${file}`);
}
