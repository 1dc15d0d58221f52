import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GeneratorRefusal,
  modelEndpointGenerator,
  clusterGenerator,
  type Tree,
  type ModelEndpointOptions,
} from '../src/generators.js';
import { git, nx, repoRoot, schemaCache, scratchWorkspace } from './workspace.js';

/** Nx's Tree over the repository: reads fall through to disk, writes stay in memory. */
class MemoryTree implements Tree {
  readonly writes = new Map<string, string>();
  read(path: string): string | null {
    if (this.writes.has(path)) return this.writes.get(path)!;
    return existsSync(join(repoRoot, path)) ? readFileSync(join(repoRoot, path), 'utf8') : null;
  }
  write(path: string, content: string) {
    this.writes.set(path, content);
  }
  exists(path: string) {
    return this.writes.has(path) || existsSync(join(repoRoot, path));
  }
  children(path: string) {
    return existsSync(join(repoRoot, path))
      ? execFileSync('ls', [join(repoRoot, path)], { encoding: 'utf8' })
          .trim()
          .split('\n')
      : [];
  }
}

const base: ModelEndpointOptions = {
  cluster: 'gke-native-dev',
  name: 'llama',
  modelUri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
};

describe('model-endpoint generator', () => {
  const refusals: Array<[string, Partial<ModelEndpointOptions>, string]> = [
    [
      'unknown cluster',
      { cluster: 'nope' },
      '--cluster "nope" is not a cluster of this repository; allowed values: gke-native-dev, gke-native-prod, istio-staging',
    ],
    [
      'topology the accelerator does not have',
      { accelerator: 'tpu-v6e-slice', topology: '3x3' },
      '--topology "3x3" does not exist on tpu-v6e-slice; allowed values: 1x1, 2x2, 2x4, 4x4, 4x8, 8x8, 8x16, 16x16',
    ],
    [
      'unknown accelerator',
      { accelerator: 'tpu-v6e', topology: '2x2' },
      '--accelerator "tpu-v6e" is unknown; allowed values: tpu-v5-lite-podslice, tpu-v6e-slice, tpu-v5p-slice, tpu7x',
    ],
    [
      'chips that do not fit the node pool',
      { nodePool: 'tpu-v6e-pool', replicas: 5 },
      '--replicas 5 needs 5 nodes of 2x2 slices, but node pool tpu-v6e-pool has maxNodes 4; allowed: --replicas up to 4, or raise maxNodes',
    ],
    [
      'a name that is not a DNS label',
      { name: 'Llama_3' },
      '--name "Llama_3" is not a DNS label; allowed: lowercase letters, digits and "-", at most 63 characters, starting and ending with a letter or digit',
    ],
    [
      'a name that already exists',
      { name: 'qwen2-3b-pattern1' },
      '--name "qwen2-3b-pattern1" already exists in cluster gke-native-dev; existing endpoints: qwen2-3b-pattern1, qwen2-3b-pattern3',
    ],
    [
      'an unsupported model URI',
      { modelUri: 'gs://bucket/llama' },
      '--modelUri "gs://bucket/llama" uses a scheme KServe cannot load; allowed schemes: hf://, s3://, pvc://, oci://',
    ],
    [
      'an unknown node pool',
      { nodePool: 'gpu-pool' },
      '--nodePool "gpu-pool" is not a node pool of gke-native-dev; allowed values: tpu-v6e-pool',
    ],
    // the committed endpoints use 1 + 3 of the pool's 4 nodes: one more replica on it does not fit
    [
      'an endpoint that overflows the node pool it shares',
      { nodePool: 'tpu-v6e-pool' },
      'the endpoint would make clusters/gke-native-dev/cluster.yaml invalid: node pool "tpu-v6e-pool" would need 5 nodes (qwen2-3b-pattern1: 1, qwen2-3b-pattern3: 3, llama: 1) but has maxNodes 4 (The endpoints on a node pool share its nodes: lower replicas, move an endpoint to another node pool, or raise maxNodes of "tpu-v6e-pool" to at least 5.)',
    ],
  ];
  for (const [what, change, message] of refusals) {
    it(`refuses ${what}, writing nothing`, async () => {
      const tree = new MemoryTree();
      await expect(modelEndpointGenerator(tree, { ...base, ...change })).rejects.toThrow(new GeneratorRefusal(message));
      expect(tree.writes.size).toBe(0);
    });
  }

  it('adds the endpoint to the spec, keeping its comments, and plans its overlay and Application', async () => {
    const tree = new MemoryTree();
    // tpu-v6e-pool is full (4 of 4 nodes), so the endpoint gets a pool of its own
    await modelEndpointGenerator(tree, { ...base, accelerator: 'tpu-v6e-slice', topology: '2x4', prefixCaching: true });
    const spec = tree.writes.get('clusters/gke-native-dev/cluster.yaml')!;
    expect(spec).toContain('# Pattern 3: three replicas with prefix caching');
    expect(spec).toContain('name: llama');
    expect(spec).toContain('nodePool: tpu-v6e-2x4-pool');
    expect([...tree.writes.keys()].filter((p) => p.includes('llama')).sort()).toEqual([
      'clusters/gke-native-dev/argocd/apps/endpoint-llama.yaml',
      'overlays/endpoints/gke-native-dev/llama/gke-policies.yaml',
      'overlays/endpoints/gke-native-dev/llama/kustomization.yaml',
      'overlays/endpoints/gke-native-dev/llama/llminferenceservice.yaml',
      'overlays/endpoints/gke-native-dev/llama/networkpolicies.yaml',
      'overlays/endpoints/gke-native-dev/llama/patches.yaml',
      'overlays/endpoints/gke-native-dev/llama/smoke-test.yaml',
      'overlays/endpoints/gke-native-dev/llama/workload-http-service.yaml',
    ]);
  });

  it('adds a 70B endpoint on a new v6e 4x4 pool: a multi-host LLMInferenceService (leader + 3 workers per slice)', async () => {
    const tree = new MemoryTree();
    await modelEndpointGenerator(tree, {
      ...base,
      name: 'llama-70b',
      modelUri: 'hf://meta-llama/Llama-3.1-70B-Instruct',
      accelerator: 'tpu-v6e-slice',
      topology: '4x4',
    });
    const spec = tree.writes.get('clusters/gke-native-dev/cluster.yaml')!;
    expect(spec).toContain('topology: 4x4');
    const svc = tree.writes.get('overlays/endpoints/gke-native-dev/llama-70b/llminferenceservice.yaml')!;
    expect(svc).toContain('parallelism:\n    data: 4\n    dataLocal: 1');
    expect(svc).toContain('  worker:\n');
    expect(svc).toContain('--tensor-parallel-size=16');
    expect(tree.writes.get('overlays/endpoints/gke-native-dev/llama-70b/networkpolicies.yaml')).toContain(
      'name: llama-70b-allow-slice',
    );
  });

  it('scaffolds a cluster and refuses an existing one', async () => {
    const tree = new MemoryTree();
    await clusterGenerator(tree, { name: 'istio-dev', environment: 'dev', variant: 'istio' });
    expect(tree.writes.get('clusters/istio-dev/cluster.yaml')).toContain('className: istio');
    expect(tree.writes.has('clusters/istio-dev/argocd/root.yaml')).toBe(true);
    await expect(
      clusterGenerator(new MemoryTree(), { name: 'istio-staging', environment: 'dev', variant: 'istio' }),
    ).rejects.toThrow('--name "istio-staging": clusters/istio-staging/cluster.yaml already exists');
  });

  it('runs for real through nx g in a scratch workspace, and the result validates with no error', () => {
    const ws = scratchWorkspace();
    const dry = nx(ws, [
      'g',
      '@inference-gitops/nx-plugin:model-endpoint',
      '--cluster=gke-native-dev',
      '--name=llama',
      '--modelUri=hf://meta-llama/Llama-3.1-8B-Instruct',
      '--accelerator=tpu-v6e-slice',
      '--topology=2x4',
      '--no-interactive',
      '--dry-run',
    ]);
    expect(dry.out).toContain('CREATE overlays/endpoints/gke-native-dev/llama/llminferenceservice.yaml');
    expect(git(ws, 'status', '--porcelain')).toBe('');
    const refused = nx(ws, [
      'g',
      '@inference-gitops/nx-plugin:model-endpoint',
      '--cluster=gke-native-dev',
      '--name=llama',
      '--modelUri=gs://x',
      '--no-interactive',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('--modelUri "gs://x" uses a scheme KServe cannot load');
    expect(git(ws, 'status', '--porcelain')).toBe('');
    const real = nx(ws, [
      'g',
      '@inference-gitops/nx-plugin:model-endpoint',
      '--cluster=gke-native-dev',
      '--name=llama',
      '--modelUri=hf://meta-llama/Llama-3.1-8B-Instruct',
      '--accelerator=tpu-v6e-slice',
      '--topology=2x4',
      '--no-interactive',
    ]);
    expect(real.code).toBe(0);
    const validate = execFileSync(
      process.execPath,
      [join(repoRoot, 'apps/cli/bin/gitops.mjs'), 'validate', 'gke-native-dev', '--format', 'json'],
      { cwd: ws, encoding: 'utf8', env: { ...process.env, GITOPS_CACHE_DIR: schemaCache } },
    );
    const report = JSON.parse(validate) as { summary: { errors: number }; findings: unknown[] };
    expect(report.summary.errors).toBe(0);
    const check = execFileSync(process.execPath, [join(repoRoot, 'apps/cli/bin/gitops.mjs'), 'generate', '--check'], {
      cwd: ws,
      encoding: 'utf8',
    });
    expect(check).toContain('files up to date');
  });
});
