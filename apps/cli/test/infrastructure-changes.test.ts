// `gitops validate CLUSTER --base main` on a copy of this repository, for what Config Connector does in GCP.
// Renaming a dev cluster's TPU pool in its spec deletes the old pool (dev's deletion policy is delete), so
// the change fails at the spec until configConnector.removals lists it; in prod (abandon by default) the old
// pool is kept. Moving a cluster to another zone cannot be done in place at all.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
  });

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infra-deletion-'));
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml', 'nx.json'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return dir;
}

const renamePool = (dir: string, cluster: string, extra = '') => {
  const file = join(dir, 'clusters', cluster, 'cluster.yaml');
  // The pool and every endpoint that names it.
  const text = readFileSync(file, 'utf8').replace(/tpu-v6e-pool\b(?!-)/g, 'tpu-v6e-pool-b');
  writeFileSync(file, extra ? text.replace('configConnector:\n', `configConnector:\n${extra}`) : text);
};

type Report = { findings: Array<{ rule: string; file?: string; line?: number; message: string }> };
const deletions = (stdout: string) =>
  (JSON.parse(stdout) as Report).findings.filter((f) => f.rule === 'infrastructure-deletion');

describe('a pull request that renames a TPU node pool', () => {
  it('fails in dev at the spec until the removal is listed with a reason', async () => {
    const dir = scratch();
    renamePool(dir, 'gke-native-dev');
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const refused = await gitops(['validate', 'gke-native-dev', '--base', 'main', '--format', 'json'], dir);
    expect(refused.code).toBe(1);
    expect(deletions(refused.stdout).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'clusters/gke-native-dev/cluster.yaml:14 this change removes ContainerNodePool tpu-v6e-pool (namespace cnrm-my-gcp-project), and Config Connector then deletes the GKE node pool in GCP: its deletion policy is not abandon, and Config Connector never recreates it',
    ]);

    renamePool(
      dir,
      'gke-native-dev',
      '  removals:\n    - {kind: ContainerNodePool, name: tpu-v6e-pool, reason: renamed to tpu-v6e-pool-b}\n',
    );
    const allowed = await gitops(['validate', 'gke-native-dev', '--base', 'main', '--format', 'json'], dir);
    expect(deletions(allowed.stdout)).toEqual([]);
    expect(allowed.code).toBe(0);
  });

  it('passes in prod, whose pools are abandoned in GCP when their objects go', async () => {
    const dir = scratch();
    renamePool(dir, 'gke-native-prod');
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const { code, stdout } = await gitops(['validate', 'gke-native-prod', '--base', 'main', '--format', 'json'], dir);
    expect(deletions(stdout)).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('a pull request that moves a cluster to another zone', () => {
  it('fails at the spec: GCP cannot move the cluster or its pools, Config Connector never recreates them', async () => {
    const dir = scratch();
    const file = join(dir, 'clusters/gke-native-dev/cluster.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('zone: europe-west4-a', 'zone: us-east5-b')
        .replace('region: europe-west4', 'region: us-east5'),
    );
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--base', 'main', '--format', 'json'], dir);
    expect(code).toBe(1);
    const moved = (JSON.parse(stdout) as Report).findings.filter((f) => f.rule === 'immutable-field');
    // The cluster is generated from the spec's gcp section; a pool from its entry (pools have no zone of their own).
    const lines = readFileSync(file, 'utf8').split('\n');
    const zone = lines.indexOf('gcp:') + 1;
    const pool = lines.findIndex((l) => l.includes('- name: tpu-v6e-pool')) + 1;
    expect(moved.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      `clusters/gke-native-dev/cluster.yaml:${zone} spec.location of ContainerCluster gke-native-dev changes from "europe-west4-a" to "us-east5-b", but GCP cannot change it in place: Config Connector refuses the update (or the object turns UpdateFailed) and never recreates the cluster`,
      `clusters/gke-native-dev/cluster.yaml:${pool} spec.location of ContainerNodePool tpu-v6e-pool changes from "europe-west4-a" to "us-east5-b", but GCP cannot change it in place: Config Connector refuses the update (or the object turns UpdateFailed) and never recreates the node pool`,
    ]);
  });
});

describe('a pull request that removes a slice of a multi-host pool', () => {
  it('is the deletion of a node pool: refused in dev until the removal is listed', async () => {
    const dir = scratch();
    const file = join(dir, 'clusters/gke-native-dev/cluster.yaml');
    const spec = (slices: number, replicas: number) =>
      readFileSync(file, 'utf8')
        .replace(/ {4}topology: \S+\n/, '    topology: 4x4\n')
        .replace(/ {4}maxNodes: \d+\n( {4}slices: \d+\n)?/, `    maxNodes: 4\n    slices: ${slices}\n`)
        .replace(/(# Pattern 3[\s\S]*?replicas: )\d+/, `$1${replicas}`);
    // The base: the dev endpoints (1 + 3 replicas) on four v6e 4x4 slices.
    writeFileSync(file, spec(4, 3));
    expect((await gitops(['generate'], dir)).code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'four slices');
    // The change: one slice less, and pattern 3 down to 2 replicas.
    writeFileSync(file, spec(3, 2));
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--base', 'main', '--format', 'json'], dir);
    expect(deletions(stdout).map((f) => f.message)).toEqual([
      'this change removes ContainerNodePool tpu-v6e-pool-4 (namespace cnrm-my-gcp-project), and Config Connector then deletes the GKE node pool in GCP: its deletion policy is not abandon, and Config Connector never recreates it',
    ]);
    expect(code).toBe(1);
  });
});
