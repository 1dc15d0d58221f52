// `--to FORMAT[=FILE]`: one run writes several formats (stdout when no FILE). `report` is the whole
// report as JSON, which `gitops report` merges and converts later without validating again.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, writeFileAtomic } from '@inference-gitops/core';
import { formatReport, OUTPUT_FORMATS, type OutputFormat, type Report } from '@inference-gitops/report';

export interface OutputSpec {
  format: OutputFormat | 'report';
  file?: string;
}

export const TO_FORMATS = [...OUTPUT_FORMATS, 'report'] as const;

export function parseTo(value: string, previous: OutputSpec[]): OutputSpec[] {
  const [format, ...rest] = value.split('=');
  const file = rest.join('=');
  if (!(TO_FORMATS as readonly string[]).includes(format ?? ''))
    throw new UsageError(
      `--to ${value}: unknown format "${format}"; use one of ${TO_FORMATS.join(', ')}, optionally =FILE`,
    );
  return [...previous, { format: format as OutputSpec['format'], ...(file ? { file } : {}) }];
}

export function checkOutputPath(output: string, cwd: string, flag = '--output'): void {
  const dir = dirname(resolve(cwd, output));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`cannot write ${flag} ${output}: directory ${dirname(output)} does not exist`);
  const path = resolve(cwd, output);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`cannot write ${flag} ${output}: it is a directory`);
}

export async function writeOutputs(
  report: Report,
  outputs: OutputSpec[],
  cwd: string,
  stdout: NodeJS.WritableStream,
  color: boolean,
): Promise<void> {
  if (outputs.filter((o) => o.file === undefined).length > 1)
    throw new UsageError('only one --to may go to stdout; give the others a file (--to FORMAT=FILE)');
  for (const o of outputs) {
    const text =
      o.format === 'report'
        ? JSON.stringify(report) + '\n'
        : formatReport(report, o.format, { color: color && o.file === undefined });
    if (o.file !== undefined) await writeFileAtomic(resolve(cwd, o.file), text, { mkdirs: true });
    else stdout.write(text);
  }
}
