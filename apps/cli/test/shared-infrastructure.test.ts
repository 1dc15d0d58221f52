// Two clusters of the repository that apply their infrastructure in the same Config Connector namespace
// of the same management cluster, for different GCP projects, are refused at each spec.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

function copyRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shared-infra-'));
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  return dir;
}

function setConfigConnector(dir: string, cluster: string, project: string, managementCluster: string, server?: string) {
  const file = join(dir, 'clusters', cluster, 'cluster.yaml');
  const text = readFileSync(file, 'utf8')
    .replace(/^  project: .*$/m, `  project: ${project}`)
    .replace(
      /^  managementCluster: .*$/m,
      `  managementCluster: ${managementCluster}${server ? `\n  server: ${server}` : ''}`,
    );
  writeFileSync(file, text);
  return text.split('\n').findIndex((l) => l.startsWith('  namespace: cnrm-')) + 1;
}

describe('clusters sharing a management cluster', () => {
  it('refuses one Config Connector namespace for two projects, at each spec', async () => {
    const dir = copyRepository();
    const line = setConfigConnector(dir, 'gke-native-dev', 'project-a', 'mgmt', 'https://cc.example.com');
    setConfigConnector(dir, 'gke-native-prod', 'project-b', 'mgmt', 'https://cc.example.com/');
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    const findings = (
      JSON.parse(stdout) as { findings: Array<{ rule: string; file: string; line: number; message: string }> }
    ).findings;
    expect(
      findings.filter((f) => f.rule !== 'gateway-exposure').map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`),
    ).toEqual([
      `cluster-spec clusters/gke-native-dev/cluster.yaml:${line} clusters gke-native-dev and gke-native-prod both apply their infrastructure in Config Connector namespace cnrm-my-gcp-project of management cluster mgmt, for projects project-a and project-b: a Config Connector namespace is bound to one project (cnrm.cloud.google.com/project-id), which both infrastructure Applications set, each undoing the other`,
    ]);
    expect(code).toBe(1);
  });

  it('accepts the same namespace for the same project, and the same name on another management cluster', async () => {
    const dir = copyRepository();
    setConfigConnector(dir, 'gke-native-dev', 'project-a', 'mgmt');
    setConfigConnector(dir, 'gke-native-prod', 'project-a', 'mgmt', 'https://kubernetes.default.svc');
    setConfigConnector(dir, 'istio-staging', 'project-c', 'mgmt-staging');
    expect((await gitops(['generate'], dir)).code).toBe(0);
    expect((await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir)).code).toBe(0);
    expect((await gitops(['validate', 'istio-staging', '--format', 'json'], dir)).code).toBe(0);
  });
});
