import { Option, type Command } from 'commander';
import { findRepoRoot, UsageError } from '@inference-gitops/core';
import { OUTPUT_FORMATS, type OutputFormat } from '@inference-gitops/report';
import { checkOutputPath, parseTo, writeOutputs, type OutputSpec } from '../outputs.js';
import type { ProgressEvent, ValidateOptions } from '@inference-gitops/validator';
import type { CliContext } from '../context.js';
import { keptBetweenRuns } from '../kept.js';
import { readStdin } from '../stdin.js';

interface ValidateFlags {
  format: OutputFormat;
  output?: string;
  to: OutputSpec[];
  schemaLocation: string[];
  kubernetesVersion?: string;
  skip?: string;
  reject?: string;
  ignoreMissingSchemas?: boolean;
  engine: 'builtin' | 'kubeconform';
  rules: boolean;
  cluster?: string;
  offline?: boolean;
  base?: string;
  platform?: string;
}

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .summary('render and validate clusters, overlays or files; findings at file:line')
    .description(
      [
        'Renders each TARGET (kustomize overlays with the real kustomize, plain files as they are), checks every',
        'resource strictly against its schema (Kubernetes core kinds, @kubernetes-models kinds, CRDs), runs the',
        'domain rules, and reports every finding at the file and line a person edits.',
        '',
        'TARGET is a cluster name (walks its Argo CD tree from the root Application), a directory with a',
        'kustomization.yaml, a YAML/JSON file or a directory of them, or - for stdin. A bare name that is a',
        'cluster under clusters/ is the cluster from any folder; write ./NAME for a same-named path here.',
        'Without TARGET every cluster under clusters/ is validated.',
        '',
        "Each cluster is judged against the platform its spec names (`versions:`; the lock's default platform",
        'fills the rest). --platform NAME rehearses an upgrade: the targets are judged against that platform too,',
        'and only what it adds (what would break or change) is reported.',
        '',
        'Exit codes: 0 no error (warnings allowed), 1 at least one error, 2 misuse or internal failure.',
      ].join('\n'),
    )
    .argument('[target...]', 'clusters, overlay directories, files, directories, or -')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .option(
      '--to <format[=file]>',
      'also write FORMAT (text, json, junit, sarif, github, or report: the whole report for `gitops ' +
        'report`) to FILE, or to stdout instead of --format (repeatable): one run, every format',
      parseTo,
      [],
    )
    .option(
      '--schema-location <location>',
      'extra schema location: a directory or a kubeconform-style URL/path template (repeatable)',
      collect,
      [],
    )
    .option('--kubernetes-version <version>', 'Kubernetes version of the core schemas, e.g. 1.32.2')
    .option('--skip <kinds>', 'comma-separated kinds (Kind, group/Kind or group/version/Kind) not to validate')
    .option('--reject <kinds>', 'comma-separated kinds to reject as errors')
    .option('--ignore-missing-schemas', 'skip resources whose kind has no schema (they are listed as skipped)')
    .addOption(
      new Option('--engine <engine>', 'schema engine; kubeconform needs the binary on PATH or in KUBECONFORM')
        .choices(['builtin', 'kubeconform'])
        .default(process.env.KUBECONFORM ? 'kubeconform' : 'builtin'),
    )
    .option('--no-rules', 'schema pass only: do not run the domain rules')
    .option('--cluster <name|file>', 'cluster spec to use as rule context for plain files and overlays')
    .option('--offline', 'never download schemas; say which command fills the cache instead')
    .option(
      '--base <ref>',
      'also render the same targets at git revision REF and refuse changes the API server refuses on update (immutable fields); default: $GITOPS_BASE',
    )
    .option(
      '--platform <name>',
      "upgrade rehearsal: judge the targets against this platform of schemas/lock.yaml (`gitops platforms`) and report only what it adds to today's findings; exit 1 when something would break",
    )
    .action(async (targets: string[], flags: ValidateFlags) => {
      const cwd = process.cwd();
      const repoRoot = findRepoRoot(cwd);
      if (flags.output !== undefined) checkOutputPath(flags.output, cwd);
      const { chooseTarget, shadowNote } = await import('@inference-gitops/render');
      const notes = new Set<string>();
      for (const target of targets) {
        const choice = chooseTarget(target, { cwd, repoRoot });
        if (choice.kind === 'missing')
          throw new UsageError(`target "${target}" is neither a file, a directory nor a cluster under clusters/`);
        if (choice.kind === 'cluster' && choice.shadowed) notes.add(shadowNote(target, choice.shadowed));
      }
      if (targets.filter((t) => t === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
      for (const note of notes) ctx.stderr.write(`gitops: ${note}\n`);
      const { validate, rehearse } = await import('@inference-gitops/validator');
      const progress = progressPrinter(ctx.stderr);
      const options: ValidateOptions = {
        cwd,
        repoRoot,
        targets,
        stdin: readStdin,
        schemaLocations: flags.schemaLocation,
        ...(flags.kubernetesVersion ? { kubernetesVersion: flags.kubernetesVersion } : {}),
        ...(flags.skip ? { skipKinds: splitList(flags.skip) } : {}),
        ...(flags.reject ? { rejectKinds: splitList(flags.reject) } : {}),
        ignoreMissingSchemas: flags.ignoreMissingSchemas === true,
        engine: flags.engine,
        rules: flags.rules,
        ...(flags.cluster ? { cluster: flags.cluster } : {}),
        sync: flags.offline ? 'never' : 'auto',
        ...((flags.base ?? process.env.GITOPS_BASE) ? { base: (flags.base ?? process.env.GITOPS_BASE)! } : {}),
        ...(progress ? { onProgress: progress.update } : {}),
        keep: keptBetweenRuns(),
      };
      const { report, exitCode } =
        flags.platform !== undefined
          ? await rehearse({ ...options, platform: flags.platform })
          : await validate(options);
      progress?.done();
      const color = isTty(ctx.stdout) && !process.env.NO_COLOR;
      // --format/--output is the main output, unless a --to already takes stdout and no --output is given.
      const main: OutputSpec[] =
        flags.output !== undefined || !flags.to.some((o) => o.file === undefined)
          ? [{ format: flags.format, ...(flags.output !== undefined ? { file: flags.output } : {}) }]
          : [];
      await writeOutputs(report, [...main, ...flags.to], cwd, ctx.stdout, color);
      ctx.setExitCode(exitCode);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** Progress on stderr only when it is a terminal, so piped output stays clean. */
function progressPrinter(
  stderr: NodeJS.WritableStream,
): { update: (e: ProgressEvent) => void; done: () => void } | undefined {
  if (!isTty(stderr) || process.env.CI) return undefined;
  let shown = false;
  return {
    update: (e) => {
      shown = true;
      const what = e.phase === 'render' ? 'overlays rendered' : 'resources checked';
      stderr.write(`\r\x1b[2K${e.done}/${e.total} ${what}`);
    },
    done: () => {
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}
