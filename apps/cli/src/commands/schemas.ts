import { resolve } from 'node:path';
import type { Command } from 'commander';
import { findRepoRoot } from '@inference-gitops/core';
import type { CliContext } from '../context.js';

export function registerSchemas(program: Command, ctx: CliContext): void {
  const schemas = program
    .command('schemas')
    .summary('manage the schema catalogue (pinned CRDs, cache, export)')
    .description(
      'Manage the schema catalogue: pinned upstream CRDs (schemas/lock.yaml) in a local cache, embedded core kinds.',
    );
  schemas
    .command('sync')
    .description(
      'Fill the schema cache with every file pinned in schemas/lock.yaml, checking each sha256. Downloads, or copies from --mirror DIR (offline).',
    )
    .option('--mirror <dir>', 'copy the pinned files from a local mirror laid out like schemas/lock.yaml paths')
    .action(async (flags: { mirror?: string }) => {
      const repoRoot = findRepoRoot(process.cwd());
      const { syncSchemas } = await import('@inference-gitops/schema-catalog');
      const report = await syncSchemas({
        repoRoot,
        ...(flags.mirror ? { mirror: resolve(process.cwd(), flags.mirror) } : {}),
      });
      ctx.stdout.write(
        `gitops schemas sync: ${report.cached.length} already cached, ${report.copied.length} copied from the mirror, ${report.fetched.length} downloaded; every sha256 verified\n`,
      );
    });
  schemas
    .command('update')
    .description(
      'Regenerate schemas/pinned/ (the committed compact form of every pinned schema: descriptions ' +
        'stripped; types, defaults, enums, formats, CEL rules and list-map keys kept) from the sources in ' +
        'schemas/lock.yaml, checking each sha256. Downloads, or reads --mirror DIR (offline).',
    )
    .option('--mirror <dir>', 'read the pinned files from a local mirror laid out like schemas/lock.yaml paths')
    .action(async (flags: { mirror?: string }) => {
      const repoRoot = findRepoRoot(process.cwd());
      const { updatePinned } = await import('@inference-gitops/schema-catalog');
      const report = await updatePinned(repoRoot, {
        ...(flags.mirror ? { mirror: resolve(process.cwd(), flags.mirror) } : {}),
      });
      ctx.stdout.write(
        `gitops schemas update: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} removed; every sha256 verified\n`,
      );
    });
  schemas
    .command('export')
    .description(
      'Write every schema as DIR/{group}/{kind}_{version}.json, the layout kubeconform reads with -schema-location.',
    )
    .argument('<dir>', 'output directory')
    .option('--offline', 'do not download missing pinned files')
    .action(async (dir: string, flags: { offline?: boolean }) => {
      const repoRoot = findRepoRoot(process.cwd());
      const { SchemaCatalog } = await import('@inference-gitops/schema-catalog');
      const catalog = await SchemaCatalog.open({ repoRoot, sync: flags.offline ? 'never' : 'auto' });
      const { files } = await catalog.export(resolve(process.cwd(), dir));
      ctx.stdout.write(
        `gitops schemas export: ${files} schemas written to ${dir} (use -schema-location '${dir}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json')\n`,
      );
    });
  schemas
    .command('list')
    .description('List the kinds with a pinned or cached schema and where each comes from (core kinds are embedded).')
    .option('--offline', 'do not download missing pinned files')
    .action(async (flags: { offline?: boolean }) => {
      const repoRoot = findRepoRoot(process.cwd());
      const { SchemaCatalog } = await import('@inference-gitops/schema-catalog');
      const catalog = await SchemaCatalog.open({ repoRoot, sync: flags.offline ? 'never' : 'auto' });
      for (const k of catalog
        .kinds()
        .sort((a, b) => `${a.apiVersion}${a.kind}`.localeCompare(`${b.apiVersion}${b.kind}`)))
        ctx.stdout.write(`${k.apiVersion.padEnd(40)} ${k.kind.padEnd(28)} ${k.origin.replace(repoRoot + '/', '')}\n`);
      ctx.stdout.write('core Kubernetes kinds and @kubernetes-models kinds are embedded\n');
    });
}
