import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cmp-'));
  for (const f of ['overlays', 'clusters', 'schemas', '.gitops.yaml', 'nx.json'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  return dir;
}

const env = {
  ARGOCD_APP_NAME: 'gke-native-prod-endpoint-qwen2-3b-pattern1',
  ARGOCD_APP_NAMESPACE: 'argocd',
  ARGOCD_APP_SOURCE_PATH: 'overlays/endpoints/gke-native-prod/qwen2-3b-pattern1',
  ARGOCD_APP_SOURCE_REPO_URL: 'https://github.com/example/inference-gitops.git',
  ARGOCD_APP_SOURCE_TARGET_REVISION: 'v0.1.0',
};

describe('gitops argocd-cmp generate', () => {
  it('prints only the manifests of a valid overlay, as plain kustomize renders them', async () => {
    const dir = scratch();
    const { code, stdout, stderr } = await gitops(
      ['argocd-cmp', 'generate'],
      join(dir, env.ARGOCD_APP_SOURCE_PATH),
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const kinds = parseAllDocuments(stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toContain('LLMInferenceService');
    expect(stdout).not.toContain('config.kubernetes.io/origin');
  });

  it('refuses an invalid overlay: nothing on stdout, the findings on stderr, exit 1', async () => {
    const dir = scratch();
    const patch = join(dir, env.ARGOCD_APP_SOURCE_PATH, 'patches.yaml');
    writeFileSync(patch, readFileSync(patch, 'utf8') + 'spec:\n  replicaz: 2\n');
    const { code, stdout, stderr } = await gitops(
      ['argocd-cmp', 'generate'],
      join(dir, env.ARGOCD_APP_SOURCE_PATH),
      env,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'gitops-validate: refusing to render Application gke-native-prod-endpoint-qwen2-3b-pattern1 (overlays/endpoints/gke-native-prod/qwen2-3b-pattern1@v0.1.0): 1 error(s)',
    );
    expect(stderr).toContain('unknown field "replicaz" in /spec');
  });

  it('exits 2 when the source path has no kustomization', async () => {
    const dir = scratch();
    const { code, stderr } = await gitops(['argocd-cmp', 'generate'], join(dir, 'clusters'), env);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'gitops: argocd-cmp generate: overlays/endpoints/gke-native-prod/qwen2-3b-pattern1 has no kustomization.yaml (Application gke-native-prod-endpoint-qwen2-3b-pattern1)\n',
    );
  });

  it('ships plugin manifests that our own validator accepts, named like the generated Applications expect', async () => {
    const { code, stdout } = await gitops(['validate', 'overlays/bases/argocd-config', '--format', 'json']);
    expect(JSON.parse(stdout).findings).toEqual([]);
    expect(code).toBe(0);
    // The sidecar patch is validated where it lands: merged into a repo-server Deployment by kustomize.
    const dir = mkdtempSync(join(tmpdir(), 'cmp-patch-'));
    cpSync(join(repoRoot, 'deploy/argocd-cmp/repo-server-patch.yaml'), join(dir, 'repo-server-patch.yaml'));
    writeFileSync(
      join(dir, 'repo-server.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: argocd-repo-server, namespace: argocd}\nspec:\n  selector: {matchLabels: {app: repo}}\n  template:\n    metadata: {labels: {app: repo}}\n    spec:\n      containers: [{name: argocd-repo-server, image: quay.io/argoproj/argocd:v3.5.1}]\n      volumes: [{name: var-files, emptyDir: {}}, {name: plugins, emptyDir: {}}]\n',
    );
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'resources: [repo-server.yaml]\npatches: [{path: repo-server-patch.yaml}]\n',
    );
    const merged = await gitops(['validate', dir, '--format', 'json']);
    expect(JSON.parse(merged.stdout).findings).toEqual([]);
    expect(merged.code).toBe(0);
    const cm = parseAllDocuments(
      readFileSync(join(repoRoot, 'overlays/bases/argocd-config/argocd-config.yaml'), 'utf8'),
    )
      .map((d) => d.toJS())
      .find((d) => d.metadata.name === 'gitops-validate-cmp');
    const plugin = parse(cm.data['plugin.yaml']);
    expect(plugin.metadata.name).toBe('gitops-validate');
    expect(plugin.spec.version).toBe('v1');
    expect(plugin.spec.generate.command).toEqual(['gitops', 'argocd-cmp', 'generate']);
    const prodApp = parse(readFileSync(join(repoRoot, 'clusters/gke-native-prod/argocd/apps/gateway.yaml'), 'utf8'));
    // Argo CD names a versioned plugin <name>-<version>: that is what the Applications must say.
    expect(prodApp.spec.source.plugin.name).toBe(`${plugin.metadata.name}-${plugin.spec.version}`);
  });
});
