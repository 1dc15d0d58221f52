import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadAllClusterSpecs, loadClusterSpec, validateClusterSpecText } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const valid = readFileSync(join(repoRoot, 'clusters/gke-native-dev/cluster.yaml'), 'utf8');
const file = '/repo/clusters/gke-native-dev/cluster.yaml';

/** The valid dev spec with one textual edit; returns the findings. */
function withEdit(from: string, to: string) {
  expect(valid).toContain(from);
  return validateClusterSpecText(valid.replace(from, to), file).findings;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('cluster spec loader', () => {
  it('loads every committed cluster without findings', async () => {
    const all = await loadAllClusterSpecs(repoRoot);
    expect(all.map((c) => c.result.findings)).toEqual(all.map(() => []));
    expect(all.map((c) => c.result.spec?.name)).toEqual(['gke-native-dev', 'gke-native-prod', 'istio-staging']);
  });

  it('reports an unknown key with the closest known key', () => {
    const findings = withEdit('    maxModelLen: 2048\n  # Pattern 3', '    maxModelLength: 2048\n  # Pattern 3');
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'cluster-spec',
        severity: 'error',
        message: 'unknown key "maxModelLength" in endpoints.0',
        hint: expect.stringContaining('Did you mean "maxModelLen"?'),
        line: lineOf(valid, 'maxModelLen: 2048'),
        column: 5,
      }),
    );
  });

  it('refuses a cluster that names itself as its management cluster, and a configConnector without one', () => {
    const self = withEdit('  managementCluster: platform-mgmt', '  managementCluster: gke-native-dev');
    expect(self).toEqual([
      expect.objectContaining({
        rule: 'cluster-spec',
        severity: 'error',
        message:
          'cluster gke-native-dev names itself as its management cluster: its Config Connector would hold the ContainerCluster of the cluster it runs in, which cannot create itself and is deleted with itself',
        line: lineOf(valid, 'managementCluster:'),
      }),
    ]);
    const missing = withEdit('  managementCluster: platform-mgmt\n', '');
    expect(missing.map((f) => f.message)).toEqual([expect.stringContaining('managementCluster')]);
  });

  it('reports a wrong type', () => {
    const findings = withEdit('    replicas: 3', '    replicas: three');
    expect(findings).toContainEqual(
      expect.objectContaining({
        message: 'endpoints.1.replicas must be a number, not string "three"',
        line: lineOf(valid, 'replicas: 3'),
        column: 5,
      }),
    );
  });

  it('reports a topology the accelerator does not have, listing the valid ones', () => {
    const findings = withEdit('    topology: 2x2', '    topology: 3x3');
    expect(findings).toContainEqual(
      expect.objectContaining({
        message: 'topology "3x3" does not exist on tpu-v6e-slice',
        hint: 'Valid topologies for tpu-v6e-slice: 1x1, 2x2, 2x4, 4x4, 4x8, 8x8, 8x16, 16x16.',
        line: lineOf(valid, 'topology: 2x2'),
        column: 5,
      }),
    );
  });

  it('reports a node pool that does not exist', () => {
    const text = valid.replace(
      '    nodePool: tpu-v6e-pool\n    replicas: 3',
      '    nodePool: tpu-pool\n    replicas: 3',
    );
    const { findings } = validateClusterSpecText(text, file);
    expect(findings).toEqual([
      expect.objectContaining({
        message: 'endpoint "qwen2-3b-pattern3" uses node pool "tpu-pool", which is not defined in nodePools',
        hint: 'Defined node pools: tpu-v6e-pool.',
        line: lineOf(text, 'nodePool: tpu-pool'),
        column: 5,
      }),
    ]);
  });

  it('reports a duplicate endpoint name', () => {
    const text = valid.replace('name: qwen2-3b-pattern3', 'name: qwen2-3b-pattern1');
    const { findings, spec } = validateClusterSpecText(text, file);
    expect(spec).toBeUndefined();
    expect(findings).toEqual([
      expect.objectContaining({
        message: 'endpoint "qwen2-3b-pattern1" is defined twice (first at endpoints[0])',
        line: lineOf(valid, 'name: qwen2-3b-pattern3'),
        column: 5,
      }),
    ]);
  });

  it('reports a name that is not a DNS label', () => {
    const findings = withEdit('  - name: qwen2-3b-pattern1', '  - name: Qwen2_3B');
    expect(findings).toContainEqual(
      expect.objectContaining({
        message: 'endpoints.0.name "Qwen2_3B" is not a DNS label',
        hint: expect.stringContaining('lowercase'),
        line: lineOf(valid, 'name: qwen2-3b-pattern1'),
        column: 5,
      }),
    );
    const traversal = withEdit('  - name: qwen2-3b-pattern1', '  - name: ../etc');
    expect(traversal).toContainEqual(
      expect.objectContaining({ message: 'endpoints.0.name "../etc" is not a DNS label' }),
    );
    const long = withEdit('  - name: qwen2-3b-pattern1', `  - name: ${'a'.repeat(64)}`);
    expect(long).toContainEqual(
      expect.objectContaining({ message: `endpoints.0.name "${'a'.repeat(64)}" is not a DNS label` }),
    );
  });

  it('reports a model URI scheme KServe cannot load', () => {
    const findings = withEdit(
      '      uri: hf://Qwen/Qwen2.5-3B-Instruct\n      name: Qwen/Qwen2.5-3B-Instruct\n    nodePool: tpu-v6e-pool\n    replicas: 1',
      '      uri: gs://bucket/qwen\n      name: Qwen/Qwen2.5-3B-Instruct\n    nodePool: tpu-v6e-pool\n    replicas: 1',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        message: 'model URI "gs://bucket/qwen" uses scheme gs://, which KServe cannot load',
        hint: expect.stringContaining('hf://, s3://, pvc://, oci://'),
        line: lineOf(valid, 'uri: hf://'),
        column: 7,
      }),
    ]);
  });

  it('reports replicas that do not fit the node pool', () => {
    const findings = withEdit('    maxNodes: 4', '    maxNodes: 2');
    expect(findings).toEqual([
      expect.objectContaining({
        message:
          'endpoint "qwen2-3b-pattern3" needs 3 nodes (3 replicas x 1 host per 2x2 slice) but node pool "tpu-v6e-pool" has maxNodes 2',
        hint: "Lower replicas to at most 2 or raise the pool's maxNodes.",
      }),
    ]);
  });

  it("refuses a zone that does not offer the node pool's TPU, listing the zones that do", () => {
    const findings = withEdit('  zone: europe-west4-a', '  zone: us-central1-a');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'TPU tpu-v6e-slice (node pool "tpu-v6e-pool") is not offered in zone us-central1-a; GKE offers it in: asia-northeast1-b, europe-west4-a, southamerica-west1-a, us-central1-b, us-east1-d, us-east5-a, us-east5-b, us-south1-a, us-south1-b',
        hint: 'Move gcp.zone (and gcp.region) to one of those zones, or use an accelerator offered in us-central1-a: tpu-v5-lite-podslice, tpu-v5p-slice. If Google has added us-central1-a since, add it with its source to libs/tpu-catalog/src/zones.ts.',
        path: '/gcp/zone',
        line: lineOf(valid, 'zone: europe-west4-a'),
        column: 3,
      }),
    ]);
    const nowhere = withEdit('  zone: europe-west4-a', '  zone: europe-west1-b');
    expect(nowhere.map((f) => f.hint)).toEqual([
      'Move gcp.zone (and gcp.region) to one of those zones; no TPU of the catalog is offered in europe-west1-b. If Google has added europe-west1-b since, add it with its source to libs/tpu-catalog/src/zones.ts.',
    ]);
    // europe-west1 is not a region of any v6e zone the catalog lists: its lists may be incomplete there, so only a warning.
    expect(nowhere.map((f) => [f.severity, f.message.split(';')[0]])).toEqual([
      [
        'warning',
        'TPU tpu-v6e-slice (node pool "tpu-v6e-pool") is not offered in zone europe-west1-b as far as the TPU catalog knows',
      ],
    ]);
  });

  it("accepts every zone listed for the node pool's TPU", () => {
    for (const zone of ['us-east5-b', 'us-south1-b', 'us-central1-b', 'asia-northeast1-b']) {
      expect(withEdit('  zone: europe-west4-a', `  zone: ${zone}`)).toEqual([]);
    }
    // a v5e pool in us-central1-a, where v6e is not offered
    const v5e = valid
      .replace('  zone: europe-west4-a', '  zone: us-central1-a')
      .replace('accelerator: tpu-v6e-slice', 'accelerator: tpu-v5-lite-podslice')
      .replace('machineType: ct6e-standard-4t', 'machineType: ct5lp-hightpu-4t');
    expect(validateClusterSpecText(v5e, file).findings).toEqual([]);
  });

  it('refuses endpoints that together need more nodes than their node pool has, once, at the endpoint that goes over', () => {
    const llama =
      '  - name: llama-8b\n    namespace: llm-d-inference-scheduling\n    model:\n      uri: hf://meta-llama/Llama-3.1-8B-Instruct\n      name: meta-llama/Llama-3.1-8B-Instruct\n    nodePool: tpu-v6e-pool\n    replicas: 1\n    image: registry.redhat.io/rhaiis/vllm-tpu-rhel9:3.2.5\n    maxModelLen: 2048\n';
    const text = `${valid.trimEnd()}\n${llama}`;
    const replicasLine = text.split('\n').length - 3;
    expect(text.split('\n')[replicasLine - 1]).toBe('    replicas: 1');
    expect(validateClusterSpecText(text, file).findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'node pool "tpu-v6e-pool" would need 5 nodes (qwen2-3b-pattern1: 1, qwen2-3b-pattern3: 3, llama-8b: 1) but has maxNodes 4',
        hint: 'The endpoints on a node pool share its nodes: lower replicas, move an endpoint to another node pool, or raise maxNodes of "tpu-v6e-pool" to at least 5.',
        path: '/endpoints/2/replicas',
        line: replicasLine,
        column: 5,
      }),
    ]);
    // a further endpoint is counted in the total, but the finding stays at the one that went over
    const more = `${text}${llama.replace('name: llama-8b', 'name: llama-8b-2')}`;
    expect(validateClusterSpecText(more, file).findings.map((f) => [f.path, f.message])).toEqual([
      [
        '/endpoints/2/replicas',
        'node pool "tpu-v6e-pool" would need 6 nodes (qwen2-3b-pattern1: 1, qwen2-3b-pattern3: 3, llama-8b: 1, llama-8b-2: 1) but has maxNodes 4',
      ],
    ]);
  });

  it('accepts endpoints that together fill their node pool exactly', () => {
    // the committed spec uses 1 + 3 of 4 nodes
    expect(validateClusterSpecText(valid, file).findings).toEqual([]);
    expect(withEdit('    replicas: 3', '    replicas: 2')).toEqual([]);
    const sixOfSix = valid.replace('    maxNodes: 4', '    maxNodes: 6').replace('    replicas: 3', '    replicas: 5');
    expect(validateClusterSpecText(sixOfSix, file).findings).toEqual([]);
  });

  it('refuses a global GatewayClass on gke-native', () => {
    const findings = withEdit(
      'className: gke-l7-regional-external-managed',
      'className: gke-l7-global-external-managed',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        message:
          'GatewayClass "gke-l7-global-external-managed" cannot route to an InferencePool: only regional GKE classes implement the Inference Extension',
        path: '/gateway/className',
      }),
    ]);
  });

  it('reports every problem at once', () => {
    const text = valid
      .replace('maxModelLen: 2048\n  # Pattern 3', 'maxModelLength: 2048\n  # Pattern 3')
      .replace('    topology: 2x2', '    topology: 3x3')
      .replace('name: qwen2-3b-pattern3', 'name: qwen2-3b-pattern1')
      .replace('uri: hf://Qwen/Qwen2.5-3B-Instruct', 'uri: gs://q')
      .replace('environment: dev', 'environment: test');
    const { findings } = validateClusterSpecText(text, file);
    expect(findings.map((f) => f.message).sort()).toEqual([
      'endpoint "qwen2-3b-pattern1" is defined twice (first at endpoints[0])',
      'endpoints.0 is missing the required field "maxModelLen"',
      'environment is "test", which is not allowed',
      'model URI "gs://q" uses scheme gs://, which KServe cannot load',
      'topology "3x3" does not exist on tpu-v6e-slice',
      'unknown key "maxModelLength" in endpoints.0',
    ]);
  });

  it('says clearly when the spec is empty, a directory, not a mapping, or broken YAML', async () => {
    expect(validateClusterSpecText('', file).findings[0]).toMatchObject({
      message: 'cluster spec gke-native-dev/cluster.yaml is empty',
    });
    expect(validateClusterSpecText('- a\n- b\n', file).findings[0]).toMatchObject({
      message: 'a cluster spec must be a mapping of fields',
    });
    expect(validateClusterSpecText('name: a\nname: b\n', file).findings[0]).toMatchObject({
      rule: 'cluster-spec',
      message: 'mapping key "name" already defined: map keys must be unique (kubectl and kustomize refuse the file)',
      line: 2,
    });
    expect(validateClusterSpecText('name: a\n---\nname: b\n', file).findings[0]).toMatchObject({
      rule: 'cluster-spec',
      message: 'more than one YAML document (a `---` line): this file holds one',
      line: 2,
    });
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    mkdirSync(join(dir, 'cluster.yaml'));
    expect((await loadClusterSpec(join(dir, 'cluster.yaml'))).findings[0]!.message).toBe(
      `cluster spec ${join(dir, 'cluster.yaml')} is a directory, not a file`,
    );
  });

  it('warns on an unpinned image outside prod and refuses it in prod', () => {
    const dev = withEdit(
      'image: registry.redhat.io/rhaiis/vllm-tpu-rhel9:3.2.5\n    maxModelLen: 2048\n  # Pattern 3',
      'image: registry.redhat.io/rhaiis/vllm-tpu-rhel9:latest\n    maxModelLen: 2048\n  # Pattern 3',
    );
    expect(dev).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'image "registry.redhat.io/rhaiis/vllm-tpu-rhel9:latest" is not pinned (tag latest)',
      }),
    ]);
    const prod = readFileSync(join(repoRoot, 'clusters/gke-native-prod/cluster.yaml'), 'utf8').replace(
      'vllm-tpu-rhel9:3.2.5',
      'vllm-tpu-rhel9',
    );
    const { findings } = validateClusterSpecText(prod, '/repo/clusters/gke-native-prod/cluster.yaml');
    expect(findings[0]).toMatchObject({
      severity: 'error',
      message: 'image "registry.redhat.io/rhaiis/vllm-tpu-rhel9" is not pinned (no tag)',
    });
  });

  it('keeps the published JSON Schema in step with the types', () => {
    expect(() =>
      execFileSync(process.execPath, [join(repoRoot, 'libs/cluster-spec/scripts/generate-schema.mjs'), '--check'], {
        cwd: repoRoot,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('requires the cluster name to match its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other/cluster.yaml'), valid);
    return loadClusterSpec(join(dir, 'other/cluster.yaml')).then((r) =>
      expect(r.findings).toEqual([
        expect.objectContaining({
          message: 'cluster name "gke-native-dev" does not match its folder clusters/other/',
          line: 4,
          column: 1,
        }),
      ]),
    );
  });
});

