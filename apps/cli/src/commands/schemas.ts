import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerSchemas(program: Command, ctx: CliContext): void {
  void ctx;
  program.command('schemas').description('(not implemented yet)');
}
