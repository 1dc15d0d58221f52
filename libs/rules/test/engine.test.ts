import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import { parseManifests } from '@inference-gitops/core';
import { describeWith, seedManifests } from '@inference-gitops/core/testing';
import { deriveKServe, loadRulesConfig, registry, runRules } from '../src/index.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const repoRoot = resolve(import.meta.dirname, '../../..');
const load = (file: string) => parseManifests(readFileSync(file, 'utf8'), { file }).resources;

describe('rule engine', () => {
  it('marks a suppressed finding with its reason and still reports it', () => {
    const text = readFileSync(join(fixtures, 'image-pinned/fail.yaml'), 'utf8').replace(
      '  name: web\n',
      '  name: web\n  annotations:\n    inference-gitops.dev/suppress: "image-pinned: mirrored nightly, pinned by the registry"\n',
    );
    const { findings } = runRules(parseManifests(text, { file: '/x.yaml' }).resources, { only: ['image-pinned'] });
    expect(findings.find((f) => f.resource?.name === 'web')).toMatchObject({
      rule: 'image-pinned',
      suppressed: { reason: 'mirrored nightly, pinned by the registry' },
    });
    expect(findings.find((f) => f.resource?.name === 'api')!.suppressed).toBeUndefined();
  });

  it('warns on a suppression without reason or with an unknown rule id, and suppresses nothing then', () => {
    const text = readFileSync(join(fixtures, 'image-pinned/fail.yaml'), 'utf8').replace(
      '  name: web\n',
      '  name: web\n  annotations:\n    inference-gitops.dev/suppress: "image-pinned; no-such-rule: because"\n',
    );
    const { findings } = runRules(parseManifests(text, { file: '/x.yaml' }).resources, { only: ['image-pinned'] });
    expect(findings.filter((f) => f.rule === 'suppression').map((f) => f.message)).toEqual([
      'suppression of image-pinned has no reason, so it suppresses nothing',
      'suppression names unknown rule "no-such-rule"',
    ]);
    expect(findings.find((f) => f.rule === 'image-pinned' && f.resource?.name === 'web')!.suppressed).toBeUndefined();
  });

  it('lists rules that need a cluster spec as skipped, never a silent pass', () => {
    // The TPU workloads without the node pools the fixture also holds: nothing says what the cluster has.
    const workloads = load(join(fixtures, 'tpu-capacity/fail.yaml')).filter((r) => r.kind !== 'ContainerNodePool');
    const { skipped, rulesRun } = runRules(workloads);
    expect(skipped).toContainEqual({
      rule: 'tpu-capacity',
      reason: "needs the cluster's node pools (validate a cluster, or pass --cluster NAME|FILE)",
    });
    expect(skipped).toContainEqual({
      rule: 'argocd-source-exists',
      reason: 'needs a cluster spec (validate a cluster, or pass --cluster NAME|FILE)',
    });
    void rulesRun;
  });

  it('applies severity overrides per environment and disables rules from .gitops.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(
      join(dir, '.gitops.yaml'),
      'rules:\n  disable: [tpu-toleration]\n  severity:\n    image-pinned: info\n  environments:\n    prod:\n      severity:\n        image-pinned: error\n    qa: {}\n  colour: red\n',
    );
    const { config, findings } = loadRulesConfig(dir, registry.ids());
    expect(findings.map((f) => [f.message, f.line]).sort()).toEqual([
      ['unknown environment "qa"', 9],
      ['unknown key "colour" under rules', 10],
    ]);
    const resources = load(join(fixtures, 'image-pinned/fail.yaml'));
    expect(
      runRules(resources, { config, environment: 'dev', only: ['image-pinned'] }).findings.map((f) => f.severity),
    ).toEqual(['info', 'info']);
    expect(
      runRules(resources, { config, environment: 'prod', only: ['image-pinned'] }).findings.map((f) => f.severity),
    ).toEqual(['error', 'error']);
    expect(runRules(load(join(fixtures, 'tpu-toleration/fail.yaml')), { config }).rulesRun).not.toContain(
      'tpu-toleration',
    );
  });

  it('derives what KServe creates from an LLMInferenceService', () => {
    const [k] = deriveKServe(load(join(fixtures, 'gke-httproute-no-timeouts/fail.yaml')));
    expect(k!.route).toMatchObject({
      name: 'qwen-kserve-route',
      fromPreset: true,
      parentRefs: [{ name: 'inference-gateway', namespace: 'opendatahub' }],
    });
    expect(k!.route!.rules.every((r) => 'timeouts' in r)).toBe(true);
    expect(k!.pools.map((p) => `${p.group}/${p.name}`)).toEqual([
      'inference.networking.x-k8s.io/qwen-inference-pool',
      'inference.networking.k8s.io/qwen-inference-pool',
    ]);
    expect(k!.scheduler!.labels['app.kubernetes.io/component']).toBe('llminferenceservice-router-scheduler');
    expect(k!.workloadPods[0]!.labels).toMatchObject({
      'app.kubernetes.io/name': 'qwen',
      'kserve.io/component': 'workload',
    });
  });
});

