// Bundles the gitops CLI into one ESM file so `npx gitops` starts fast and needs no TypeScript
// loader at run time. Workspace libraries are bundled; npm dependencies stay external.
import { build } from 'esbuild';
import crypto from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
// Bundled into the CLI: small pure-JS libraries every run loads, which cost more to resolve file by file
// (yaml alone is 70 modules) than to parse from one chunk. The rest stay external.
const BUNDLED = new Set([
  'yaml',
  'js-yaml',
  'commander',
  '@bufbuild/cel',
  '@bufbuild/cel-spec',
  '@bufbuild/protobuf',
  '@bufbuild/re2',
]);
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter((d) => !BUNDLED.has(d));

// An id of the code being bundled: a hash of every library and app source and of the lockfile. Caches of
// results the code derives from inputs alone (the generator's plans) are keyed by it, so a change to the
// code never reuses what an older build derived.
const buildId = (() => {
  const { createHash } = crypto;
  const hash = createHash('sha256');
  const files = [];
  for (const dir of ['libs', 'apps/cli/src']) {
    for (const name of readdirSync(new URL(dir, root), { recursive: true })) {
      const rel = `${dir}/${name}`;
      if (
        /\.(ts|json)$/.test(rel) &&
        !/(^|\/)(test|node_modules|dist)\//.test(rel) &&
        statSync(new URL(rel, root)).isFile()
      )
        files.push(rel);
    }
  }
  for (const rel of [...files.sort(), 'package-lock.json'])
    hash
      .update(`${rel}\0`)
      .update(readFileSync(new URL(rel, root)))
      .update('\0');
  return hash.digest('hex').slice(0, 32);
})();
const define = { __GITOPS_BUILD_ID__: JSON.stringify(buildId) };

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  define,
  banner: {
    js: "import { createRequire as __gitopsCreateRequire } from 'node:module'; const require = __gitopsCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

// The Nx plugin's code, loaded by tools/nx-plugin/index.cjs.
await build({
  ...common,
  entryPoints: [new URL('tools/nx-plugin/src/index.ts', root).pathname],
  outfile: new URL('tools/nx-plugin/dist/plugin.mjs', root).pathname,
});
// The validate executor, apart: the batch worker needs only it (it loads the CLI bundle), not the graph code.
await build({
  ...common,
  entryPoints: [new URL('tools/nx-plugin/src/executor.ts', root).pathname],
  outfile: new URL('tools/nx-plugin/dist/executor.mjs', root).pathname,
});
// Its generators, apart: the project graph is built on every Nx command and must not load the generator.
await build({
  ...common,
  entryPoints: [new URL('tools/nx-plugin/src/generators-entry.ts', root).pathname],
  outfile: new URL('tools/nx-plugin/dist/generators.mjs', root).pathname,
});

// The CLI: one CommonJS file, which apps/cli/bin/load-cli.mjs runs with V8's code cache beside it (Node 20
// has no compile cache for ES modules): parsing and compiling the CLI's code is a sixth of a small run.
// Libraries a command uses load when the command first needs them (esbuild keeps dynamic imports lazy).
rmSync(new URL('apps/cli/dist', root).pathname, { recursive: true, force: true });
await build({
  entryPoints: [new URL('apps/cli/src/main.ts', root).pathname],
  outfile: new URL('apps/cli/dist/gitops.cjs', root).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  external,
  define: { ...define, 'import.meta.url': '__gitopsImportMetaUrl' },
  banner: { js: "const __gitopsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// `npm run bench` also bundles the benchmark runner.
if (process.argv.includes('--bench')) {
  await build({
    ...common,
    entryPoints: [new URL('tools/bench/src/main.ts', root).pathname],
    outfile: new URL('tools/bench/dist/bench.mjs', root).pathname,
  });
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

// kubernetes-models' compiled validators of the core kinds, one CommonJS file per kind in
// dist/core-validators/ (index.json: `apiVersion|Kind` -> file), and their formats in formats.cjs
// (libs/schema-catalog/src/core-kinds.ts loads them with V8's code cache). A Job's validator is about a
// hundred modules of the package: resolving, reading and compiling them one by one cost every run that
// checks a workload 40 ms; a file per kind keeps a ConfigMap's run from reading a Job's validator.
// List kinds are left out (they are validated through the package's classes, as when running from sources).
{
  const { createRequire } = await import('node:module');
  const { join, dirname } = await import('node:path');
  const { writeFileSync } = await import('node:fs');
  const req = createRequire(new URL('libs/schema-catalog/package.json', root));
  const models = dirname(req.resolve('kubernetes-models/package.json'));
  const kinds = [];
  const walk = (dir, apiVersion) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, apiVersion ? `${apiVersion}/${name}` : name);
      else if (/^[A-Z]\w*\.js$/.test(name) && !name.endsWith('List.js')) {
        const text = readFileSync(path, 'utf8');
        // A kind's class sets its apiVersion and kind and names its validator module.
        const schema = /require\("(?:\.\.\/)+_schemas\/(IoK8s\w+)\.js"\)/.exec(text)?.[1];
        if (schema && /\.kind="/.test(text))
          kinds.push({
            key: `${apiVersion}|${name.slice(0, -3)}`,
            file: `${apiVersion.replaceAll('/', '_')}_${name.slice(0, -3)}`,
            schema: join(models, '_schemas', `${schema}.js`),
          });
      }
    }
  };
  for (const name of readdirSync(models).sort()) {
    if (!name.startsWith('_') && statSync(join(models, name)).isDirectory()) walk(join(models, name), name);
  }
  if (!kinds.some((k) => k.key === 'batch/v1|Job') || !kinds.some((k) => k.key === 'v1|ConfigMap'))
    throw new Error('build: kubernetes-models layout changed (no batch/v1 Job or v1 ConfigMap class found)');
  const outdir = new URL('apps/cli/dist/core-validators', root).pathname;
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.cjs' },
    logLevel: 'warning',
  };
  // Each kind's validator reads its formats from @kubernetes-models/validate when its module loads: the
  // catalog passes formats.cjs for it. The package's error messages (ajv-i18n), needed only when an object
  // fails, come from the catalog's runtime (model-runtime.ts).
  await build({
    ...common,
    entryPoints: Object.fromEntries(kinds.map((k) => [k.file, k.schema])),
    external: ['@kubernetes-models/validate'],
  });
  const formats = join(
    dirname(createRequire(join(models, 'package.json')).resolve('@kubernetes-models/validate')),
    'formats.js',
  );
  await build({
    ...common,
    stdin: {
      contents: `module.exports = { formats: require(${JSON.stringify(formats)}).formats };`,
      resolveDir: dirname(formats),
      loader: 'js',
      sourcefile: 'gitops-core-formats.js',
    },
    outdir: undefined,
    outfile: join(outdir, 'formats.cjs'),
  });
  writeFileSync(
    join(outdir, 'index.json'),
    JSON.stringify(Object.fromEntries(kinds.map((k) => [k.key, `${k.file}.cjs`]))),
  );
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
  if (options !== '{ allErrors: true, strict: false, verbose: true }')
    throw new Error(`build: SPEC_AJV_OPTIONS changed (${options}); update tools/build/build.mjs to match`);
  const schema = JSON.parse(readFileSync(new URL('schemas/cluster-spec.schema.json', root), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true } });
  writeFileSync(new URL('apps/cli/dist/cluster-spec-validator.cjs', root), standalone(ajv, ajv.compile(schema)));
}
