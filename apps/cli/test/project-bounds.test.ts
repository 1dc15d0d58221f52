// A person's files under clusters/<c>/argocd/custom cannot escape the Argo CD projects: not by naming the
// default project, not by claiming a project the generator keeps, not by rendering Argo CD's own
// configuration (an AppProject, argocd-cm) or cluster-scoped kinds through the custom Application.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

const REPO = 'https://github.com/example/inference-gitops.git';

function withCustom(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bounds-'));
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  const custom = join(dir, 'clusters/gke-native-dev/argocd/custom');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(custom, name), text);
  writeFileSync(
    join(custom, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${Object.keys(files).join(', ')}]\n`,
  );
  return dir;
}

const application = (name: string, project: string | undefined, path: string, namespace: string) =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    `metadata: {name: ${name}, namespace: argocd}`,
    'spec:',
    ...(project ? [`  project: ${project}`] : []),
    `  source: {repoURL: ${REPO}, targetRevision: main, path: ${path}}`,
    `  destination: {server: https://kubernetes.default.svc, namespace: ${namespace}}`,
    '',
  ].join('\n');

describe('a person cannot escape the projects through custom/', () => {
  it('refuses the default project, a reserved project, and Argo CD configuration rendered by the custom Application', async () => {
    const dir = withCustom({
      'default.yaml': application(
        'team-default',
        undefined,
        'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1',
        'llm-d-inference-scheduling',
      ),
      'platform.yaml': application('team-platform', 'gitops-platform', 'overlays/bases/argocd-config', 'argocd'),
      'project.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: wide-open, namespace: argocd}\nspec:\n  sourceRepos: ["*"]\n  destinations: [{server: "*", namespace: "*"}]\n  clusterResourceWhitelist: [{group: "*", kind: "*"}]\n',
      'argocd-cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm, namespace: argocd}\ndata: {users.anonymous.enabled: "true"}\n',
    });
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    const bounds = (
      JSON.parse(stdout) as { findings: Array<{ rule: string; file: string; message: string }> }
    ).findings.filter((f) => f.rule === 'argocd-project-bounds');
    const custom = 'clusters/gke-native-dev/argocd/custom';
    expect(bounds.map((f) => `${f.file}: ${f.message}`).sort()).toEqual(
      [
        `${custom}/argocd-cm.yaml: ConfigMap argocd-cm is rendered by Application gke-native-dev-custom, but project gitops-custom does not permit the kind ConfigMap: Argo CD refuses to sync it`,
        `${custom}/default.yaml: Application team-default is in project default, which permits every repository, destination and kind`,
        `${custom}/platform.yaml: Application team-platform (under custom/) names project gitops-platform, which the generator keeps for its own Applications`,
        `${custom}/project.yaml: argoproj.io/AppProject wide-open is rendered by Application gke-native-dev-custom, but project gitops-custom does not permit the kind argoproj.io/AppProject: Argo CD refuses to sync it`,
      ].sort(),
    );
    expect(code).toBe(1);
  });

  it("accepts a person's Application in gitops-serving within its bounds", async () => {
    const dir = withCustom({
      'mine.yaml': application(
        'team-serving',
        'gitops-serving',
        'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1',
        'llm-d-inference-scheduling',
      ),
    });
    const { stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    const findings = (JSON.parse(stdout) as { findings: Array<{ rule: string }> }).findings;
    expect(findings.filter((f) => f.rule === 'argocd-project-bounds')).toEqual([]);
  });
});