const seedDeployment = seedManifests();
describeWith(seedDeployment, 'the seed deployment', () => {
  const seed = join(seedDeployment.path, 'deployments');
  it('pattern 3 Istio: the EPP NetworkPolicy selects nothing (KServe labels the scheduler llminferenceservice-router-scheduler)', () => {
    const dir = join(seed, 'istio-kserve/pattern3-caching/manifests');
    const resources = [
      'llmisvc-tpu-pattern3.yaml',
      'networkpolicies/allow-epp-scheduler.yaml',
      'networkpolicies/allow-gateway-to-vllm.yaml',
      'networkpolicies/allow-vllm-egress.yaml',
    ].flatMap((f) => load(join(dir, f)));
    const { findings } = runRules(resources);
    expect(
      findings
        .filter((f) => f.severity === 'error' || f.rule === 'networkpolicy-selects-pods')
        .map((f) => `${f.severity} ${f.rule} ${f.resource?.name}`)
        .sort(),
    ).toEqual([
      // Without the cluster's spec the pods a selector names may live elsewhere: a warning (issue #24, item 5).
      'error networkpolicy-serving-path qwen2-3b-pattern3',
      'warning networkpolicy-selects-pods allow-gateway-to-epp-scheduler-pattern3',
      // allow-gateway-to-vllm selects app.kubernetes.io/name, which the scheduler pod carries too: it
      // isolates the scheduler and only opens 8000, so the gateway cannot reach the EPP on 9002.
    ]);
  });

  it('native gateway: the preset route keeps timeouts GKE rejects, and the pool health check targets a hash-named Service', () => {
    const dir = join(seed, 'llm-d-infra-xks-gke-tpu-native-gateway/manifests');
    const resources = ['llmisvc-tpu.yaml', 'healthcheck-policies-pattern1.yaml'].flatMap((f) => load(join(dir, f)));
    const gateway = parseManifests(
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: inference-gateway, namespace: opendatahub}\nspec:\n  gatewayClassName: gke-l7-regional-external-managed\n  listeners: [{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]\n',
      { file: '/gw.yaml' },
    ).resources;
    const { findings } = runRules([...resources, ...gateway]);
    expect(
      findings
        .filter((f) => f.severity === 'error' || f.rule === 'gke-policy-target-resolves')
        .map((f) => `${f.rule} ${f.resource?.name} ${f.path}${f.severity === 'warning' ? ' (warning)' : ''}`)
        .sort(),
    ).toEqual([
      // The seed's NG-6/NG-15: the catch-all rule reaches KServe's https workload Service, the EPP scrapes over
      // https, and the seed's vLLM serves plain HTTP.
      'backend-scheme-matches-server qwen2-3b-pattern1 /spec/router/route',
      'backend-scheme-matches-server qwen2-3b-pattern1 /spec/router/scheduler',
      'gke-healthcheck-policy qwen2-3b-pattern1 /spec/router',
      'gke-httproute-no-timeouts qwen2-3b-pattern1 /spec/router/route',
      // GKE names that Service <pool>-ip-<hash> itself: no route uses it, so the policy attaches to nothing routed
      // (a warning without the cluster's spec: a route elsewhere might).
      'gke-policy-target-resolves qwen2-pattern1-inferencepool-health-check /spec/targetRef/name (warning)',
    ]);
  });
});

