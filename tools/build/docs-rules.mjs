// Regenerates docs/rules.md from the rule registry (bundled on the fly so it runs without a TS loader).
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTs, root } from './import-ts.mjs';

const { rulesMarkdown, BUILTIN_RULES, builtinRulePage } = await importTs(
  'docs-rules',
  "export { rulesMarkdown } from './libs/rules/src/index.ts'; export { BUILTIN_RULES, builtinRulePage } from './libs/validator/src/builtin-rules.ts';",
);
const builtins = { ids: BUILTIN_RULES.map((r) => r.id), pages: BUILTIN_RULES.map((r) => builtinRulePage(r)) };
writeFileSync(join(root, 'docs/rules.md.tmp'), rulesMarkdown(undefined, builtins));
renameSync(join(root, 'docs/rules.md.tmp'), join(root, 'docs/rules.md'));
