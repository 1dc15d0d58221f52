// The argocd-health check: the health checks a cluster's waves wait on, run in Lua 5.1 against the status
// fixtures of each kind. Tests that run Lua skip with the reason when lua5.1 is absent.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseManifests, type Resource } from '@inference-gitops/core';
import { itWith, upstream } from '@inference-gitops/core/testing';
import { argocdCm, LLMISVC_HEALTH_LUA } from '@inference-gitops/generator';
import { argocdHealthFindings } from '../src/argocd-health/check.js';
import { compileBuiltinHealth, BUILTIN_HEALTH_SOURCES } from '../src/argocd-health/builtin.js';
import { findLua, runHealthScript } from '../src/argocd-health/lua.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const lua = findLua();
const SKIPPED = lua ? '' : ' [skipped: needs lua5.1 on PATH (Debian package lua5.1; .ci/run installs it)]';

/** A naive check: Ready=False is Degraded (KServe sets False while pods start). */
const NAIVE = `
local hs = { status = "Progressing", message = "" }
for _, c in ipairs((obj.status or {}).conditions or {}) do
  if c.type == "Ready" and c.status == "True" then hs.status = "Healthy" end
  if c.type == "Ready" and c.status == "False" then hs.status = "Degraded" end
end
return hs`;

/** An endpoint Application: the service at wave 0, a policy at wave 1 (so the wave waits on the service). */
function endpoint(script: string | undefined, { laterWave = true } = {}) {
  const cm = argocdCm() as { data: Record<string, string> };
  const data = { ...cm.data };
  if (script === undefined) delete data['resource.customizations.health.serving.kserve.io_LLMInferenceService'];
  else data['resource.customizations.health.serving.kserve.io_LLMInferenceService'] = script;
  const docs = [
    { ...cm, data },
    {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LLMInferenceService',
      metadata: { name: 'qwen', namespace: 'models', annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
      spec: { model: { uri: 'hf://Qwen/Qwen2.5-3B-Instruct' } },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPBackendPolicy',
      metadata: {
        name: 'qwen-backend',
        namespace: 'models',
        annotations: { 'argocd.argoproj.io/sync-wave': laterWave ? '1' : '0' },
      },
      spec: {},
    },
  ];
  const { resources } = parseManifests(docs.map((d) => stringify(d)).join('---\n'), { file: '/tree.yaml' });
  const owner = (r: Resource) => (r.kind === 'ConfigMap' ? ['root'] : ['endpoint-qwen']);
  return { resources, applicationsOf: owner };
}

const messages = (r: Awaited<ReturnType<typeof argocdHealthFindings>>) =>
  r.findings.map((f) => `${f.finding.severity} ${f.resource.kind} ${f.finding.path} ${f.finding.message}`);

describe('the argocd-health check', () => {
  it.skipIf(!lua)(`accepts the generated argocd-cm${SKIPPED}`, async () => {
    const result = await argocdHealthFindings({ ...endpoint(LLMISVC_HEALTH_LUA), lua: lua! });
    expect(result).toEqual({ findings: [] });
  });

  it.skipIf(!lua)(
    `refuses a check that says Degraded while the model starts, at the argocd-cm key${SKIPPED}`,
    async () => {
      const result = await argocdHealthFindings({ ...endpoint(NAIVE), lua: lua! });
      const key = '/data/resource.customizations.health.serving.kserve.io_LLMInferenceService';
      expect(messages(result)).toEqual([
        `error ConfigMap ${key} LLMInferenceService: argocd-cm resource.customizations.health.serving.kserve.io_LLMInferenceService says Degraded while the object starts: a Degraded resource in a sync wave fails the sync (case "pods starting (TPU compilation): the workload conditions are False with the Deployment's reason")`,
        `error ConfigMap ${key} LLMInferenceService: argocd-cm resource.customizations.health.serving.kserve.io_LLMInferenceService says Degraded while the object starts: a Degraded resource in a sync wave fails the sync (case "a multi-host slice still forming, reason Progressing")`,
        // It reads Ready alone: a base config that cannot be fetched sets only PresetsCombined=False.
        `warning ConfigMap ${key} LLMInferenceService: argocd-cm resource.customizations.health.serving.kserve.io_LLMInferenceService says Progressing on a failure the controller does not get past: the sync waits with no timeout instead of failing (case "a base config that cannot be fetched")`,
      ]);
    },
  );

  it.skipIf(!lua)(
    `refuses a check that never says Healthy, and warns when a failure stays Progressing${SKIPPED}`,
    async () => {
      const result = await argocdHealthFindings({
        ...endpoint('return { status = "Progressing", message = "always" }'),
        lua: lua!,
      });
      expect(messages(result).map((m) => m.replace(/ \S+ \/data\/\S+ /, ' '))).toEqual([
        'error LLMInferenceService: argocd-cm resource.customizations.health.serving.kserve.io_LLMInferenceService never says Healthy (it says Progressing when the object is ready): the waves after it wait forever (case "serving")',
        'warning LLMInferenceService: argocd-cm resource.customizations.health.serving.kserve.io_LLMInferenceService says Progressing on a failure the controller does not get past: the sync waits with no timeout instead of failing (case "a reconcile error KServe does not get past by itself")',
        'warning LLMInferenceService: argocd-cm resource.customizations.health.serving.kserve.io_LLMInferenceService says Progressing on a failure the controller does not get past: the sync waits with no timeout instead of failing (case "a base config that cannot be fetched")',
      ]);
    },
  );

  it.skipIf(!lua)(`reports a script that does not run${SKIPPED}`, async () => {
    const result = await argocdHealthFindings({ ...endpoint('return obj.status.nothing.here'), lua: lua! });
    expect(messages(result)[0]).toMatch(
      /^error ConfigMap \S+ LLMInferenceService: argocd-cm \S+ fails to run: .*attempt to index .*\(case "just created, no status yet"\)$/,
    );
  });

  it.skipIf(!lua)(`leaves alone a kind no wave waits on${SKIPPED}`, async () => {
    const result = await argocdHealthFindings({ ...endpoint(NAIVE, { laterWave: false }), lua: lua! });
    expect(result).toEqual({ findings: [] });
  });

  it('says why it did not run without lua5.1', async () => {
    const result = await argocdHealthFindings(endpoint(NAIVE));
    expect(result).toEqual({
      findings: [],
      skipped:
        'the health checks of LLMInferenceService were not run: needs lua5.1 on PATH (Debian package lua5.1), the Lua Argo CD runs them in',
    });
  });

  it('leaves a kind without any check to the rule argocd-health-check', async () => {
    expect(await argocdHealthFindings({ ...endpoint(undefined), ...(lua ? { lua } : {}) })).toEqual({ findings: [] });
  });

  it.skipIf(!lua)(
    `runs Argo CD's built-in check where the tree has none, and it passes the fixtures${SKIPPED}`,
    async () => {
      const docs = [
        'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: sk, namespace: m, annotations: {argocd.argoproj.io/sync-wave: "0"}}\nspec: {predictor: {model: {modelFormat: {name: sklearn}}}}\n',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after, namespace: m, annotations: {argocd.argoproj.io/sync-wave: "1"}}\n',
      ].join('---\n');
      const { resources } = parseManifests(docs, { file: '/isvc.yaml' });
      const result = await argocdHealthFindings({ resources, applicationsOf: () => ['app'], lua: lua! });
      expect(result).toEqual({ findings: [] });
      // And a broken built-in would be caught: the same fixtures refuse a check that is always Healthy.
      const [starting] = await runHealthScript(lua!, 'return { status = "Healthy" }', [{}]);
      expect(starting!.status).toBe('Healthy');
    },
  );
});

describe('the built-in health data (libs/validator/src/argocd-health/builtin-health.json)', () => {
  const mirror = upstream('crds/argo-cd@v3.5.1/resource_customizations', "Argo CD v3.5.1's health scripts");
  itWith(
    mirror,
    'is exactly what the pinned Argo CD release gives (npm run argocd-health -- --mirror ../shared/crds/argo-cd@v3.5.1/resource_customizations)',
    () => {
      const compiled = compileBuiltinHealth((s) => readFileSync(join(mirror.path, s.path)));
      expect(
        JSON.parse(readFileSync(join(repoRoot, 'libs/validator/src/argocd-health/builtin-health.json'), 'utf8')),
      ).toEqual(compiled);
    },
  );

  it('refuses a script whose sha256 is not the pinned one', () => {
    expect(() => compileBuiltinHealth(() => new TextEncoder().encode('return {}'))).toThrow(
      `${BUILTIN_HEALTH_SOURCES[0]!.path}: sha256 `,
    );
  });
});