describe('multi-host node pools', () => {
  const file = '/repo/clusters/gke-native-dev/cluster.yaml';
  // The dev cluster's endpoints (1 + 3 replicas) on a v6e 4x4 pool: 4 hosts per slice, one slice per replica.
  const multiHost = readFileSync(join(repoRoot, 'clusters/gke-native-dev/cluster.yaml'), 'utf8').replace(
    '    topology: 2x2',
    '    topology: 4x4',
  );
  const messages = (text: string) => validateClusterSpecText(text, file).findings.map((f) => f.message);

  it('accepts endpoints on a multi-host topology when the pool holds a slice per replica', () => {
    const text = multiHost.replace('    maxNodes: 4', '    maxNodes: 4\n    slices: 4');
    expect(validateClusterSpecText(text, file).findings).toEqual([]);
  });

  it('refuses a multi-host pool sized to grow into more slices: a slice cannot grow', () => {
    expect(messages(multiHost.replace('    maxNodes: 4', '    maxNodes: 16'))).toContain(
      'node pool "tpu-v6e-pool" is a multi-host 4x4 slice of 4 hosts: a slice cannot grow into a second one, so maxNodes must be 4, not 16',
    );
    const hint = validateClusterSpecText(multiHost.replace('    maxNodes: 4', '    maxNodes: 16'), file).findings.find(
      (f) => f.path === '/nodePools/0/maxNodes',
    )?.hint;
    expect(hint).toBe('Set maxNodes: 4, and slices: 4 for that many slices (each its own node pool).');
    expect(messages(multiHost.replace('    minNodes: 0', '    minNodes: 2'))).toContain(
      'node pool "tpu-v6e-pool" is a multi-host slice of 4 hosts, created and removed whole: minNodes must be 0 or 4, not 2',
    );
  });

  it('refuses replicas beyond the slices of the pool, alone and together', () => {
    expect(messages(multiHost.replace('    maxNodes: 4', '    maxNodes: 4\n    slices: 2'))).toEqual([
      'endpoint "qwen2-3b-pattern3" needs 3 slices of 4x4 (one per replica) but node pool "tpu-v6e-pool" holds 2 slices',
    ]);
    expect(messages(multiHost.replace('    maxNodes: 4', '    maxNodes: 4\n    slices: 3'))).toEqual([
      'node pool "tpu-v6e-pool" would need 4 slices (qwen2-3b-pattern1: 1, qwen2-3b-pattern3: 3) but holds 3',
    ]);
  });

  it('refuses slices on a single-host pool, and a slice named like another pool', () => {
    expect(messages(valid.replace('    maxNodes: 4', '    maxNodes: 4\n    slices: 2'))).toEqual([
      'node pool "tpu-v6e-pool" is single-host (2x2 on ct6e-standard-4t): slices is for multi-host topologies',
    ]);
    const clash = multiHost
      .replace('    maxNodes: 4', '    maxNodes: 4\n    slices: 4')
      .replace(
        'nodePools:\n',
        'nodePools:\n  - name: tpu-v6e-pool-2\n    accelerator: tpu-v6e-slice\n    topology: 2x2\n    machineType: ct6e-standard-4t\n    minNodes: 0\n    maxNodes: 1\n',
      );
    expect(messages(clash)).toContain(
      'slice "tpu-v6e-pool-2" of node pool "tpu-v6e-pool" has the name of another node pool',
    );
  });
});

