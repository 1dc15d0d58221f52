import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerDiff(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('diff').description('(not implemented yet)');
}
