import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('validate').description('(not implemented yet)');
}
