import { relative } from 'node:path';
import type { Command } from 'commander';
import { findRepoRoot, UsageError } from '@inference-gitops/core';
import { formatReport } from '@inference-gitops/report';
import type { CliContext } from '../context.js';
import { keptBetweenRuns } from '../kept.js';

/**
 * The Argo CD config management plugin (v2 sidecar) command. Argo CD runs it with the Application's
 * source directory as cwd and ARGOCD_APP_* in the environment; stdout must hold only manifests.
 */
export function registerArgocdCmp(program: Command, ctx: CliContext): void {
  const cmp = program
    .command('argocd-cmp')
    .summary('Argo CD config management plugin: render only what validates')
    .description('Commands run by the gitops-validate Argo CD config management plugin (deploy/argocd-cmp).');
  cmp
    .command('generate')
    .description(
      [
        "Render the current directory exactly as Argo CD's plain kustomize source would, validate it (schemas and rules), and print",
        'the manifests on success. On any error finding nothing is printed on stdout, the findings go to stderr and the exit code is 1,',
        'so Argo CD refuses to sync. Reads ARGOCD_APP_NAME, ARGOCD_APP_NAMESPACE, ARGOCD_APP_SOURCE_PATH, ARGOCD_APP_SOURCE_REPO_URL,',
        'ARGOCD_APP_SOURCE_TARGET_REVISION (for messages) and GITOPS_REPO_ROOT (the checkout root, default: found from cwd).',
      ].join('\n'),
    )
    .action(async () => {
      const cwd = process.cwd();
      const app = process.env.ARGOCD_APP_NAME ?? '(unknown application)';
      const { detectKustomize, kustomizeBuild, kustomizeEnv, kustomizationFile, cleanKustomizeError } =
        await import('@inference-gitops/render');
      const { validate } = await import('@inference-gitops/validator');
      if (!kustomizationFile(cwd))
        throw new UsageError(
          `argocd-cmp generate: ${process.env.ARGOCD_APP_SOURCE_PATH ?? cwd} has no kustomization.yaml (Application ${app})`,
        );
      const repoRoot = findRepoRoot(cwd);
      const path = relative(repoRoot, cwd).split('\\').join('/');
      const cluster = /^overlays\/(?:endpoints|clusters)\/([^/]+)\//.exec(path + '/')?.[1];
      const { report, exitCode } = await validate({
        cwd,
        repoRoot,
        targets: ['.'],
        sync: 'never',
        keep: keptBetweenRuns(),
        ...(cluster ? { cluster } : {}),
      });
      if (exitCode !== 0) {
        ctx.stderr.write(
          `gitops-validate: refusing to render Application ${app} (${path}@${process.env.ARGOCD_APP_SOURCE_TARGET_REVISION ?? 'HEAD'}): ${report.summary.errors} error(s)\n`,
        );
        ctx.stderr.write(formatReport(report, 'text'));
        ctx.setExitCode(1);
        return;
      }
      // Print what the plain kustomize source would have produced, byte for byte.
      // Go's collector stays on: the sidecar's memory limit is tight, and Argo CD may render several apps at once.
      const out = await kustomizeBuild(await detectKustomize(), cwd, [], kustomizeEnv(process.env, { gc: false }));
      if (out.code !== 0) {
        ctx.stderr.write(`gitops-validate: kustomize failed: ${cleanKustomizeError(out.stderr)}\n`);
        ctx.setExitCode(1);
        return;
      }
      ctx.stdout.write(out.stdout);
    });
}
