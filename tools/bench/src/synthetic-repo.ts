import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import { applyPlan, planRepository } from '@inference-gitops/generator';

/** The repository URL the synthetic clusters' Applications use for this repository. */
export const SYNTHETIC_REPO_URL = 'https://github.com/example/inference-gitops.git';

export interface SyntheticRepoOptions {
  clusters: number;
  endpoints: number;
  /** This repository: its workspace files and node_modules are reused so nx and the plugin work. */
  repoRoot: string;
}

/**
 * N clusters x M endpoints generated with the real generator into a fresh git repository that is an Nx
 * workspace like this one (same plugin, same CLI), so every scenario runs what a user would run.
 */
export async function buildSyntheticRepo(dir: string, options: SyntheticRepoOptions): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'nx.json', 'tsconfig.base.json', '.gitops.yaml', 'schemas']) {
    if (existsSync(join(options.repoRoot, file)))
      cpSync(join(options.repoRoot, file), join(dir, file), { recursive: true });
  }
  for (const linked of ['node_modules', 'tools', 'libs', 'apps'])
    symlinkSync(join(options.repoRoot, linked), join(dir, linked));
  const clusters: Array<{ spec: ClusterSpec; specPath: string }> = [];
  for (let c = 0; c < options.clusters; c++) {
    const spec = syntheticCluster(c, options.endpoints);
    const specPath = `clusters/${spec.name}/cluster.yaml`;
    mkdirSync(join(dir, 'clusters', spec.name), { recursive: true });
    writeFileSync(
      join(dir, specPath),
      `# yaml-language-server: $schema=../../schemas/cluster-spec.schema.json\n${stringify(spec)}`,
    );
    clusters.push({ spec, specPath });
  }
  await applyPlan(planRepository(clusters), dir);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n.nx\n.gitops-cache\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'synthetic repository');
}

function syntheticCluster(index: number, endpoints: number): ClusterSpec {
  const variant = index % 2 === 0 ? 'gke-native' : 'istio';
  const environment = (['dev', 'staging', 'prod'] as const)[index % 3]!;
  return {
    name: `bench-${index}`,
    environment,
    variant,
    gcp: {
      project: 'bench-project',
      region: 'europe-west4',
      zone: 'europe-west4-a',
      ...(variant === 'gke-native' ? { proxyOnlySubnet: '10.129.0.0/23' } : {}),
    },
    configConnector: { namespace: 'cnrm-bench-project', managementCluster: 'bench-mgmt' },
    argocd: { repoURL: SYNTHETIC_REPO_URL, targetRevision: environment === 'prod' ? 'v0.1.0' : 'main' },
    gateway: {
      name: 'inference-gateway',
      namespace: 'opendatahub',
      className: variant === 'istio' ? 'istio' : 'gke-l7-regional-external-managed',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: 'All' }],
    },
    nodePools: [
      {
        name: 'tpu-v6e-pool',
        accelerator: 'tpu-v6e-slice',
        topology: '2x2',
        machineType: 'ct6e-standard-4t',
        minNodes: 0,
        maxNodes: endpoints * 2,
      },
    ],
    versions: {
      certManager: 'v1.16.2',
      lws: 'v0.8.0',
      inferenceExtension: 'v1.2.0',
      inferenceModel: 'v0.3.0',
      kserve: 'odh-v3.4-EA1',
      ...(variant === 'istio' ? { sailOperator: '1.27.3', istio: 'v1.27.3' } : {}),
    },
    secrets: {
      provider: 'pre-created',
      huggingFaceToken: { name: 'hf-token', key: 'HF_TOKEN' },
      imagePull: { name: 'redhat-pull-secret', key: '.dockerconfigjson' },
    },
    endpoints: Array.from({ length: endpoints }, (_, e) => ({
      name: `model-${e}`,
      namespace: `serving-${e % 4}`,
      model: { uri: 'hf://Qwen/Qwen2.5-3B-Instruct', name: 'Qwen/Qwen2.5-3B-Instruct' },
      nodePool: 'tpu-v6e-pool',
      replicas: 1 + (e % 2),
      image: 'registry.redhat.io/rhaiis/vllm-tpu-rhel9:3.2.5',
      maxModelLen: 2048,
      prefixCaching: e % 2 === 1,
    })),
  };
}

/** Every directory with a kustomization.yaml under overlays/. */
export function kustomizationDirs(repo: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'kustomization.yaml') found.push(dir);
    }
  };
  walk(join(repo, 'overlays'));
  return found.sort();
}

/** The endpoint overlay the one-overlay figures use: the first one, in path order. */
export function oneEndpointOverlay(repo: string): string {
  const target = kustomizationDirs(repo).find((d) => d.includes('/endpoints/'));
  if (!target) throw new Error('the synthetic repository has no endpoint overlays');
  return target;
}

/**
 * A one-overlay edit for the affected figure, as a person makes it: an annotation added in the endpoint's
 * patches.yaml (person-owned, so no generated-drift). Returns the undo.
 */
export function editOneOverlay(repo: string): () => void {
  const file = join(oneEndpointOverlay(repo), 'patches.yaml');
  const text = readFileSync(file, 'utf8');
  if (!/\nmetadata:\n(  .*\n)+$/.test(text)) throw new Error(`${file} does not end with its metadata block`);
  writeFileSync(file, `${text}  annotations:\n    bench.example.com/edited: "true"\n`);
  return () => git(repo, 'checkout', '--', file);
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}