describe('TPU7x multi-host pools', () => {
  const file = '/repo/clusters/gke-native-dev/cluster.yaml';
  // The dev cluster moved to us-central1-c with a 2x2x4 TPU7x pool (4 hosts) and one replica per endpoint.
  const ironwood = readFileSync(join(repoRoot, 'clusters/gke-native-dev/cluster.yaml'), 'utf8')
    .replace('region: europe-west4', 'region: us-central1')
    .replace('zone: europe-west4-a', 'zone: us-central1-c')
    .replace('accelerator: tpu-v6e-slice', 'accelerator: tpu7x')
    .replace('    topology: 2x2', '    topology: 2x2x4')
    .replace('machineType: ct6e-standard-4t', 'machineType: tpu7x-standard-4t')
    .replace('    maxNodes: 4', '    maxNodes: 4\n    slices: 4');
  const messages = (text: string) => validateClusterSpecText(text, file).findings.map((f) => f.message);

  it('needs the workload policy made outside Config Connector, and says how to make it', () => {
    const findings = validateClusterSpecText(ironwood, file).findings;
    expect(findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        '/nodePools/0',
        'node pool "tpu-v6e-pool" is a multi-host TPU7x slice (2x2x4): GKE places it by a workload policy, not by a TPU topology, and Config Connector cannot create one',
        'Create it once (gcloud compute resource-policies create workload-policy tpu-v6e-pool-policy --type=HIGH_THROUGHPUT --accelerator-topology=2x2x4 --region=us-central1) and name it in workloadPolicy.',
      ],
    ]);
    expect(messages(ironwood.replace('    slices: 4', '    slices: 4\n    workloadPolicy: ironwood-policy'))).toEqual(
      [],
    );
  });

  it('refuses a workload policy on any other pool', () => {
    expect(messages(valid.replace('    maxNodes: 4', '    maxNodes: 4\n    workloadPolicy: some-policy'))).toEqual([
      'node pool "tpu-v6e-pool" is not a multi-host TPU7x slice: only those are placed by a workload policy',
    ]);
  });
});

