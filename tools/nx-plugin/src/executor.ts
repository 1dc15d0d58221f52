// The `validate` executor. Every task runs `gitops validate` in the Nx worker's own process (no shell, no
// second Node start-up), and a batch of tasks (Nx batch mode; `preferBatch` in executors.json) runs in one
// process: the CLI, the compiled schemas and the rules load once, renders are shared between tasks (an
// overlay task and its cluster's task build that overlay once), and kustomize runs as many at a time as
// there are CPUs.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export interface ValidateExecutorOptions {
  /** A cluster name or a directory (an overlay) relative to the workspace root. */
  target: string;
  /** The cluster spec used as rule context of an overlay. */
  cluster?: string;
  /** Where the whole report goes (`--to report=FILE`), relative to the workspace root. */
  report?: string;
}

/** The parts of Nx's ExecutorContext this executor reads. */
interface ExecutorContext {
  root: string;
}

interface TaskGraph {
  tasks: Record<string, unknown>;
  dependencies: Record<string, string[]>;
}

interface TaskResult {
  success: boolean;
  terminalOutput: string;
  startTime: number;
  endTime: number;
}

type CliMain = (
  argv: string[],
  io?: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream },
) => Promise<number>;
interface Cli {
  main: CliMain;
  /** The work of the process's end (caches, shared worktrees): Nx ends its workers with SIGTERM, which skips 'exit'. */
  finish?: () => void;
  /** Writes V8's code cache of the bundle (apps/cli/bin/load-cli.mjs). */
  saveCodeCache?: () => void;
}

/** The `gitops validate` arguments of one task. */
export function validateArgs(options: ValidateExecutorOptions): string[] {
  return [
    'validate',
    options.target,
    '--offline',
    ...(options.cluster ? ['--cluster', options.cluster] : []),
    ...(options.report ? ['--to', `report=${options.report}`] : []),
  ];
}

const NOT_BUILT = 'gitops: the CLI is not built; run `npm ci` (or `npm run build`) at the repository root.\n';

/** The workspace's own CLI bundle (what `npx gitops` runs, loaded the same way), or undefined before a build. */
async function loadCli(root: string): Promise<Cli | undefined> {
  const bundle = join(root, 'apps', 'cli', 'dist', 'gitops.cjs');
  if (!existsSync(bundle)) return undefined;
  const loader = (await import(pathToFileURL(join(root, 'apps', 'cli', 'bin', 'load-cli.mjs')).href)) as {
    loadCli(bundle: string): Cli | undefined;
  };
  return loader.loadCli(bundle);
}

/** The process-end work of a run: the CLI's (caches, worktrees), then the code cache of the CLI itself. */
function finish(cli: Cli | undefined): void {
  cli?.finish?.();
  cli?.saveCodeCache?.();
}

/** Finding paths are relative to the working directory: the workspace root, as for `npx gitops` there. */
function atRoot(root: string): void {
  if (process.cwd() !== root) process.chdir(root);
}

/** One task, its output straight to the terminal Nx gives it. */
export async function validateExecutor(
  options: ValidateExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  atRoot(context.root);
  const cli = await loadCli(context.root);
  if (!cli) {
    process.stderr.write(NOT_BUILT);
    return { success: false };
  }
  try {
    return { success: (await cli.main(validateArgs(options))) === 0 };
  } finally {
    finish(cli);
  }
}

/**
 * Nx batch mode: every task of the batch in this process, a task starting once the batch's tasks it depends
 * on are done, at most as many at once as there are CPUs. Results are yielded as tasks finish, so Nx prints
 * and caches each one then.
 */
export async function* validateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, ValidateExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<{ task: string; result: TaskResult }> {
  atRoot(context.root);
  const cli = await loadCli(context.root);
  try {
    yield* runBatch(taskGraph, inputs, cli?.main);
  } finally {
    finish(cli);
  }
}

async function* runBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, ValidateExecutorOptions>,
  main: CliMain | undefined,
): AsyncGenerator<{ task: string; result: TaskResult }> {
  const pending = Object.keys(inputs);
  const done = new Set<string>();
  const running = new Map<string, Promise<{ task: string; result: TaskResult }>>();
  const limit = Math.max(1, availableParallelism());
  const ready = (id: string) => (taskGraph.dependencies[id] ?? []).every((d) => done.has(d) || !(d in inputs));
  while (pending.length > 0 || running.size > 0) {
    for (let i = 0; i < pending.length && running.size < limit;) {
      const id = pending[i]!;
      if (!ready(id)) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      running.set(
        id,
        runTask(main, inputs[id]!).then((result) => ({ task: id, result })),
      );
    }
    if (running.size === 0) throw new Error(`validate batch: tasks wait on each other: ${pending.join(', ')}`);
    const finished = await Promise.race(running.values());
    running.delete(finished.task);
    done.add(finished.task);
    yield finished;
  }
}

async function runTask(main: CliMain | undefined, options: ValidateExecutorOptions): Promise<TaskResult> {
  const startTime = Date.now();
  if (!main) return { success: false, terminalOutput: NOT_BUILT, startTime, endTime: Date.now() };
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      output += chunk.toString();
      callback();
    },
  });
  let code: number;
  try {
    code = await main(validateArgs(options), { stdout: sink, stderr: sink });
  } catch (error) {
    // main reports its own failures; this is a defect of the executor, shown with the task.
    output += `gitops: internal error: ${(error as Error).message}\n`;
    code = 2;
  }
  return { success: code === 0, terminalOutput: output, startTime, endTime: Date.now() };
}
