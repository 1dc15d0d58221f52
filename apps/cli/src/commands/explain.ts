import type { Command } from 'commander';
import { UsageError } from '@inference-gitops/core';
import type { CliContext } from '../context.js';

export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .summary("print one rule's page: why it matters, how to fix it, where the fact comes from")
    .description(
      'Print the documentation page of a rule: a domain rule (the same text as docs/rules.md) or a built-in check such as schema or render.',
    )
    .argument('<rule>', 'rule id, e.g. gke-gatewayclass-regional or schema')
    .action(async (id: string) => {
      const { registry, rulePage } = await import('@inference-gitops/rules');
      const { BUILTIN_RULES, builtinRule, builtinRulePage } = await import('@inference-gitops/validator/builtin-rules');
      const rule = registry.get(id);
      if (rule) {
        ctx.stdout.write(rulePage(rule, '#'));
        return;
      }
      const builtin = builtinRule(id);
      if (builtin) {
        ctx.stdout.write(builtinRulePage(builtin, '#'));
        return;
      }
      const ids = [...registry.ids(), ...BUILTIN_RULES.map((r) => r.id)];
      const close = ids.filter((r) => r.includes(id) || id.split('-').some((w) => w.length > 2 && r.includes(w)));
      throw new UsageError(
        `unknown rule "${id}"${close.length ? `; did you mean ${close.slice(0, 5).join(', ')}?` : ''} (\`gitops rules\` lists them all)`,
      );
    });
}
