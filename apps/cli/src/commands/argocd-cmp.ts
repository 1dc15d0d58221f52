import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerArgocdCmp(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('argocd-cmp').description('(not implemented yet)');
}
