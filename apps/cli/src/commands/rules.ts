import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliContext } from '../context.js';

export function registerRules(program: Command, ctx: CliContext): void {
  program
    .command('rules')
    .summary('list the domain rules')
    .description('List every rule of the pack with its severity and summary. `gitops explain RULE` prints one rule\'s page.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { format: 'text' | 'json' }) => {
      const { registry, severityText } = await import('@inference-gitops/rules');
      const rules = registry.all();
      if (flags.format === 'json') {
        ctx.stdout.write(JSON.stringify(rules.map((r) => ({ id: r.id, severity: r.severity, summary: r.summary, kinds: r.kinds, needs: r.needs ?? [], docs: r.docs })), null, 2) + '\n');
        return;
      }
      const width = Math.max(...rules.map((r) => r.id.length));
      for (const r of rules) ctx.stdout.write(`${r.id.padEnd(width)}  ${severityText(r).padEnd(34)}  ${r.summary}\n`);
      ctx.stdout.write(`${rules.length} rules; \`gitops explain RULE\` for details\n`);
    });
}
