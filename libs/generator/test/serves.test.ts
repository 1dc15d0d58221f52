// Regressions of "an OK from gitops validate must mean the endpoint serves": each asserts what KServe,
// Argo CD and GKE need from the generated tree, on the plan and through the real kustomize.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadAllClusterSpecs, type ClusterSpec } from '@inference-gitops/cluster-spec';
import {
  APPLICATION_HEALTH_KEY,
  GATED_PLUGIN_NAME,
  planCluster,
  planRepository,
  type PlannedFile,
} from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

async function specs(): Promise<Array<{ spec: ClusterSpec; specPath: string }>> {
  const loaded = await loadAllClusterSpecs(repoRoot);
  return loaded.map((c) => ({ spec: c.result.spec as ClusterSpec, specPath: c.file.slice(repoRoot.length + 1) }));
}

function docsOf(plan: PlannedFile[], path: string): Array<Record<string, any>> {
  const file = plan.find((f) => f.path === path);
  if (!file) throw new Error(`no planned file ${path}`);
  return parseAllDocuments(file.content).map((d) => d.toJS());
}

function kustomize(dir: string): Array<Record<string, any>> {
  return parseAllDocuments(execFileSync('kubectl', ['kustomize', dir], { cwd: repoRoot, encoding: 'utf8' })).map((d) =>
    d.toJS(),
  );
}

