import { Command, CommanderError } from 'commander';
import { BUILD_ID, runProcessEndHooks, TOOL_VERSION, UsageError } from '@inference-gitops/core';
import { registerCommands } from './commands/index.js';
import { CommandExit } from './exit.js';

/**
 * Runs the gitops CLI and resolves to its exit code: 0 clean, 1 findings of severity error,
 * 2 misuse or internal failure (one line on stderr; the stack only with --debug).
 */
export async function main(
  argv: string[],
  io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream } = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const debug = argv.includes('--debug');
  const program = new Command('gitops')
    .description('Generate and validate the GitOps tree for LLM inference on GKE with TPUs.')
    .version(
      `${TOOL_VERSION} (${BUILD_ID ? `build ${BUILD_ID.slice(0, 12)}` : 'from sources'})`,
      '-V, --version',
      'print the version and the build id',
    )
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  let code = 0;
  registerCommands(program, { stdout, stderr, setExitCode: (c) => (code = c) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommandExit) return error.code;
    if (error instanceof CommanderError) {
      // help and version exit 0; every other commander error is misuse (it already printed the message).
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.help'
        ? 0
        : 2;
    }
    if (error instanceof UsageError) {
      stderr.write(`gitops: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`gitops: internal error: ${message}\n`);
    if (debug && error instanceof Error && error.stack) stderr.write(error.stack + '\n');
    else stderr.write('gitops: run again with --debug for the stack trace\n');
    return 2;
  }
}

/**
 * What the process does when it ends (code caches written, shared worktrees removed), now: for a host
 * that runs main() in its own process and ends it itself (the Nx executor's batch worker).
 */
export function finish(): void {
  runProcessEndHooks();
}