describe('boot disks for the weights', () => {
  const file = '/repo/clusters/gke-native-dev/cluster.yaml';
  const messages = (text: string) =>
    validateClusterSpecText(text, file).findings.map((f) => `${f.severity} ${f.path} ${f.message}`);

  it('refuses a disk that cannot hold the weights each node downloads', () => {
    const llama = valid
      .replace('    maxNodes: 4', '    maxNodes: 4\n    diskSizeGb: 100')
      .replace(
        '      uri: hf://Qwen/Qwen2.5-3B-Instruct\n      name: Qwen/Qwen2.5-3B-Instruct\n    nodePool: tpu-v6e-pool\n    replicas: 1',
        '      uri: hf://Qwen/Qwen2.5-3B-Instruct\n      name: Qwen/Qwen2.5-3B-Instruct\n      size: 141G\n    nodePool: tpu-v6e-pool\n    replicas: 1',
      );
    expect(messages(llama)).toEqual([
      'error /nodePools/0/diskSizeGb node pool "tpu-v6e-pool" has 100 GB boot disks, but endpoint "qwen2-3b-pattern1" downloads 141 GB of weights to each node: it needs at least 201 GB',
    ]);
  });

  it('warns when the size of a model is not known', () => {
    const unknown = valid.replace(
      'uri: hf://Qwen/Qwen2.5-3B-Instruct\n      name: Qwen/Qwen2.5-3B-Instruct\n',
      'uri: hf://example/secret-model\n      name: secret-model\n',
    );
    expect(messages(unknown)).toEqual([
      'warning /endpoints/0/model the size of model hf://example/secret-model is not known: the boot disk of node pool "tpu-v6e-pool" (100 GB) may not hold its weights',
    ]);
  });
});
