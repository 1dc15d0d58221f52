import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { findRepoRoot, UsageError, type Finding } from '@inference-gitops/core';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import type { CliContext } from '../context.js';

interface GenerateFlags {
  check?: boolean;
  dryRun?: boolean;
}

export function registerGenerate(program: Command, ctx: CliContext): void {
  program
    .command('generate')
    .summary('generate the Argo CD tree and overlays from clusters/*/cluster.yaml')
    .description(
      [
        'Reads every clusters/<name>/cluster.yaml, plans the generated tree (Argo CD app-of-apps, shared bases and',
        'Components, per-cluster and per-endpoint overlays) and writes the files that changed, atomically.',
        "Files a person owns (an endpoint's patches.yaml) are created once and never overwritten; a generated path",
        'that holds a file without the generated header is refused. An invalid spec writes nothing.',
        '',
        'Exit codes: 0 done (or, with --check, up to date), 1 spec errors, refused files or (--check) differences.',
      ].join('\n'),
    )
    .option('--check', 'write nothing; exit 1 and list every file that is missing, differs or is stale')
    .option('--dry-run', 'write nothing; list the files that would be written')
    .action(async (flags: GenerateFlags) => {
      const cwd = process.cwd();
      const repoRoot = findRepoRoot(cwd);
      const { listClusterNames, loadAllClusterSpecs } = await import('@inference-gitops/cluster-spec');
      const { applyPlan, OwnershipError, planRepository } = await import('@inference-gitops/generator');
      if (listClusterNames(repoRoot).length === 0)
        throw new UsageError(
          `no clusters/<name>/cluster.yaml under ${repoRoot}; create one first (see README "Adding a cluster")`,
        );
      const loaded = await loadAllClusterSpecs(repoRoot);
      const problems: Finding[] = loaded.flatMap((c) => c.result.findings);
      for (const f of problems)
        ctx.stderr.write(
          `${relative(cwd, f.file ?? '')}:${f.line ?? 1}:${f.column ?? 1}: ${f.severity}: ${f.message}${f.hint ? ` (${f.hint})` : ''}\n`,
        );
      if (problems.some((f) => f.severity === 'error')) {
        ctx.stderr.write('gitops generate: the cluster specs have errors; nothing was written\n');
        ctx.setExitCode(1);
        return;
      }
      const clusters = loaded.map((c) => ({
        spec: c.result.spec as ClusterSpec,
        specPath: relative(repoRoot, c.file).split('\\').join('/'),
      }));
      const plan = planRepository(clusters);
      let result;
      try {
        result = await applyPlan(plan, repoRoot, { check: flags.check === true, dryRun: flags.dryRun === true });
      } catch (error) {
        if (error instanceof OwnershipError) {
          ctx.stderr.write(`gitops generate: ${error.message}; nothing was written\n`);
          ctx.setExitCode(1);
          return;
        }
        throw error;
      }
      const rel = (p: string) => relative(cwd, join(repoRoot, p));
      if (flags.check) {
        const out = [
          ...result.differs.map((p) => `differs: ${rel(p)}`),
          ...result.stale.map((p) => `stale:   ${rel(p)}`),
        ];
        for (const line of out) ctx.stdout.write(line + '\n');
        ctx.stdout.write(
          out.length === 0
            ? `gitops generate --check: ${plan.length} files up to date\n`
            : `gitops generate --check: ${out.length} file(s) out of date; run \`gitops generate\`\n`,
        );
        ctx.setExitCode(out.length === 0 ? 0 : 1);
        return;
      }
      if (flags.dryRun) {
        for (const p of result.written) ctx.stdout.write(`would write: ${rel(p)}\n`);
        for (const p of result.stale) ctx.stdout.write(`would remove: ${rel(p)}\n`);
        ctx.stdout.write(
          `gitops generate --dry-run: ${result.written.length} to write, ${result.stale.length} to remove, nothing written\n`,
        );
        return;
      }
      for (const p of result.written) ctx.stdout.write(`wrote ${rel(p)}\n`);
      for (const p of result.stale) ctx.stdout.write(`removed ${rel(p)}\n`);
      ctx.stdout.write(
        `gitops generate: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.kept.length} person-owned kept, ${result.stale.length} removed\n`,
      );
    });
}
