import type { Command } from 'commander';
import { UsageError } from '@inference-gitops/core';
import type { CliContext } from '../context.js';

export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .summary('print one rule\'s page: why it matters, how to fix it, where the fact comes from')
    .description('Print the documentation page of a rule (the same text as docs/rules.md).')
    .argument('<rule>', 'rule id, e.g. gke-gatewayclass-regional')
    .action(async (id: string) => {
      const { registry, rulePage } = await import('@inference-gitops/rules');
      const rule = registry.get(id);
      if (!rule) {
        const close = registry.ids().filter((r) => r.includes(id) || id.split('-').some((w) => w.length > 2 && r.includes(w)));
        throw new UsageError(`unknown rule "${id}"${close.length ? `; did you mean ${close.slice(0, 5).join(', ')}?` : ''} (\`gitops rules\` lists them all)`);
      }
      ctx.stdout.write(rulePage(rule, '#') );
    });
}
