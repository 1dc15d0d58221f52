import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerExplain(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('explain').description('(not implemented yet)');
}
