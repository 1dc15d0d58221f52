// `gitops platforms`: the named platforms of schemas/lock.yaml, the version of each set they choose, and which
// clusters of the repository run which (their spec's `versions:`).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { findRepoRoot } from '@inference-gitops/core';
import type { CliContext } from '../context.js';

interface PlatformRow {
  name: string;
  default: boolean;
  description?: string;
  kubernetes?: string;
  sets: Record<string, string>;
  /** Bytes of the committed compact schemas this platform reads. */
  committedBytes: number;
  /** Clusters whose spec names exactly these versions. */
  clusters: string[];
}

export function registerPlatforms(program: Command, ctx: CliContext): void {
  program
    .command('platforms')
    .summary('list the platforms schemas/lock.yaml knows, with the version of each set')
    .description(
      [
        'A platform is a named choice of one version of each pinned set (KServe and its presets, Gateway API,',
        'the Inference Extension, LWS, Argo CD, external-secrets, ...) and the Kubernetes version. Each cluster is',
        'judged against the versions its spec names (`versions:`, the default platform filling the rest); `gitops',
        'validate CLUSTER --platform NAME` rehearses an upgrade to another platform.',
      ].join('\n'),
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { format: 'text' | 'json' }) => {
      const repoRoot = findRepoRoot(process.cwd());
      const { readPlatforms, readLock, committedFor, lockRoot } = await import('@inference-gitops/schema-catalog');
      const { listClusterNames, loadClusterSpec } = await import('@inference-gitops/cluster-spec');
      const { platformOfSpec } = await import('@inference-gitops/validator');
      const owners = new Map<string, string[]>();
      for (const cluster of listClusterNames(repoRoot)) {
        const { spec } = await loadClusterSpec(join(repoRoot, 'clusters', cluster, 'cluster.yaml'));
        if (!spec) continue;
        const name = platformOfSpec(repoRoot, cluster, spec).name;
        owners.set(name, [...(owners.get(name) ?? []), cluster]);
      }
      const rows: PlatformRow[] = readPlatforms(repoRoot).map((p) => ({
        name: p.name,
        default: p.default === true,
        ...(p.description ? { description: p.description } : {}),
        ...(p.kubernetes ? { kubernetes: String(p.kubernetes) } : {}),
        sets: p.sets,
        committedBytes: readLock(repoRoot, p.sets).reduce((n, e) => {
          const committed = committedFor(repoRoot, e);
          return n + (committed ? statSync(committed.file).size : 0);
        }, 0),
        clusters: owners.get(p.name) ?? [],
      }));
      const custom = [...owners.entries()].filter(([name]) => !rows.some((r) => r.name === name));
      if (flags.format === 'json') {
        ctx.stdout.write(JSON.stringify({ platforms: rows, custom: Object.fromEntries(custom) }, null, 2) + '\n');
        return;
      }
      if (rows.length === 0) {
        ctx.stdout.write(`no platforms in ${join(lockRoot(repoRoot), 'schemas/lock.yaml')}\n`);
        return;
      }
      const width = Math.max(...rows.flatMap((r) => Object.keys(r.sets).map((s) => s.length)));
      for (const r of rows) {
        ctx.stdout.write(`${r.name}${r.default ? ' (default)' : ''}${r.description ? `: ${r.description}` : ''}\n`);
        if (r.kubernetes) ctx.stdout.write(`  ${'kubernetes'.padEnd(width)}  ${r.kubernetes}\n`);
        for (const [set, version] of Object.entries(r.sets)) ctx.stdout.write(`  ${set.padEnd(width)}  ${version}\n`);
        ctx.stdout.write(`  committed schemas: ${(r.committedBytes / 1024).toFixed(0)} kB\n`);
        ctx.stdout.write(`  clusters: ${r.clusters.join(', ') || 'none'}\n\n`);
      }
      for (const [name, clusters] of custom)
        ctx.stdout.write(`${clusters.join(', ')}: versions of no named platform (${name})\n`);
    });
}
