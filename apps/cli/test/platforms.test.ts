// Platforms: each cluster judged against the versions its spec names, `gitops platforms`, the generator for
// community KServe, and the upgrade rehearsal (`gitops validate CLUSTER --platform NAME`).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

type Finding = { rule: string; severity: string; file: string; line: number; message: string; path?: string };
interface JsonReport {
  findings: Finding[];
  summary: { errors: number; notes?: string[] };
  rehearsal?: {
    platform: string;
    versions: string[];
    generated: Array<{ cluster: string; files: string[]; errors: number; specErrors?: boolean }>;
    endpoints: Array<{ resource: string; changes: string[]; diff: string }>;
  };
}

/** A scratch copy of the repository, with a cluster spec edited or added. */
function repoWith(edits: Record<string, (spec: string) => string>, added: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'platforms-'));
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  for (const [cluster, edit] of Object.entries(edits)) {
    const file = join(dir, 'clusters', cluster, 'cluster.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
  }
  for (const [cluster, text] of Object.entries(added)) {
    mkdirSync(join(dir, 'clusters', cluster), { recursive: true });
    writeFileSync(join(dir, 'clusters', cluster, 'cluster.yaml'), text);
  }
  return dir;
}

/** gke-native-dev moved to community KServe v0.20.0 and the newest releases of the other sets. */
function communitySpec(): string {
  return readFileSync(join(repoRoot, 'clusters/gke-native-dev/cluster.yaml'), 'utf8')
    .replace(/^name: gke-native-dev$/m, 'name: gke-community-dev')
    .replace(/^ {2}namespace: opendatahub$/m, '  namespace: kserve')
    .replace(/^ {2}lws: v0\.8\.0$/m, '  lws: v0.10.0\n  gatewayApi: v1.6.1\n  externalSecrets: v2.9.0')
    .replace(/^ {2}inferenceExtension: v1\.2\.0$/m, '  inferenceExtension: v1.6.0')
    .replace(/^ {2}inferenceModel: v0\.3\.0\n/m, '')
    .replace(/^ {2}kserve: odh-v3\.4-EA1$/m, '  kserve: v0.20.0')
    .replace(/cnrm-my-gcp-project/, 'cnrm-community-project')
    .replace(/project: my-gcp-project/, 'project: community-project');
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe('gitops platforms', () => {
  it('lists the platforms of the lock, the default first, with the version of each set and the clusters on it', async () => {
    const { code, stdout } = await gitops(['platforms']);
    expect(code).toBe(0);
    const names = stdout.split('\n').filter((l) => /^[a-z]/.test(l));
    expect(names.map((l) => l.split(':')[0])).toEqual(['gke-odh-3.4 (default)', 'gke-odh-3.4-next', 'gke-kserve-0.20']);
    expect(stdout).toContain('  gateway-api          v1.6.1\n');
    expect(stdout).toContain('  clusters: gke-native-dev, gke-native-prod, istio-staging\n');
    const listed = JSON.parse((await gitops(['platforms', '--format', 'json'])).stdout) as {
      platforms: Array<{ name: string; sets: Record<string, string>; committedBytes: number; clusters: string[] }>;
    };
    const community = listed.platforms.find((p) => p.name === 'gke-kserve-0.20')!;
    expect(community.sets).toMatchObject({ kserve: 'v0.20.0', 'inference-extension': 'v1.6.0', lws: 'v0.10.0' });
    expect(community.sets['inference-model']).toBeUndefined();
    expect(community.committedBytes).toBeGreaterThan(1_000_000);
  });

  it('refuses an unknown platform with the names it knows (exit 2)', async () => {
    const { code, stderr } = await gitops(['validate', 'gke-native-dev', '--platform', 'gke-1.99']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--platform gke-1.99: no such platform in schemas/lock.yaml; known: gke-odh-3.4, gke-odh-3.4-next, gke-kserve-0.20 (see `gitops platforms`)',
    );
  });
});

describe('each cluster is judged against the versions its spec names', () => {
  it('refuses a version the lock does not pin, at the spec line', async () => {
    const dir = repoWith({ 'gke-native-dev': (s) => s.replace('  lws: v0.8.0', '  lws: v0.9.0') });
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const spec = json(stdout).findings.filter((f) => f.rule === 'cluster-spec');
    expect(spec).toEqual([
      expect.objectContaining({
        file: 'clusters/gke-native-dev/cluster.yaml',
        line: 38,
        message:
          'versions.lws v0.9.0: schemas/lock.yaml pins no lws v0.9.0 (it pins v0.8.0, v0.10.0), so the tree cannot be judged against what the cluster will run',
      }),
    ]);
  });

  it('refuses a Kubernetes version whose core schemas are not embedded, at the spec line', async () => {
    const dir = repoWith({
      'gke-native-dev': (s) => s.replace('  certManager: v1.16.2', '  certManager: v1.16.2\n  kubernetes: "1.33"'),
    });
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(json(stdout).findings.filter((f) => f.rule === 'cluster-spec')).toEqual([
      expect.objectContaining({
        line: 38,
        message:
          'versions.kubernetes 1.33: the embedded core schemas are Kubernetes 1.32, so the tree cannot be judged against what the cluster will run',
      }),
    ]);
  });

  it('judges a cluster on the Inference Extension 1.6 by its CRDs: the pool the ODH build writes is not served there', async () => {
    const dir = repoWith({
      'gke-native-dev': (s) => s.replace('  inferenceExtension: v1.2.0', '  inferenceExtension: v1.6.0'),
    });
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    const derived = json(stdout).findings.filter((f) => f.rule === 'kserve-derived-kinds');
    expect(derived.map((f) => [f.line, f.message])).toEqual([
      [
        54,
        'KServe odh-v3.4-EA1 writes an InferencePool (inference.networking.x-k8s.io/v1alpha2) for this service (its managed scheduler), and this platform does not serve that kind: the reconcile fails there and the endpoint never becomes ready',
      ],
      [
        64,
        'KServe odh-v3.4-EA1 writes an InferencePool (inference.networking.x-k8s.io/v1alpha2) for this service (its managed scheduler), and this platform does not serve that kind: the reconcile fails there and the endpoint never becomes ready',
      ],
    ]);
  });
});

describe('community KServe', () => {
  it('is generated from versions.kserve v0.20.0 and validates clean against the platform it names', async () => {
    const dir = repoWith({}, { 'gke-community-dev': communitySpec() });
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const service = readFileSync(
      join(dir, 'overlays/endpoints/gke-community-dev/qwen2-3b-pattern1/llminferenceservice.yaml'),
      'utf8',
    );
    expect(service).toContain('apiVersion: serving.kserve.io/v1alpha2\n');
    // The preset's scheduler is kept: its flags are in `command`, where args would be appended.
    expect(service).toContain('    scheduler: {}\n');
    const kserve = readFileSync(join(dir, 'clusters/gke-community-dev/argocd/apps/kserve.yaml'), 'utf8');
    expect(kserve).toContain('repoURL: https://github.com/kserve/kserve.git');
    expect(kserve).toContain('path: config/overlays/llmisvc');
    expect(kserve).toContain('path: config/llmisvcconfig');
    expect(kserve).toContain('namespace: kserve');
    const crds = readFileSync(
      join(dir, 'clusters/gke-community-dev/argocd/apps/inference-extension-crds.yaml'),
      'utf8',
    );
    expect(crds).not.toContain('inferencemodels');
    const { code, stdout } = await gitops(['validate', 'gke-community-dev', '--format', 'json'], dir);
    expect(json(stdout).findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
    const platforms = (await gitops(['platforms'], dir)).stdout;
    expect(platforms).toContain('  clusters: gke-community-dev\n');
  });

  it('has the platform create a gateway namespace the KServe install does not (the serving project may not)', async () => {
    const dir = repoWith(
      {},
      { 'gke-community-dev': communitySpec().replace('  namespace: kserve', '  namespace: inference') },
    );
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const namespaces = readFileSync(
      join(dir, 'overlays/clusters/gke-community-dev/namespaces/namespaces.yaml'),
      'utf8',
    );
    expect(namespaces).toContain('  name: inference\n  labels:\n    inference-gitops.dev/gateway: "true"\n');
    const { code, stdout } = await gitops(['validate', 'gke-community-dev', '--format', 'json'], dir);
    expect(json(stdout).findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });

  it('refuses an OpenDataHub build without versions.inferenceModel, at the spec', async () => {
    const dir = repoWith({ 'gke-native-dev': (s) => s.replace('  inferenceModel: v0.3.0\n', '') });
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(json(stdout).findings).toContainEqual(
      expect.objectContaining({
        rule: 'cluster-spec',
        line: 36,
        message:
          'KServe odh-v3.4-EA1 (the OpenDataHub build) writes InferenceModel objects: versions.inferenceModel is required',
      }),
    );
  });
});

describe('upgrade rehearsal: gitops validate CLUSTER --platform NAME', () => {
  it('reports what the committed tree breaks on community KServe, what generate would write, and what each endpoint runs differently', async () => {
    const { code, stdout } = await gitops([
      'validate',
      'gke-native-dev',
      '--platform',
      'gke-kserve-0.20',
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    const report = json(stdout);
    // The tree as committed: the ODH scheduler args make the EPP watch a pool community KServe does not write.
    expect(report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'scheduler-pool-group clusters/gke-native-dev/cluster.yaml:54',
      'scheduler-pool-group clusters/gke-native-dev/cluster.yaml:64',
    ]);
    const r = report.rehearsal!;
    expect(r.platform).toBe('gke-kserve-0.20');
    expect(r.versions[0]).toContain('kserve odh-v3.4-EA1 -> v0.20.0');
    expect(r.versions[0]).toContain('inference-model v0.3.0 -> (none)');
    // Regenerated for the platform, the tree validates: the upgrade is a version bump and `gitops generate`.
    expect(r.generated).toEqual([expect.objectContaining({ cluster: 'gke-native-dev', errors: 0 })]);
    expect(r.generated[0]!.files).toContain('clusters/gke-native-dev/argocd/apps/kserve.yaml');
    expect(r.generated[0]!.files).toContain(
      'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/llminferenceservice.yaml',
    );
    expect(r.endpoints.map((e) => e.resource)).toEqual([
      'LLMInferenceService llm-d-inference-scheduling/qwen2-3b-pattern1 (KServe odh-v3.4-EA1 -> v0.20.0)',
      'LLMInferenceService llm-d-inference-scheduling/qwen2-3b-pattern3 (KServe odh-v3.4-EA1 -> v0.20.0)',
    ]);
    expect(r.endpoints[0]!.changes).toContain(
      'scheduler image: ghcr.io/llm-d/llm-d-inference-scheduler:v0.2.0 -> ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0',
    );
    expect(r.endpoints[0]!.diff).toContain('+++ qwen2-3b-pattern1 on KServe v0.20.0');
    expect(report.summary.notes?.[0]).toContain(
      "only what platform gke-kserve-0.20 adds to today's findings is listed",
    );
  });

  it('says the spec must change first when the platform refuses it, at the spec line', async () => {
    // A platform of the repository's own lock that installs no sail-operator: an Istio cluster cannot move to it.
    const dir = repoWith({});
    const lock = join(dir, 'schemas/lock.yaml');
    writeFileSync(
      lock,
      readFileSync(lock, 'utf8').replace(
        '\nfiles:\n',
        "\n  - name: gke-no-istio\n    sets: {kserve: odh-v3.4-EA1, kserve-presets: odh-v3.4-EA1, gateway-api: v1.4.0, inference-extension: v1.2.0, inference-model: v0.3.0, lws: v0.8.0, argo-cd: v3.5.1, external-secrets: v1.3.2, cert-manager: v1.16.2, config-connector: v1.155.1, gke: '2026-02-18'}\nfiles:\n",
      ),
    );
    const { code, stdout } = await gitops(
      ['validate', 'istio-staging', '--platform', 'gke-no-istio', '--format', 'json'],
      dir,
    );
    expect(code).toBe(1);
    const report = json(stdout);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'cluster-spec',
        file: 'clusters/istio-staging/cluster.yaml',
        message:
          "as `gitops generate` would write it for gke-no-istio (versions: set to the platform's): the istio variant needs versions.sailOperator",
      }),
    );
    expect(report.rehearsal!.generated[0]).toMatchObject({ cluster: 'istio-staging', specErrors: true, files: [] });
  });

  it('a cluster already on the platform adds nothing', async () => {
    const { code, stdout } = await gitops([
      'validate',
      'gke-native-dev',
      '--platform',
      'gke-odh-3.4',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.findings).toEqual([]);
    expect(report.rehearsal).toEqual({
      platform: 'gke-odh-3.4',
      versions: ['cluster gke-native-dev already runs the versions of gke-odh-3.4'],
      generated: [{ cluster: 'gke-native-dev', files: [], errors: 0, warnings: 2 }],
      endpoints: [],
    });
  });
});

describe('the pull request job that rehearses a change of versions', () => {
  it('lists the clusters whose versions change and rehearses the base tree on their platform (tools/ci/rehearse-changes.mjs)', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'platform-pr-'));
    execFileSync('git', ['clone', '-q', repoRoot, clone]);
    const spec = join(clone, 'clusters/gke-native-dev/cluster.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8')
        .replace('  lws: v0.8.0', '  lws: v0.10.0\n  gatewayApi: v1.6.1\n  externalSecrets: v2.9.0')
        .replace('  inferenceExtension: v1.2.0', '  inferenceExtension: v1.6.0'),
    );
    const listed = await gitops(['platforms', '--changed', 'HEAD', '--format', 'json'], clone);
    expect(listed.code).toBe(0);
    const changes = JSON.parse(listed.stdout) as Array<{ cluster: string; changes: string[]; platform: string | null }>;
    expect(changes).toEqual([
      {
        cluster: 'gke-native-dev',
        changes: [
          'external-secrets v1.3.2 -> v2.9.0',
          'gateway-api v1.4.0 -> v1.6.1',
          'inference-extension v1.2.0 -> v1.6.0',
          'lws v0.8.0 -> v0.10.0',
        ],
        platform: 'gke-odh-3.4-next',
      },
    ]);
    writeFileSync(join(clone, 'platform-changes.json'), listed.stdout);
    const run = spawnSync('node', [join(repoRoot, 'tools/ci/rehearse-changes.mjs'), 'HEAD', 'platform-changes.json'], {
      cwd: clone,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('The base tree on platform `gke-odh-3.4-next`: **something would break**.');
    expect(run.stdout).toContain('kserve-derived-kinds');
    expect((await gitops(['platforms', '--changed', 'no-such-ref'], clone)).stderr).toContain(
      '--changed no-such-ref: not a git revision of this repository',
    );
  });
});
