// Generates schemas/cluster-spec.schema.json from the TypeScript types (libs/cluster-spec/src/types.ts).
// `npm run schemas:cluster-spec` writes it; `--check` exits 1 when the committed file is stale.
import { createGenerator } from 'ts-json-schema-generator';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const out = `${root}schemas/cluster-spec.schema.json`;

export function generateClusterSpecSchema() {
  const schema = createGenerator({
    path: `${root}libs/cluster-spec/src/types.ts`,
    tsconfig: `${root}tsconfig.base.json`,
    type: 'ClusterSpec',
    topRef: false,
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema('ClusterSpec');
  schema.$id = 'https://inference-gitops.dev/schemas/cluster-spec.schema.json';
  schema.title = 'inference-gitops cluster spec (clusters/<name>/cluster.yaml)';
  return JSON.stringify(schema, null, 2) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generateClusterSpecSchema();
  if (process.argv.includes('--check')) {
    const current = readFileSync(out, 'utf8');
    if (current !== text) {
      process.stderr.write('schemas/cluster-spec.schema.json is stale: run `npm run schemas:cluster-spec`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(`${out}.tmp`, text);
    renameSync(`${out}.tmp`, out);
  }
}
