import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '@inference-gitops/core';
import type { CliContext } from '../context.js';
import { parseTo, writeOutputs, type OutputSpec } from '../outputs.js';

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .summary('merge report files of earlier runs and write them in other formats, without validating again')
    .description(
      [
        'Reads the report files that `gitops validate --to report=FILE` wrote (for example one per Nx validate task of',
        '`nx affected -t validate`), merges them and writes each --to FORMAT[=FILE] (text, json, junit, sarif, github).',
        'Exit codes: 0 no error in the merged report, 1 at least one error, 2 misuse (no such file, not a report).',
      ].join('\n'),
    )
    .argument('<file...>', 'report files, or directories of them (*.json; a missing directory holds none)')
    .option('--to <format[=file]>', 'output format and file (repeatable; without =FILE: stdout)', parseTo, [])
    .action(async (files: string[], flags: { to: OutputSpec[] }) => {
      const cwd = process.cwd();
      const { mergeReports, parseReportFile } = await import('@inference-gitops/report');
      const paths = files.flatMap((file) => {
        const abs = resolve(cwd, file);
        if (existsSync(abs) && statSync(abs).isDirectory())
          return readdirSync(abs)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => join(file, f));
        // A report directory that no task wrote (nothing affected) is empty, not an error.
        if (!existsSync(abs) && !file.endsWith('.json')) return [];
        return [file];
      });
      if (paths.length === 0)
        ctx.stderr.write(`gitops report: no report files in ${files.join(', ')}: nothing was validated\n`);
      const reports = paths.map((file) => {
        let text: string;
        try {
          text = readFileSync(resolve(cwd, file), 'utf8');
        } catch {
          throw new UsageError(`cannot read report file ${file}`);
        }
        try {
          return parseReportFile(text);
        } catch (error) {
          throw new UsageError(`${file}: ${(error as Error).message}`);
        }
      });
      const merged = mergeReports(reports);
      await writeOutputs(merged, flags.to.length ? flags.to : [{ format: 'text' }], cwd, ctx.stdout, false);
      ctx.setExitCode(merged.summary.errors > 0 ? 1 : 0);
    });
}
