import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerGenerate } from './generate.js';
import { registerValidate } from './validate.js';
import { registerRender } from './render.js';
import { registerDiff } from './diff.js';
import { registerExplain } from './explain.js';
import { registerRules } from './rules.js';
import { registerSchemas } from './schemas.js';
import { registerArgocdCmp } from './argocd-cmp.js';
import { registerReport } from './report.js';
import { registerCache } from './cache.js';
import { registerPlatforms } from './platforms.js';

export function registerCommands(program: Command, ctx: CliContext): void {
  registerGenerate(program, ctx);
  registerValidate(program, ctx);
  registerReport(program, ctx);
  registerRender(program, ctx);
  registerDiff(program, ctx);
  registerExplain(program, ctx);
  registerRules(program, ctx);
  registerSchemas(program, ctx);
  registerPlatforms(program, ctx);
  registerArgocdCmp(program, ctx);
  registerCache(program, ctx);
}
