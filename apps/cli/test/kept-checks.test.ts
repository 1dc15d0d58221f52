// The built CLI keeps each render unit's schema pass between runs (cache folder `checks`): a second run
// that reads every unit back reports exactly what the first one found, at the same lines.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, schemaCache } from './helpers.js';

const RESOURCES = `apiVersion: v1
kind: ConfigMap
metadata:
  name: Model-Config
data: {a: b}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: two
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs: [{name: gw}]
  rules:
    - matches:
        - path: {type: PathPrefix, value: v1/completions}
      backendRefs: [{name: vllm, port: 8000}]
`;

describe('checks kept between runs', () => {
  it('give the same report, read back instead of checked again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-checks-'));
    writeFileSync(join(dir, '.gitops.yaml'), '');
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: llm\nresources: [resources.yaml]\n',
    );
    writeFileSync(join(dir, 'resources.yaml'), RESOURCES);
    writeFileSync(
      join(dir, 'plain.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: llm}\nspec:\n  ports: [{port: 80, bogus: 1}]\n',
    );
    const cache = mkdtempSync(join(tmpdir(), 'kept-checks-cache-'));
    cpSync(await schemaCache(), cache, { recursive: true });
    const run = (env: Record<string, string> = {}) => {
      const out = spawnSync(
        process.execPath,
        [
          join(repoRoot, 'apps/cli/bin/gitops.mjs'),
          'validate',
          '.',
          'plain.yaml',
          '--no-rules',
          '--offline',
          '--format',
          'json',
        ],
        {
          cwd: dir,
          env: { ...process.env, GITOPS_CACHE_DIR: cache, NO_COLOR: '1', CI: 'true', ...env },
          encoding: 'utf8',
        },
      );
      const report = JSON.parse(out.stdout) as {
        summary: Record<string, unknown>;
        findings: Array<{ rule: string; file: string; line: number; path: string }>;
      };
      delete report.summary.durationMs;
      return { status: out.status, report };
    };
    // Nothing kept when the environment says so: the same report, no entry written.
    const unkept = run({ GITOPS_CHECK_CACHE: '0', GITOPS_RENDER_CACHE: '0' });
    expect(unkept.status).toBe(1);
    expect(existsSync(join(cache, 'checks'))).toBe(false);
    expect(existsSync(join(cache, 'render'))).toBe(false);

    const first = run();
    expect(first.status).toBe(1);
    expect(first.report).toEqual(unkept.report);
    expect(first.report.findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.path}`)).toEqual([
      'schema plain.yaml:5 /spec/ports/0/bogus',
      'api-validation resources.yaml:4 /metadata/name',
      'schema resources.yaml:12 /spec/replicas',
      'cel resources.yaml:31 /spec/rules/0/matches/0/path',
    ]);
    const checks = join(cache, 'checks');
    const entries = readdirSync(checks);
    expect(entries).toHaveLength(2); // the overlay and the plain file
    const past = new Date(Date.now() - 3_600_000);
    for (const e of entries) utimesSync(join(checks, e), past, past);

    const second = run();
    expect(second).toEqual(first);
    expect(readdirSync(checks).sort()).toEqual(entries.sort());
    // Read back: an entry is touched when read (what keeps it from pruning).
    for (const e of entries) expect(statSync(join(checks, e)).mtimeMs).toBeGreaterThan(past.getTime() + 1000);
  });
});
