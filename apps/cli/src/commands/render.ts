import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerRender(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('render').description('(not implemented yet)');
}
