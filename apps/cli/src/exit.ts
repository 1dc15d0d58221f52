/** Thrown by a command to end the run with a given exit code after it has printed what it had to. */
export class CommandExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
