import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliContext } from '../context.js';

export function registerRules(program: Command, ctx: CliContext): void {
  program
    .command('rules')
    .summary('list the domain rules and the built-in checks')
    .description(
      'List every rule of the pack with its severity and summary, then the built-in checks the validator ' +
        "raises itself (schema, render, ...). `gitops explain RULE` prints one rule's page.",
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { format: 'text' | 'json' }) => {
      const { registry, severityText } = await import('@inference-gitops/rules');
      const { BUILTIN_RULES } = await import('@inference-gitops/validator/builtin-rules');
      const rules = registry.all();
      const builtins = [...BUILTIN_RULES].sort((a, b) => a.id.localeCompare(b.id));
      if (flags.format === 'json') {
        ctx.stdout.write(
          JSON.stringify(
            [
              ...rules.map((r) => ({
                id: r.id,
                severity: r.severity,
                summary: r.summary,
                kinds: r.kinds,
                needs: r.needs ?? [],
                docs: r.docs,
                builtin: false,
              })),
              ...builtins.map((r) => ({
                id: r.id,
                severity: r.severity,
                summary: r.summary,
                kinds: [],
                needs: [],
                docs: r.docs,
                builtin: true,
              })),
            ],
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const width = Math.max(...rules.map((r) => r.id.length), ...builtins.map((r) => r.id.length));
      for (const r of rules) ctx.stdout.write(`${r.id.padEnd(width)}  ${severityText(r).padEnd(34)}  ${r.summary}\n`);
      ctx.stdout.write(
        '\nbuilt-in checks (raised by the validator itself; .gitops.yaml rule settings and suppressions do not apply):\n',
      );
      for (const r of builtins) ctx.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(34)}  ${r.summary}\n`);
      ctx.stdout.write(
        `${rules.length} rules and ${builtins.length} built-in checks; \`gitops explain RULE\` for details\n`,
      );
    });
}
