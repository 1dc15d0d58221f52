// Regenerates a committed data file from pinned upstream sources: each source is downloaded (or read from
// `--mirror DIR` on the command line), handed to `compile` (which checks its sha256), and the result is written
// as JSON through a temporary file and a rename, so a failure leaves the old file whole.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root } from './import-ts.mjs';

/** `sources`: `{path, url}` each; `compile(read)`: the data, from `read(source)` bytes; `target`: repo-relative. */
export async function regeneratePinnedData({ sources, compile, target }) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--mirror');
  const mirror = at >= 0 ? resolve(args[at + 1] ?? '') : undefined;
  const bytes = new Map();
  for (const source of sources) {
    if (mirror) bytes.set(source.path, readFileSync(join(mirror, source.path)));
    else {
      const response = await fetch(source.url);
      if (!response.ok) throw new Error(`cannot download ${source.url}: HTTP ${response.status}`);
      bytes.set(source.path, new Uint8Array(await response.arrayBuffer()));
    }
  }
  const file = join(root, target);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify(
      compile((s) => bytes.get(s.path)),
      null,
      2,
    ) + '\n',
  );
  renameSync(tmp, file);
  console.log(`wrote ${target}`);
}