describe('cross-object rules on a set that cannot know', () => {
  it('does not call a lone InferencePool or NetworkPolicy file an error: the rule is listed as skipped, with the reason', () => {
    const text =
      'apiVersion: inference.networking.k8s.io/v1\nkind: InferencePool\nmetadata: {name: pool, namespace: llm}\nspec:\n  selector: {matchLabels: {app: vllm}}\n  targetPorts: [{number: 8000}]\n  endpointPickerRef: {name: epp, port: {number: 9002}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: llm}\nspec:\n  podSelector: {matchLabels: {app: vllm}}\n  policyTypes: [Ingress]\n';
    const { findings, skipped } = runRules(parseManifests(text, { file: '/pool.yaml' }).resources);
    expect(
      findings.filter((f) => f.rule === 'inferencepool-selector-matches' || f.rule === 'networkpolicy-selects-pods'),
    ).toEqual([]);
    expect(skipped).toEqual(
      expect.arrayContaining([
        {
          rule: 'inferencepool-selector-matches',
          reason:
            'InferencePool pool: the validated set holds no workload in namespace llm (validate its cluster, or pass --cluster)',
        },
        {
          rule: 'networkpolicy-selects-pods',
          reason:
            'NetworkPolicy np: the validated set holds no workload in namespace llm (validate its cluster, or pass --cluster)',
        },
      ]),
    );
  });

  it('calls a selector that matches no pod of the files at hand a warning without a spec, an error with it', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other, namespace: llm}\nspec:\n  selector: {matchLabels: {app: other}}\n  template:\n    metadata: {labels: {app: other}}\n    spec: {containers: [{name: c, image: nginx:1.27.0}]}\n---\napiVersion: inference.networking.k8s.io/v1\nkind: InferencePool\nmetadata: {name: pool, namespace: llm}\nspec:\n  selector: {matchLabels: {app: vllm}}\n  targetPorts: [{number: 8000}]\n  endpointPickerRef: {name: epp, port: {number: 9002}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: llm}\nspec:\n  podSelector: {matchLabels: {app: vllm}}\n  policyTypes: [Ingress]\n';
    const rules = ['inferencepool-selector-matches', 'networkpolicy-selects-pods'];
    const lone = runRules(parseManifests(text, { file: '/set.yaml' }).resources, { only: rules }).findings;
    expect(lone.map((f) => `${f.rule} ${f.severity}`).sort()).toEqual([
      'inferencepool-selector-matches warning',
      'networkpolicy-selects-pods warning',
    ]);
    expect(lone[0]!.hint).toBe(
      "Match the labels of the model-server pods in the same namespace. (A warning: without the cluster's spec, what it names may live in files not validated here; validate the cluster, or pass --cluster.)",
    );
    const spec = parse(readFileSync(join(repoRoot, 'clusters/gke-native-dev/cluster.yaml'), 'utf8')) as ClusterSpec;
    const withSpec = runRules(parseManifests(text, { file: '/set.yaml' }).resources, { only: rules, spec }).findings;
    expect(withSpec.map((f) => f.severity)).toEqual(['error', 'error']);
  });

  it("judges KServe's own workload Service by the release: https in the ODH build, http in community KServe while TLS is off", () => {
    const resources = load(join(fixtures, 'backend-scheme-matches-server/fail.yaml'));
    const routeFindings = (kserveRelease?: string) =>
      runRules(resources, { only: ['backend-scheme-matches-server'], ...(kserveRelease ? { kserveRelease } : {}) })
        .findings.filter((f) => f.message.includes('kserve-workload-svc'))
        .map((f) => f.resource?.name);
    expect(routeFindings()).toEqual(['preset-route']);
    expect(routeFindings('v0.20.0')).toEqual([]);
  });

  it('calls a picker on a port its Service lacks an error, and a picker shared or watching another pool a warning', () => {
    const { findings } = runRules(load(join(fixtures, 'inferencepool-epp/fail.yaml')), { only: ['inferencepool-epp'] });
    expect(findings.map((f) => `${f.resource?.name} ${f.severity}`).sort()).toEqual([
      'gemma warning',
      'llama error',
      'phi3 warning',
      'qwen warning',
    ]);
  });

  it('does not judge a pool whose endpoint picker another Application installs: listed as skipped', () => {
    const { findings, skipped } = runRules(load(join(fixtures, 'inferencepool-epp/pass.yaml')), {
      only: ['inferencepool-epp'],
    });
    expect(findings).toEqual([]);
    expect(skipped).toContainEqual({
      rule: 'inferencepool-epp',
      reason:
        'InferencePool llm-d/gemma: its endpoint picker Service gemma-epp is not in the validated set (a chart or another Application installs it)',
    });
  });

  it('does not judge an EnvoyFilter route of a namespace the set holds nothing of: listed as skipped', () => {
    const { findings, skipped } = runRules(load(join(fixtures, 'istio-envoyfilter-route/pass.yaml')), {
      only: ['istio-envoyfilter-route'],
    });
    expect(findings).toEqual([]);
    expect(skipped).toContainEqual({
      rule: 'istio-envoyfilter-route',
      reason:
        'EnvoyFilter inference-pool-route-body-forwarding-pattern3: route other-team.chat-route.0 is in namespace other-team, of which the validated set holds no HTTPRoute or LLMInferenceService',
    });
  });

  it('does not call a backend of a namespace the set knows nothing about ungranted: listed as skipped', () => {
    const { findings, skipped } = runRules(load(join(fixtures, 'httproute-backend-grant/fail.yaml')), {
      only: ['httproute-backend-grant'],
    });
    expect(findings.map((f) => f.path)).not.toContain('/spec/rules/1/backendRefs/0/namespace');
    expect(skipped).toContainEqual({
      rule: 'httproute-backend-grant',
      reason:
        'HTTPRoute llm/mirrored: backend Service unknown/elsewhere and the ReferenceGrants of unknown are not in the validated set (validate its cluster)',
    });
  });
});
