// `gitops platforms`: the named platforms of schemas/lock.yaml, the version of each set they choose, and which
// clusters of the repository run which (their spec's `versions:`).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { commitOf, findRepoRoot, UsageError } from '@inference-gitops/core';
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
    .option(
      '--changed <ref>',
      'list instead the clusters whose versions differ from git revision REF, with the platform they move to (what CI rehearses)',
    )
    .action(async (flags: { format: 'text' | 'json'; changed?: string }) => {
      const repoRoot = findRepoRoot(process.cwd());
      if (flags.changed !== undefined) {
        const changes = await changedPlatforms(repoRoot, flags.changed);
        if (flags.format === 'json') ctx.stdout.write(JSON.stringify(changes, null, 2) + '\n');
        else
          for (const c of changes)
            ctx.stdout.write(`${c.cluster}: ${c.changes.join(', ')} (platform ${c.platform ?? 'none of the lock'})\n`);
        return;
      }
      const { readPlatforms, readLock, committedFor, lockRoot } = await import('@inference-gitops/schema-catalog');
      const { listClusterNames, loadClusterSpec } = await import('@inference-gitops/cluster-spec');
      const { platformOfSpec } = await import('@inference-gitops/validator');
      const owners = new Map<string, string[]>();
      for (const cluster of listClusterNames(repoRoot)) {
        const { spec } = await loadClusterSpec(join(repoRoot, 'clusters', cluster, 'cluster.yaml'));
        if (!spec) continue;
        const name = platformOfSpec(repoRoot, cluster, spec).platform ?? `${cluster} (versions:)`;
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

interface PlatformChange {
  cluster: string;
  /** The sets whose version differs, e.g. "lws v0.8.0 -> v0.10.0". */
  changes: string[];
  /** The named platform the new versions are, when they are one. */
  platform: string | null;
}

/** Clusters whose spec names other versions than at `ref` (a new cluster counts from the default platform). */
async function changedPlatforms(repoRoot: string, ref: string): Promise<PlatformChange[]> {
  const { listClusterNames, loadClusterSpec, validateClusterSpecText } = await import('@inference-gitops/cluster-spec');
  const { platformOfSpec, selectionChanges, unusedSets } = await import('@inference-gitops/validator');
  const { defaultSelection } = await import('@inference-gitops/schema-catalog');
  try {
    commitOf(repoRoot, ref);
  } catch {
    throw new UsageError(`--changed ${ref}: not a git revision of this repository`);
  }
  const out: PlatformChange[] = [];
  for (const cluster of listClusterNames(repoRoot)) {
    const path = `clusters/${cluster}/cluster.yaml`;
    const { spec } = await loadClusterSpec(join(repoRoot, path));
    if (!spec) continue;
    const now = platformOfSpec(repoRoot, cluster, spec);
    let before: Record<string, string> = { ...(defaultSelection(repoRoot) ?? {}) };
    try {
      const text = execFileSync('git', ['show', `${ref}:${path}`], { cwd: repoRoot, stdio: 'pipe', encoding: 'utf8' });
      const old = validateClusterSpecText(text, join(repoRoot, path)).spec;
      if (old) before = { ...platformOfSpec(repoRoot, cluster, old).selection };
    } catch {
      // a cluster the base does not have: compared with the default platform
    }
    const changes = selectionChanges(before, now.selection, unusedSets(spec));
    if (changes.length > 0) out.push({ cluster, changes, platform: now.platform ?? null });
  }
  return out;
}
