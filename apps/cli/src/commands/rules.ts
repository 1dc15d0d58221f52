import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerRules(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('rules').description('(not implemented yet)');
}
