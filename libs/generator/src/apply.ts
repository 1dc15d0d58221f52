import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GENERATED_HEADER_PREFIX } from './emit.js';
import { GENERATED_ROOTS } from './plan.js';
import type { ApplyOptions, ApplyResult, PlannedFile } from './types.js';

/** A generated path holds a file a person wrote (no generated header): refuse to overwrite it. */
export class OwnershipError extends Error {
  constructor(readonly paths: string[]) {
    super(
      `refusing to overwrite ${paths.length === 1 ? 'a file' : `${paths.length} files`} not written by the generator: ${paths.join(', ')} (move ${paths.length === 1 ? 'it' : 'them'} away or add the content to the cluster spec)`,
    );
  }
}

/**
 * Writes the plan: only files whose content changes, each atomically; person-owned files only when
 * missing. Everything is checked before the first write, so a refusal writes nothing.
 */
export async function applyPlan(
  plan: PlannedFile[],
  repoRoot: string,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const result: ApplyResult = { written: [], unchanged: [], kept: [], differs: [], stale: [] };
  const toWrite: PlannedFile[] = [];
  const refused: string[] = [];
  for (const file of plan) {
    const abs = join(repoRoot, file.path);
    const current = existsSync(abs) && statSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
    if (file.owner === 'person') {
      if (current === undefined) {
        toWrite.push(file);
        result.differs.push(file.path);
      } else result.kept.push(file.path);
      continue;
    }
    if (current === file.content) {
      result.unchanged.push(file.path);
      continue;
    }
    if (current !== undefined && !current.startsWith(GENERATED_HEADER_PREFIX)) refused.push(file.path);
    else if (existsSync(abs) && current === undefined) refused.push(file.path);
    toWrite.push(file);
    result.differs.push(file.path);
  }
  const planned = new Set(plan.map((f) => f.path));
  for (const root of GENERATED_ROOTS)
    for (const path of generatedFilesUnder(repoRoot, root)) if (!planned.has(path)) result.stale.push(path);
  result.stale.sort();
  if (refused.length > 0) throw new OwnershipError(refused);
  if (options.check || options.dryRun) {
    if (options.dryRun) result.written = toWrite.map((f) => f.path);
    return result;
  }
  // Two phases, so an interrupted or failing run leaves no partial tree: every file is first written
  // beside its target; only when all are written are they renamed into place.
  const staged: Array<{ tmp: string; target: string; path: string }> = [];
  try {
    for (const file of toWrite) {
      const target = join(repoRoot, file.path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.gitops-${process.pid}.tmp`;
      await writeFile(tmp, file.content);
      staged.push({ tmp, target, path: file.path });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw error;
  }
  for (const s of staged) {
    renameSync(s.tmp, s.target);
    result.written.push(s.path);
  }
  for (const path of result.stale) rmSync(join(repoRoot, path));
  return result;
}

function generatedFilesUnder(repoRoot: string, root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.isFile() &&
        /\.ya?ml$/.test(entry.name) &&
        readFileSync(path, 'utf8').startsWith(GENERATED_HEADER_PREFIX)
      )
        out.push(relative(repoRoot, path).split(sep).join('/'));
    }
  };
  walk(join(repoRoot, root));
  return out;
}
