// Findings land where the person edits, and a stale or broken tree cannot pass (through the real CLI on
// a scratch copy of the repository).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  hint?: string;
  file?: string;
  line?: number;
  path?: string;
  resource?: unknown;
}
interface JsonReport {
  findings: JsonFinding[];
  summary: { errors: number; skippedRules: Array<{ rule: string; reason: string }>; notes?: string[] };
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'where-'));
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml', 'nx.json'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  return dir;
}
const lineOf = (text: string, needle: string, from = 0) =>
  text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;
const edit = (dir: string, file: string, from: string, to: string) => {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
};
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe('where findings land', () => {
  it('reports a TPU request set in patches.yaml at patches.yaml, at the line of the value', async () => {
    const dir = scratch();
    const patch = 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml';
    const before = readFileSync(join(dir, patch), 'utf8');
    writeFileSync(
      join(dir, patch),
      before +
        'spec:\n  template:\n    containers:\n      - name: main\n        resources:\n          requests:\n            google.com/tpu: "8"\n          limits:\n            google.com/tpu: "8"\n',
    );
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const tpu = json(stdout).findings.find((f) => f.rule === 'tpu-request-matches-topology')!;
    expect(tpu).toMatchObject({
      file: patch,
      line: before.split('\n').length + 6,
      path: '/spec/template/containers/0/resources/requests/google.com~1tpu',
    });
    expect(tpu.message).toBe(
      'container "main" requests 8 TPU chips, but topology 2x2 on tpu-v6e-slice has 4 chips per host',
    );
    // Nothing is reported in the generated base, which a person must not edit.
    expect(
      json(stdout).findings.filter((f) => f.file?.endsWith('llminferenceservice.yaml') && f.severity === 'error'),
    ).toEqual([]);
  });

  it('reports a problem in a generated value at the cluster.yaml field it comes from', async () => {
    const dir = scratch();
    edit(
      dir,
      'clusters/gke-native-dev/cluster.yaml',
      'image: registry.redhat.io/rhaiis/vllm-tpu-rhel9:3.2.5',
      'image: registry.redhat.io/rhaiis/vllm-tpu-rhel9:latest',
    );
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const { stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    const spec = readFileSync(join(dir, 'clusters/gke-native-dev/cluster.yaml'), 'utf8');
    const pinned = json(stdout).findings.find((f) => f.rule === 'image-pinned')!;
    expect(pinned).toMatchObject({
      file: 'clusters/gke-native-dev/cluster.yaml',
      line: lineOf(spec, 'vllm-tpu-rhel9:latest'),
    });
    expect(pinned.hint).toContain(
      'The value is generated into overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/llminferenceservice.yaml from this field of the spec: change it here and run `npx gitops generate`.',
    );
  });

  it('fails a cluster whose generated tree is stale, at the spec field that changed, with the command that fixes it', async () => {
    const dir = scratch();
    const spec = 'clusters/gke-native-dev/cluster.yaml';
    edit(dir, spec, '    replicas: 3', '    replicas: 2');
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const drift = json(stdout).findings.filter((f) => f.rule === 'generated-drift');
    expect(drift).toEqual([
      {
        rule: 'generated-drift',
        severity: 'error',
        message:
          'overlays/endpoints/gke-native-dev/qwen2-3b-pattern3/llminferenceservice.yaml is out of date with clusters/gke-native-dev/cluster.yaml: at /spec/replicas of document 1 the file has 3, the spec gives 2',
        hint: "Run `npx gitops generate` and commit the result; generated files are rewritten from the spec, so edit cluster.yaml (or the endpoint's patches.yaml) instead.",
        path: '/endpoints/1/replicas',
        resource: null,
        file: spec,
        line: lineOf(readFileSync(join(dir, spec), 'utf8'), 'replicas: 2'),
        column: 5,
      },
    ]);
    expect((await gitops(['generate'], dir)).code).toBe(0);
    expect(
      json((await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir)).stdout).findings.filter(
        (f) => f.rule === 'generated-drift',
      ),
    ).toEqual([]);
  });

  it('reports a hand edit of a generated file as drift', async () => {
    const dir = scratch();
    edit(
      dir,
      'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/networkpolicies.yaml',
      '130.211.0.0/22',
      '0.0.0.0/0',
    );
    const { stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    const drift = json(stdout).findings.find((f) => f.rule === 'generated-drift')!;
    expect(drift.message).toContain(
      'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/networkpolicies.yaml is out of date with clusters/gke-native-dev/cluster.yaml: at /spec/ingress/0/from/2/ipBlock/cidr of document 2 the file has "0.0.0.0/0", the spec gives "130.211.0.0/22"',
    );
    expect(drift.path).toBe('/gcp/proxyOnlySubnet');
  });

  it('validates an overlay with the spec of the cluster whose Application renders it, and says so', async () => {
    const { code, stdout } = await gitops([
      'validate',
      'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.summary.skippedRules).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.summary.notes).toEqual([
      "overlays/endpoints/gke-native-dev/qwen2-3b-pattern1 is rendered by cluster gke-native-dev's Argo CD tree: checked with its spec (--cluster to choose another)",
    ]);
    const text = (await gitops(['validate', 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1'])).stdout;
    expect(text).not.toContain('is not part of this cluster');
  });

  it('reports an invalid cluster.yaml alone, and what could not be checked because of it', async () => {
    const dir = scratch();
    edit(dir, 'clusters/gke-native-dev/cluster.yaml', '    replicas: 3', '    replicas: three');
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const report = json(stdout);
    expect(report.findings.map((f) => `${f.rule} ${f.severity} ${f.message}`)).toEqual([
      'cluster-spec error endpoints.1.replicas must be a number, not string "three"',
    ]);
    expect(report.summary.skippedRules).toEqual([
      {
        rule: '(all rules)',
        reason:
          'not run for cluster gke-native-dev: clusters/gke-native-dev/cluster.yaml has errors; fix them, then validate again',
      },
    ]);
  });
});

describe('one run, every format', () => {
  it('writes several formats from one validate run, and merges report files without validating again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'to-'));
    const target = 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1';
    const run = await gitops([
      'validate',
      target,
      '--to',
      `report=${join(dir, 'reports/a.json')}`,
      '--to',
      `junit=${join(dir, 'a.xml')}`,
      '--to',
      'github',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('::notice title=gitops validate::16 resources, 0 errors, 0 warnings\n');
    expect(readFileSync(join(dir, 'a.xml'), 'utf8')).toMatch(
      /<testsuites name="gitops validate" tests="16" failures="0">/,
    );
    const merged = await gitops([
      'report',
      join(dir, 'reports'),
      '--to',
      `sarif=${join(dir, 'm.sarif')}`,
      '--to',
      'text',
    ]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('OK: 16 resources in 1 render units, 0 errors, 0 warnings');
    expect(JSON.parse(readFileSync(join(dir, 'm.sarif'), 'utf8')).version).toBe('2.1.0');
    writeFileSync(join(dir, 'bad.json'), '{"a": 1}');
    const bad = await gitops(['report', join(dir, 'bad.json')]);
    expect(bad).toMatchObject({
      code: 2,
      stderr: `gitops: ${join(dir, 'bad.json')}: not a gitops report (written by \`gitops validate --to report=FILE\`)\n`,
    });
    const unknown = await gitops(['validate', target, '--to', 'yaml=x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--to yaml=x: unknown format "yaml"; use one of text, json, junit, sarif, github, report, optionally =FILE',
    );
  });
});

describe('node pools as code', () => {
  it('judges workloads against the generated ContainerNodePools: a pool edited by hand fails tpu-node-pool-exists at the workload', async () => {
    const dir = scratch();
    edit(
      dir,
      'overlays/clusters/gke-native-dev/infrastructure/node-pools.yaml',
      'machineType: ct6e-standard-4t',
      'machineType: ct6e-standard-8t',
    );
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const pools = json(stdout).findings.filter((f) => f.rule === 'tpu-node-pool-exists');
    expect(
      pools.map((f) => [
        (f.resource as { kind: string; name: string }).kind,
        (f.resource as { name: string }).name,
        f.message,
      ]),
    ).toEqual([
      [
        'LLMInferenceService',
        'qwen2-3b-pattern1',
        'no node pool of the ContainerNodePools of the tree offers tpu-v6e-slice with topology 2x2',
      ],
      [
        'LLMInferenceService',
        'qwen2-3b-pattern3',
        'no node pool of the ContainerNodePools of the tree offers tpu-v6e-slice with topology 2x2',
      ],
    ]);
    expect(
      json(stdout).findings.some(
        (f) => f.rule === 'generated-drift' && f.message.includes('infrastructure/node-pools.yaml'),
      ),
    ).toBe(true);
  });
});

describe('multi-host endpoints', () => {
  const pool =
    '  - name: tpu-v6e-4x4-pool\n    accelerator: tpu-v6e-slice\n    topology: 4x4\n    machineType: ct6e-standard-4t\n    minNodes: 0\n    maxNodes: 4\nversions:';
  const endpoint =
    '  - name: llama-70b\n    namespace: llm-d-inference-scheduling\n    model:\n      uri: hf://meta-llama/Llama-3.1-70B-Instruct\n      name: meta-llama/Llama-3.1-70B-Instruct\n    nodePool: tpu-v6e-4x4-pool\n    replicas: 1\n    image: registry.redhat.io/rhaiis/vllm-tpu-rhel9:3.2.5\n    maxModelLen: 8192\n';
  const multiHostRepo = async () => {
    const dir = scratch();
    const spec = join(dir, 'clusters/gke-native-dev/cluster.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('versions:', pool) + endpoint);
    expect((await gitops(['generate'], dir)).code).toBe(0);
    return dir;
  };

  it('generates a 70B endpoint on a v6e 4x4 slice that validates: a LeaderWorkerSet of 4 hosts, TP 16 over Ray', async () => {
    const dir = await multiHostRepo();
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    // dev keeps its public gateway open, with gateway-exposure's warnings: no error.
    expect(json(stdout).findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
    const svc = readFileSync(join(dir, 'overlays/endpoints/gke-native-dev/llama-70b/llminferenceservice.yaml'), 'utf8');
    expect(svc).toContain('parallelism:\n    data: 4\n    dataLocal: 1');
    expect(svc).toContain('--tensor-parallel-size=16');
    expect(svc).toContain('ray start --address="${LWS_LEADER_ADDRESS}:6379" --block');
    // Each host downloads the 141 GB of weights: the pool's boot disk is sized for them and the images.
    expect(svc).toContain('inference-gitops.dev/model-size: 142G');
    const pools = readFileSync(join(dir, 'overlays/clusters/gke-native-dev/infrastructure/node-pools.yaml'), 'utf8');
    expect(pools).toMatch(/name: tpu-v6e-4x4-pool\n[\s\S]*?diskSizeGb: 202\n/);
  });

  it('gives each slice its own node pool, and refuses a tree that puts two slices of pods on one', async () => {
    const dir = scratch();
    const spec = join(dir, 'clusters/gke-native-dev/cluster.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace('versions:', pool.replace('maxNodes: 4\n', 'maxNodes: 4\n    slices: 2\n')) +
        endpoint.replace('replicas: 1', 'replicas: 2'),
    );
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const pools = 'overlays/clusters/gke-native-dev/infrastructure/node-pools.yaml';
    const text = readFileSync(join(dir, pools), 'utf8');
    expect([...text.matchAll(/^  name: (\S+)$/gm)].map((m) => m[1])).toEqual([
      'tpu-v6e-pool',
      'tpu-v6e-4x4-pool',
      'tpu-v6e-4x4-pool-2',
    ]);
    const ok = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(json(ok.stdout).findings.filter((f) => f.severity === 'error')).toEqual([]);
    // By hand: the second slice's pool removed, the first one's autoscaling raised to 8 nodes.
    const docs = text.split('\n---\n');
    writeFileSync(
      join(dir, pools),
      [docs[0], docs[1]!.replace('maxNodeCount: 4', 'maxNodeCount: 8')].join('\n---\n') + '\n',
    );
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const capacity = json(stdout).findings.filter((f) => f.rule === 'tpu-capacity');
    expect(capacity.map((f) => `${f.file} ${f.message}`)).toEqual([
      // Both are generated values (a hand edit of a generated file is also drift): found at the spec's fields.
      `clusters/gke-native-dev/cluster.yaml ContainerNodePool tpu-v6e-4x4-pool is one multi-host 4x4 slice of 4 hosts: maxNodeCount 8 does not make room for a second slice`,
      'clusters/gke-native-dev/cluster.yaml the TPU workloads on 4x4 slices need 2 slices (4 hosts each, one per replica) but the cluster has 1 node pool of that slice (tpu-v6e-4x4-pool): a multi-host node pool holds exactly one slice',
    ]);
  });

  it('flags a worker count that does not match the slice, and a wrong tensor parallelism, at the patch line', async () => {
    const dir = await multiHostRepo();
    const patch = 'overlays/endpoints/gke-native-dev/llama-70b/patches.yaml';
    const before = readFileSync(join(dir, patch), 'utf8');
    writeFileSync(join(dir, patch), before + 'spec:\n  parallelism:\n    data: 2\n');
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const group = json(stdout).findings.filter((f) => f.rule === 'tpu-multihost-workload');
    expect(group.map((f) => [f.file, f.message])).toContainEqual([
      patch,
      'group size 2 does not match the 4 hosts of topology 4x4',
    ]);
    const edited = 'overlays/endpoints/gke-native-dev/llama-70b/llminferenceservice.yaml';
    writeFileSync(join(dir, patch), before);
    edit(dir, edited, '--tensor-parallel-size=16', '--tensor-parallel-size=4');
    const tp = json((await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir)).stdout).findings.find(
      (f) => f.rule === 'vllm-tensor-parallel',
    )!;
    expect(tp.message).toBe(
      'vLLM tensor x pipeline parallel size is 4, but the pod has 16 TPU devices (4 chips x 1 per chip across 4 hosts)',
    );
  });
});

describe('patches that drop what the base sets', () => {
  const patch = 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml';
  const run = async (extra: string) => {
    const dir = scratch();
    const before = readFileSync(join(dir, patch), 'utf8');
    writeFileSync(join(dir, patch), before + extra);
    const { stdout } = await gitops(
      ['validate', 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1', '--format', 'json'],
      dir,
    );
    return { findings: json(stdout).findings, lines: before.split('\n').length };
  };

  it('reports a container list replaced whole at the patch line, and what KServe then runs', async () => {
    const { findings, lines } = await run(
      'spec:\n  template:\n    containers:\n      - $patch: replace\n      - name: main\n        resources:\n          limits:\n            memory: 64Gi\n',
    );
    const dropped = findings.find((f) => f.rule === 'patch-drops-fields')!;
    expect(dropped).toMatchObject({ file: patch, line: lines + 3, path: '/spec/template/containers/0/image' });
    expect(dropped.message).toMatch(
      /^the patch removes 10 fields that llminferenceservice\.yaml sets: \/spec\/template\/containers\/0\/image, /,
    );
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['vllm-tpu-image', 'inferencepool-backend-plain-http', 'tpu-request-matches-topology']),
    );
  });

  it('reports args replaced by a shorter list', async () => {
    const { findings } = await run(
      'spec:\n  template:\n    containers:\n      - name: main\n        args: [--enable-prefix-caching]\n',
    );
    expect(findings.filter((f) => f.rule === 'patch-drops-fields').map((f) => `${f.path} ${f.message}`)).toEqual([
      '/spec/template/containers/0/args the patch removes a field that llminferenceservice.yaml sets: /spec/template/containers/0/args (6 of 7 items)',
    ]);
  });

  it('accepts a patch that merges into the container by name', async () => {
    const { findings } = await run(
      'spec:\n  template:\n    containers:\n      - name: main\n        resources:\n          limits:\n            memory: 64Gi\n',
    );
    expect(findings).toEqual([]);
  });
});
