// Bundles the gitops CLI into one ESM file so `npx gitops` starts fast and needs no TypeScript
// loader at run time. Workspace libraries are bundled; npm dependencies stay external.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
// Bundled into the CLI: small pure-JS libraries every run loads, which cost more to resolve file by file
// (yaml alone is 70 modules) than to parse from one chunk. The rest stay external.
const BUNDLED = new Set(['yaml', 'js-yaml', 'commander', '@bufbuild/cel', '@bufbuild/protobuf', '@bufbuild/re2']);
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter((d) => !BUNDLED.has(d));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  banner: {
    js: "import { createRequire as __gitopsCreateRequire } from 'node:module'; const require = __gitopsCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

// The Nx plugin's code, loaded by tools/nx-plugin/index.cjs.
await build({ ...common, entryPoints: [new URL('tools/nx-plugin/src/index.ts', root).pathname], outfile: new URL('tools/nx-plugin/dist/plugin.mjs', root).pathname });
// Its generators, apart: the project graph is built on every Nx command and must not load the generator.
await build({ ...common, entryPoints: [new URL('tools/nx-plugin/src/generators-entry.ts', root).pathname], outfile: new URL('tools/nx-plugin/dist/generators.mjs', root).pathname });

// Commands import their libraries on first use: code splitting keeps `gitops --help` and small runs fast.
rmSync(new URL('apps/cli/dist', root).pathname, { recursive: true, force: true });
await build({
  entryPoints: { gitops: new URL('apps/cli/src/main.ts', root).pathname },
  outdir: new URL('apps/cli/dist', root).pathname,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external,
  banner: {
    js: "import { createRequire as __gitopsCreateRequire } from 'node:module'; const require = __gitopsCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// `npm run bench` also bundles the benchmark runner.
if (process.argv.includes('--bench')) {
  await build({ ...common, entryPoints: [new URL('tools/bench/src/main.ts', root).pathname], outfile: new URL('tools/bench/dist/bench.mjs', root).pathname });
}

// The field lists of the core Kubernetes types (from @kubernetes/client-node's models), precomputed so a
// run that validates a ConfigMap does not load client-node (half a second) to learn its fields.
{
  const { createRequire } = await import('node:module');
  const { writeFileSync } = await import('node:fs');
  const req = createRequire(new URL('libs/schema-catalog/package.json', root));
  const models = req('@kubernetes/client-node');
  const table = {};
  for (const [name, value] of Object.entries(models)) {
    if (!/^(V\d|Core)/.test(name) || typeof value?.getAttributeTypeMap !== 'function') continue;
    table[name] = value.getAttributeTypeMap().map((a) => [a.baseName, a.type]);
  }
  writeFileSync(new URL('apps/cli/dist/core-fields.json', root), JSON.stringify(table));
}

// The cluster spec's validator, compiled ahead (ajv standalone code) with the options the loader uses
// (libs/cluster-spec/src/loader.ts SPEC_AJV_OPTIONS): a run that reads a cluster.yaml neither loads ajv
// nor compiles the schema.
{
  const { createRequire } = await import('node:module');
  const { writeFileSync } = await import('node:fs');
  const req = createRequire(new URL('libs/cluster-spec/package.json', root));
  const { Ajv } = req('ajv');
  const standalone = req('ajv/dist/standalone').default;
  const loader = readFileSync(new URL('libs/cluster-spec/src/loader.ts', root), 'utf8');
  const options = /SPEC_AJV_OPTIONS = (\{[^}]*\})/.exec(loader)?.[1];
  if (options !== '{ allErrors: true, strict: false, verbose: true }') throw new Error(`build: SPEC_AJV_OPTIONS changed (${options}); update tools/build/build.mjs to match`);
  const schema = JSON.parse(readFileSync(new URL('schemas/cluster-spec.schema.json', root), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true } });
  writeFileSync(new URL('apps/cli/dist/cluster-spec-validator.cjs', root), standalone(ajv, ajv.compile(schema)));
}
