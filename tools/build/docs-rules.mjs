// Regenerates docs/rules.md from the rule registry (bundled on the fly so it runs without a TS loader).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cache = join(root, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const out = join(cache, 'docs-rules.mjs');
await build({
  stdin: {
    contents:
      "export { rulesMarkdown } from './libs/rules/src/index.ts'; export { BUILTIN_RULES, builtinRulePage } from './libs/validator/src/builtin-rules.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  external: Object.keys(pkg.dependencies),
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const { rulesMarkdown, BUILTIN_RULES, builtinRulePage } = await import(out);
const builtins = { ids: BUILTIN_RULES.map((r) => r.id), pages: BUILTIN_RULES.map((r) => builtinRulePage(r)) };
writeFileSync(join(root, 'docs/rules.md.tmp'), rulesMarkdown(undefined, builtins));
renameSync(join(root, 'docs/rules.md.tmp'), join(root, 'docs/rules.md'));
