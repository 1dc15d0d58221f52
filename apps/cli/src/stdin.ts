import { UsageError } from '@inference-gitops/core';

/** Reads all of stdin (for the `-` target). Refuses a terminal: nobody is typing a manifest. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('stdin is a terminal; pipe a manifest into `-`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