describe('the generated tree serves', () => {
  it('keeps image, args, env, probes and the TPU request when patches.yaml edits the container (merge by name)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'merge-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    const endpoint = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1');
    const patch =
      readFileSync(join(endpoint, 'patches.yaml'), 'utf8') +
      'spec:\n  template:\n    containers:\n      - name: main\n        resources:\n          limits:\n            memory: 64Gi\n        env:\n          - name: VLLM_LOGGING_LEVEL\n            value: DEBUG\n';
    writeFileSync(join(endpoint, 'patches.yaml'), patch);
    const svc = kustomize(endpoint).find((d) => d.kind === 'LLMInferenceService')!;
    const main = svc.spec.template.containers.find((c: { name: string }) => c.name === 'main');
    expect(svc.spec.template.containers).toHaveLength(1);
    expect(main.image).toBe('registry.redhat.io/rhaiis/vllm-tpu-rhel9:3.2.5');
    expect(main.args).toContain('--tensor-parallel-size=4');
    expect(main.resources.limits).toEqual({ 'google.com/tpu': '4', memory: '64Gi' });
    expect(main.env.map((e: { name: string }) => e.name).sort()).toEqual([
      'HF_TOKEN',
      'PJRT_DEVICE',
      'TPU_CHIPS_PER_HOST_BOUNDS',
      'TPU_HOST_BOUNDS',
      'VLLM_LOGGING_LEVEL',
    ]);
    expect(main.readinessProbe.httpGet.scheme).toBe('HTTP');
  });

  it('names, in every gated Application, the plugin the tree configures (name-version)', async () => {
    const plan = planRepository(await specs());
    const cm = docsOf(plan, 'overlays/bases/argocd-config/argocd-config.yaml').find(
      (d) => d.metadata.name === 'gitops-validate-cmp',
    )!;
    const plugin = parse(cm.data['plugin.yaml']);
    expect(`${plugin.metadata.name}-${plugin.spec.version}`).toBe(GATED_PLUGIN_NAME);
    const apps = plan
      .filter((f) => /^clusters\/gke-native-prod\/argocd\/apps\/.*\.yaml$/.test(f.path))
      .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()));
    const gated = apps.filter((a) => a.kind === 'Application' && a.spec.source?.plugin);
    expect(gated.length).toBeGreaterThan(3);
    for (const app of gated) expect(app.spec.source.plugin.name, app.metadata.name).toBe(GATED_PLUGIN_NAME);
  });

  it('configures Application health in argocd-cm, first in the root Application of every cluster', async () => {
    for (const { spec } of await specs()) {
      const rendered = kustomize(`clusters/${spec.name}/argocd/apps`);
      const cm = rendered.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'argocd-cm')!;
      expect(cm?.data?.[APPLICATION_HEALTH_KEY], spec.name).toContain('obj.status.health.status');
      expect(cm.metadata.namespace).toBe(spec.argocd.namespace ?? 'argocd');
      expect(cm.metadata.annotations['argocd.argoproj.io/sync-options']).toBe(
        'ServerSideApply=true,Prune=false,Delete=false',
      );
      const waves = rendered
        .filter((d) => d.kind === 'Application')
        .map((a) => Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']));
      expect(Math.min(...waves)).toBeGreaterThan(Number(cm.metadata.annotations['argocd.argoproj.io/sync-wave']));
    }
  });

  it('makes the route, the HealthCheckPolicies and the GCPBackendPolicies name the same InferencePool on GKE', async () => {
    for (const { spec, specPath } of (await specs()).filter((s) => s.spec.variant === 'gke-native')) {
      const plan = planCluster(spec, specPath);
      for (const endpoint of spec.endpoints) {
        const dir = `overlays/endpoints/${spec.name}/${endpoint.name}`;
        const svc = docsOf(plan, `${dir}/llminferenceservice.yaml`)[0]!;
        const routePools = svc.spec.router.route.http.spec.rules
          .flatMap((r: { backendRefs: Array<Record<string, string>> }) => r.backendRefs)
          .filter((b: Record<string, string>) => b.kind === 'InferencePool');
        const policyPools = docsOf(plan, `${dir}/gke-policies.yaml`)
          .map((p) => p.spec.targetRef)
          .filter((t) => t.kind === 'InferencePool');
        expect(routePools.length).toBeGreaterThan(0);
        expect(policyPools.length).toBe(2);
        for (const t of policyPools)
          expect(routePools.map((b: Record<string, string>) => `${b.group}/${b.name}`)).toContain(
            `${t.group}/${t.name}`,
          );
        expect(new Set(routePools.map((b: Record<string, string>) => b.group))).toEqual(
          new Set(['inference.networking.k8s.io']),
        );
      }
    }
  });

  it('admits only the proxy-only subnet and Google health checks to the serving ports on GKE, and wires the pull secret', async () => {
    for (const { spec, specPath } of (await specs()).filter((s) => s.spec.variant === 'gke-native')) {
      const plan = planCluster(spec, specPath);
      const policies = docsOf(plan, `overlays/endpoints/${spec.name}/qwen2-3b-pattern1/networkpolicies.yaml`);
      const peers = policies
        .filter((p) => p.metadata.name.includes('allow-gateway'))
        .flatMap((p) => p.spec.ingress.flatMap((i: { from: unknown[] }) => i.from));
      expect(peers).toEqual(
        Array(2)
          .fill([
            { ipBlock: { cidr: spec.gcp.proxyOnlySubnet } },
            { ipBlock: { cidr: '35.191.0.0/16' } },
            { ipBlock: { cidr: '130.211.0.0/22' } },
          ])
          .flat(),
      );
      const svc = docsOf(plan, `overlays/endpoints/${spec.name}/qwen2-3b-pattern1/llminferenceservice.yaml`)[0]!;
      expect(svc.spec.template.imagePullSecrets).toEqual([{ name: spec.secrets.imagePull!.name }]);
    }
  });

  it('gives a namespace shared by two endpoints one ExternalSecret (external-secrets.io/v1), owned by one Application', async () => {
    const base = (await specs()).find((s) => s.spec.name === 'gke-native-dev')!;
    const spec: ClusterSpec = {
      ...base.spec,
      secrets: { ...base.spec.secrets, provider: 'external-secrets', store: 'gcp-store' },
    };
    const plan = planCluster(spec, base.specPath);
    const secrets = plan
      .flatMap((f) => parseAllDocuments(f.content).map((d) => ({ path: f.path, doc: d.toJS() as Record<string, any> })))
      .filter((d) => d.doc?.kind === 'ExternalSecret');
    expect(
      secrets.map((s) => `${s.path} ${s.doc.apiVersion} ${s.doc.metadata.namespace}/${s.doc.metadata.name}`),
    ).toEqual([
      'overlays/clusters/gke-native-dev/namespaces/namespaces.yaml external-secrets.io/v1 llm-d-inference-scheduling/hf-token',
      'overlays/clusters/gke-native-dev/namespaces/namespaces.yaml external-secrets.io/v1 llm-d-inference-scheduling/redhat-pull-secret',
    ]);
    expect(secrets[1]!.doc.spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
  });

  it('gives people a custom/ folder of Applications, synced by its own Application in a project of Applications only', async () => {
    const plan = planRepository(await specs());
    const custom = plan.find((f) => f.path === 'clusters/gke-native-dev/argocd/custom/kustomization.yaml')!;
    expect(custom.owner).toBe('person');
    expect(docsOf(plan, 'clusters/gke-native-dev/argocd/apps/kustomization.yaml')[0]!.resources).not.toContain(
      '../custom',
    );
    const app = docsOf(plan, 'clusters/gke-native-dev/argocd/apps/custom.yaml')[0]!;
    expect(app.spec).toMatchObject({
      project: 'gitops-custom',
      source: { path: 'clusters/gke-native-dev/argocd/custom' },
      destination: { namespace: 'argocd' },
    });
    const project = docsOf(plan, 'clusters/gke-native-dev/argocd/apps/projects.yaml').find(
      (p) => p.metadata.name === 'gitops-custom',
    )!;
    expect(project.spec).toMatchObject({
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
    });
  });
});
