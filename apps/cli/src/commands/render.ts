import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { findRepoRoot, writeFileAtomic } from '@inference-gitops/core';
import type { CliContext } from '../context.js';
import { readStdin } from '../stdin.js';

export function registerRender(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .summary('print what a cluster, overlay or directory renders to')
    .description(
      'Render TARGETs as Argo CD would (the real kustomize for overlays; a cluster walks its Argo CD tree) ' +
        'and print the manifests, each unit under a "# Source:" comment. Exit 1 when something does not ' +
        'render.',
    )
    .argument('<target...>', 'cluster names, overlay directories, files, or -')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .action(async (targets: string[], flags: { output?: string }) => {
      const cwd = process.cwd();
      const repoRoot = findRepoRoot(cwd);
      const { chooseTarget, detectKustomize, Renderer, resolveTargets, shadowNote } =
        await import('@inference-gitops/render');
      const notes = new Set<string>();
      for (const target of targets) {
        const choice = chooseTarget(target, { cwd, repoRoot });
        if (choice.kind === 'cluster' && choice.shadowed) notes.add(shadowNote(target, choice.shadowed));
      }
      for (const note of notes) ctx.stderr.write(`gitops: ${note}\n`);
      const renderer = new Renderer(await detectKustomize(), { repoRoot });
      const resolved = await resolveTargets(targets, { cwd, repoRoot, renderer, stdin: readStdin });
      const results = await renderer.renderAll(resolved.flatMap((t) => t.units));
      const problems = [...resolved.flatMap((t) => t.findings), ...results.flatMap((r) => r.findings)];
      const out: string[] = [];
      for (const r of results) {
        const where =
          r.unit.kind === 'kustomize' || r.unit.kind === 'dir'
            ? r.unit.dir
            : r.unit.kind === 'file'
              ? r.unit.file
              : '<stdin>';
        out.push(
          `# Source: ${relative(cwd, where) || '.'}\n` +
            r.resources.map((res) => stringify(res.object, { lineWidth: 0 })).join('---\n'),
        );
      }
      const text = out.join('---\n');
      if (flags.output) await writeFileAtomic(resolve(cwd, flags.output), text);
      else ctx.stdout.write(text);
      for (const f of problems)
        ctx.stderr.write(
          `${f.file ? relative(cwd, f.file) : ''}:${f.line ?? 1}:${f.column ?? 1}: ${f.severity}: ${f.message}\n`,
        );
      ctx.setExitCode(problems.some((f) => f.severity === 'error') ? 1 : 0);
    });
}
