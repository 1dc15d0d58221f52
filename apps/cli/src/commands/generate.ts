import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerGenerate(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('generate').description('(not implemented yet)');
}
