import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { findRepoRoot, writeFileAtomic, type Finding } from '@inference-gitops/core';
import type { CliContext } from '../context.js';
import { keptBetweenRuns } from '../kept.js';

export function registerDiff(program: Command, ctx: CliContext): void {
  program
    .command('diff')
    .summary('rendered diff between two revisions, as Markdown for a pull-request comment')
    .description(
      "Render every cluster's Argo CD tree at --base and at --head (git worktrees, no cluster needed) and " +
        'print a Markdown report: a Mermaid graph of what changed, then cluster -> Application -> resource ' +
        'with unified diffs, and the findings the change introduces. Secret values are never printed; big ' +
        'diffs are cut with a note.',
    )
    .requiredOption('--base <ref>', 'the revision to compare against (e.g. origin/main)')
    .option('--head <ref>', 'the revision to compare (default: the working tree)')
    .option('-o, --output <file>', 'write the Markdown to FILE')
    .action(async (flags: { base: string; head?: string; output?: string }) => {
      const cwd = process.cwd();
      const repoRoot = findRepoRoot(cwd);
      const { markdown, snapshot, withWorktree } = await import('@inference-gitops/diff');
      const { validate } = await import('@inference-gitops/validator');
      const { cacheDirFor } = await import('@inference-gitops/schema-catalog');
      // Both revisions share this checkout's schema cache (a worktree has none of its own).
      process.env.GITOPS_CACHE_DIR ??= cacheDirFor(repoRoot);
      const side = async (dir: string, against?: string) => ({
        snap: await snapshot(dir),
        findings: (
          await validate({
            cwd: dir,
            repoRoot: dir,
            targets: [],
            sync: 'auto',
            keep: keptBetweenRuns(),
            ...(against ? { base: against } : {}),
          })
        ).report.findings,
      });
      const base = await withWorktree(repoRoot, flags.base, (dir) => side(dir));
      // The head is validated against the base too: changes the API server refuses on update are introduced findings.
      const baseCommit = execFileSync('git', ['rev-parse', `${flags.base}^{commit}`], {
        cwd: repoRoot,
        encoding: 'utf8',
      }).trim();
      const head = flags.head
        ? await withWorktree(repoRoot, flags.head, (dir) => side(dir, baseCommit))
        : await side(repoRoot, baseCommit);
      const key = (f: Finding) => `${f.rule}|${f.file}|${f.resource?.kind}|${f.resource?.name}|${f.path}|${f.message}`;
      const before = new Set(base.findings.map(key));
      const introduced = head.findings.filter((f) => !before.has(key(f)) && !f.suppressed);
      const text = markdown(base.snap, head.snap, {
        baseLabel: flags.base,
        headLabel: flags.head ?? 'working tree',
        introduced,
      });
      if (flags.output) await writeFileAtomic(resolve(cwd, flags.output), text);
      else ctx.stdout.write(text);
    });
}
