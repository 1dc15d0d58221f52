import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadAllClusterSpecs, type ClusterSpec } from '@inference-gitops/cluster-spec';
import { applyPlan, GENERATED_HEADER_PREFIX, OwnershipError, planRepository, type PlannedFile } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

async function committedPlan(): Promise<PlannedFile[]> {
  const loaded = await loadAllClusterSpecs(repoRoot);
  return planRepository(
    loaded.map((c) => ({ spec: c.result.spec as ClusterSpec, specPath: c.file.slice(repoRoot.length + 1) })),
  );
}

function docs(plan: PlannedFile[], path: string): Array<Record<string, any>> {
  const file = plan.find((f) => f.path === path);
  if (!file) throw new Error(`no planned file ${path}`);
  return parseAllDocuments(file.content).map((d) => d.toJS());
}

function scratchRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gen-'));
  cpSync(join(repoRoot, 'clusters'), join(dir, 'clusters'), {
    recursive: true,
    filter: (src) => !src.includes('/argocd'),
  });
  return dir;
}

describe('generator', () => {
  it('plans deterministically and matches the committed tree byte for byte', async () => {
    const a = await committedPlan();
    const b = await committedPlan();
    expect(a).toEqual(b);
    for (const f of a.filter((f) => f.owner === 'generated'))
      expect(readFileSync(join(repoRoot, f.path), 'utf8')).toBe(f.content);
    for (const f of a.filter((f) => f.owner === 'generated'))
      expect(f.content.startsWith(GENERATED_HEADER_PREFIX)).toBe(true);
  });

  it('writes once, then changes no byte on a second run', async () => {
    const dir = scratchRepo();
    const plan = await committedPlan();
    const first = await applyPlan(plan, dir);
    expect(first.written.length).toBe(plan.length);
    const second = await applyPlan(plan, dir);
    expect(second.written).toEqual([]);
    expect(second.unchanged.length + second.kept.length).toBe(plan.length);
  });

  it('never overwrites a person-owned file, and recreates it only when missing', async () => {
    const dir = scratchRepo();
    const plan = await committedPlan();
    await applyPlan(plan, dir);
    const patch = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml');
    writeFileSync(patch, '# mine\n');
    const again = await applyPlan(plan, dir);
    expect(readFileSync(patch, 'utf8')).toBe('# mine\n');
    expect(again.kept).toContain('overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml');
  });

  it('refuses to overwrite a file a person wrote at a generated path, and writes nothing', async () => {
    const dir = scratchRepo();
    const plan = await committedPlan();
    await applyPlan(plan, dir);
    const target = join(dir, 'overlays/clusters/gke-native-dev/gateway/gateway.yaml');
    writeFileSync(target, 'hand-written: true\n');
    const other = join(dir, 'overlays/bases/kserve-pki/pki.yaml');
    writeFileSync(other, readFileSync(other, 'utf8') + '# drift\n');
    await expect(applyPlan(plan, dir)).rejects.toThrow(OwnershipError);
    await expect(applyPlan(plan, dir)).rejects.toThrow(
      'refusing to overwrite a file not written by the generator: overlays/clusters/gke-native-dev/gateway/gateway.yaml',
    );
    expect(readFileSync(target, 'utf8')).toBe('hand-written: true\n');
    expect(readFileSync(other, 'utf8').endsWith('# drift\n')).toBe(true);
  });

  it('check mode lists what differs and writes nothing; stale generated files are reported', async () => {
    const dir = scratchRepo();
    const plan = await committedPlan();
    await applyPlan(plan, dir);
    const gw = join(dir, 'overlays/clusters/gke-native-dev/gateway/gateway.yaml');
    writeFileSync(gw, readFileSync(gw, 'utf8').replace('port: 80', 'port: 8080'));
    const stale = join(dir, 'overlays/clusters/gke-native-dev/old.yaml');
    writeFileSync(stale, `${GENERATED_HEADER_PREFIX} from somewhere.\nkind: Old\n`);
    const result = await applyPlan(plan, dir, { check: true });
    expect(result.differs).toEqual(['overlays/clusters/gke-native-dev/gateway/gateway.yaml']);
    expect(result.stale).toEqual(['overlays/clusters/gke-native-dev/old.yaml']);
    expect(readFileSync(gw, 'utf8')).toContain('port: 8080');
    await applyPlan(plan, dir);
    expect(existsSync(stale)).toBe(false);
  });

  it('emits the TPU facts that matter on each endpoint', async () => {
    const plan = await committedPlan();
    const [svc] = docs(plan, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern3/llminferenceservice.yaml');
    const pod = svc!.spec.template;
    const main = pod.containers[0];
    expect(main.name).toBe('main');
    expect(pod.nodeSelector).toEqual({
      'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice',
      'cloud.google.com/gke-tpu-topology': '2x2',
    });
    expect(pod.tolerations).toEqual([
      { key: 'google.com/tpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(main.resources).toEqual({ requests: { 'google.com/tpu': '4' }, limits: { 'google.com/tpu': '4' } });
    expect(main.env.slice(0, 3)).toEqual([
      { name: 'TPU_CHIPS_PER_HOST_BOUNDS', value: '2,2,1' },
      { name: 'TPU_HOST_BOUNDS', value: '1,1,1' },
      { name: 'PJRT_DEVICE', value: 'TPU' },
    ]);
    expect(main.args).toContain('--tensor-parallel-size=4');
    expect(main.args).toContain('--enable-prefix-caching');
    expect(main.args).toContain('--max-model-len=2048');
    expect(main.args.some((a: string) => a.startsWith('--ssl') || a.startsWith('--prefix-cache-block-size'))).toBe(
      false,
    );
    for (const probe of [main.startupProbe, main.livenessProbe, main.readinessProbe])
      expect(probe.httpGet.scheme).toBe('HTTP');
    expect(main.startupProbe.periodSeconds * main.startupProbe.failureThreshold).toBeGreaterThanOrEqual(240);
    expect(svc!.spec.replicas).toBe(3);
  });

  it('gives gke-native endpoints a route without timeouts and health checks for both backends', async () => {
    const plan = await committedPlan();
    const [svc] = docs(plan, 'overlays/endpoints/gke-native-prod/qwen2-3b-pattern1/llminferenceservice.yaml');
    const rules = svc!.spec.router.route.http.spec.rules;
    expect(rules).toHaveLength(3);
    expect(rules.every((r: Record<string, unknown>) => !('timeouts' in r))).toBe(true);
    const policies = docs(plan, 'overlays/endpoints/gke-native-prod/qwen2-3b-pattern1/gke-policies.yaml');
    const health = policies.filter((p) => p.kind === 'HealthCheckPolicy');
    expect(health.map((p) => p.spec.targetRef)).toEqual([
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen2-3b-pattern1-inference-pool' },
      { group: '', kind: 'Service', name: 'qwen2-3b-pattern1-workload-http' },
    ]);
    for (const p of health)
      expect(p.spec.default).toMatchObject({
        config: { type: 'HTTP', httpHealthCheck: { port: 8000, requestPath: '/health' } },
      });
    // istio keeps the preset's rules with their 0s timeouts (no limit), except the catch-all's backend
    const [istio] = docs(plan, 'overlays/endpoints/istio-staging/qwen2-3b-pattern1/llminferenceservice.yaml');
    const istioRules = istio!.spec.router.route.http.spec.rules;
    expect(istioRules.map((r: { timeouts: unknown }) => r.timeouts)).toEqual(
      Array(3).fill({ backendRequest: '0s', request: '0s' }),
    );
  });

  it('speaks plain HTTP to vLLM everywhere: the catch-all rule through an http Service, metrics over http', async () => {
    const plan = await committedPlan();
    const [svc] = docs(plan, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/llminferenceservice.yaml');
    const catchAll = svc!.spec.router.route.http.spec.rules[2];
    expect(catchAll.backendRefs).toEqual([
      { kind: 'Service', name: 'qwen2-3b-pattern1-workload-http', port: 8000, weight: 1 },
    ]);
    const [http] = docs(plan, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/workload-http-service.yaml');
    expect(http!.spec).toEqual({
      type: 'ClusterIP',
      selector: {
        'app.kubernetes.io/part-of': 'llminferenceservice',
        'app.kubernetes.io/name': 'qwen2-3b-pattern1',
        'kserve.io/component': 'workload',
      },
      ports: [{ name: 'http', port: 8000, targetPort: 8000, protocol: 'TCP', appProtocol: 'http' }],
    });
    const [epp] = svc!.spec.router.scheduler.template.containers;
    expect(epp.name).toBe('main');
    const args: string[] = epp.args;
    expect(args[args.indexOf('--model-server-metrics-scheme') + 1]).toBe('http');
    expect(args.slice(0, 6)).toEqual([
      '--pool-name',
      'qwen2-3b-pattern1-inference-pool',
      '--pool-namespace',
      'llm-d-inference-scheduling',
      '--pool-group',
      'inference.networking.x-k8s.io',
    ]);
  });

  it('selects the pods KServe really labels in NetworkPolicies', async () => {
    const plan = await committedPlan();
    const policies = docs(plan, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/networkpolicies.yaml');
    const epp = policies.find((p) => p.metadata.name === 'qwen2-3b-pattern1-allow-gateway-to-epp')!;
    expect(epp.spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'qwen2-3b-pattern1',
      'app.kubernetes.io/component': 'llminferenceservice-router-scheduler',
    });
    expect(epp.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9002 }]);
    const vllm = policies.find((p) => p.metadata.name === 'qwen2-3b-pattern1-allow-gateway-to-vllm')!;
    expect(vllm.spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'qwen2-3b-pattern1',
      'kserve.io/component': 'workload',
    });
    const egress = policies.find((p) => p.metadata.name === 'qwen2-3b-pattern1-allow-vllm-egress')!;
    expect(egress.spec.egress.flatMap((e: { ports: unknown[] }) => e.ports)).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
      { protocol: 'TCP', port: 443 },
    ]);
  });

  it('orders Applications by sync wave, server-side applies CRDs and pins every remote source', async () => {
    const plan = await committedPlan();
    const wave = (name: string) =>
      Number(
        docs(plan, `clusters/gke-native-dev/argocd/apps/${name}.yaml`)[0]!.metadata.annotations[
          'argocd.argoproj.io/sync-wave'
        ],
      );
    expect(wave('lws')).toBeLessThan(wave('cert-manager'));
    expect(wave('cert-manager')).toBeLessThan(wave('kserve-pki'));
    expect(wave('kserve-pki')).toBeLessThan(wave('kserve'));
    expect(wave('kserve')).toBeLessThan(wave('gateway'));
    expect(wave('gateway')).toBeLessThan(wave('endpoint-qwen2-3b-pattern1'));
    expect(wave('endpoint-qwen2-3b-pattern1')).toBeLessThan(wave('custom'));
    for (const app of ['lws', 'inference-extension-crds', 'kserve', 'cert-manager']) {
      expect(docs(plan, `clusters/gke-native-dev/argocd/apps/${app}.yaml`)[0]!.spec.syncPolicy.syncOptions).toContain(
        'ServerSideApply=true',
      );
    }
    const apps = plan
      .filter(
        (f) =>
          f.path.startsWith('clusters/') &&
          f.path.includes('/apps/') &&
          !f.path.endsWith('kustomization.yaml') &&
          !f.path.endsWith('projects.yaml'),
      )
      .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()));
    for (const app of apps) {
      for (const source of app.spec.sources ?? [app.spec.source]) {
        if (source.repoURL.includes('example/inference-gitops')) continue;
        expect(source.targetRevision, `${app.metadata.name} ${source.repoURL}`).toMatch(/^v?\d+\.\d+\.\d+$|^odh-v/);
      }
    }
    const dev = docs(plan, 'clusters/gke-native-dev/argocd/apps/gateway.yaml')[0]!;
    expect(dev.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    const prod = docs(plan, 'clusters/gke-native-prod/argocd/apps/gateway.yaml')[0]!;
    expect(prod.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
    expect(prod.spec.source.targetRevision).toBe('v0.1.0');
    expect(prod.spec.source.plugin).toEqual({ name: 'gitops-validate-v1' });
  });

  it('renders no Gateway API CRDs for GKE clusters', async () => {
    const plan = await committedPlan();
    const gke = plan.filter((f) => f.path.includes('gke-native'));
    expect(
      gke.some(
        (f) =>
          f.content.includes('gateway.networking.k8s.io_') || f.content.includes('kubernetes-sigs/gateway-api.git'),
      ),
    ).toBe(false);
  });

  it('builds every overlay with the real kustomize', () => {
    const dirs = execFileSync('find', ['overlays', 'clusters', '-name', 'kustomization.yaml'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map((f) => f.replace(/\/kustomization\.yaml$/, ''));
    const buildable = dirs.filter(
      (d) => !readFileSync(join(repoRoot, d, 'kustomization.yaml'), 'utf8').includes('kind: Component'),
    );
    expect(buildable.length).toBeGreaterThan(15);
    for (const dir of buildable)
      expect(() => execFileSync('kubectl', ['kustomize', dir], { cwd: repoRoot, stdio: 'pipe' }), dir).not.toThrow();
  });
});

describe('node pools as Config Connector objects', () => {
  async function planOf(edit: (spec: ClusterSpec) => void): Promise<Array<Record<string, any>>> {
    const loaded = await loadAllClusterSpecs(repoRoot);
    const dev = loaded.find((c) => c.result.spec?.name === 'gke-native-dev')!;
    const spec = structuredClone(dev.result.spec as ClusterSpec);
    edit(spec);
    const plan = planRepository([{ spec, specPath: 'clusters/gke-native-dev/cluster.yaml' }]);
    return docs(plan, 'overlays/clusters/gke-native-dev/infrastructure/node-pools.yaml');
  }

  it('writes one ContainerNodePool per slice of a multi-host pool, each of exactly its hosts', async () => {
    const pools = await planOf((spec) => {
      Object.assign(spec.nodePools[0]!, { topology: '4x4', minNodes: 0, maxNodes: 4, slices: 3 });
    });
    expect(pools.map((p) => [p.metadata.name, p.spec.autoscaling, p.spec.placementPolicy])).toEqual(
      ['tpu-v6e-pool', 'tpu-v6e-pool-2', 'tpu-v6e-pool-3'].map((name) => [
        name,
        { minNodeCount: 0, maxNodeCount: 4 },
        { type: 'COMPACT', tpuTopology: '4x4' },
      ]),
    );
  });

  it('places a multi-host TPU7x slice by its workload policy, and records the topology the object no longer names', async () => {
    const [pool] = await planOf((spec) => {
      spec.gcp = { ...spec.gcp, region: 'us-central1', zone: 'us-central1-c' };
      Object.assign(spec.nodePools[0]!, {
        accelerator: 'tpu7x',
        topology: '2x2x4',
        machineType: 'tpu7x-standard-4t',
        workloadPolicy: 'ironwood-policy',
      });
    });
    expect(pool!.spec.placementPolicy).toEqual({
      policyNameRef: { external: `projects/my-gcp-project/regions/us-central1/resourcePolicies/ironwood-policy` },
    });
    expect(pool!.metadata.annotations['inference-gitops.dev/tpu-topology']).toBe('2x2x4');
  });
});
