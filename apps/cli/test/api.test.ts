// What the API server refuses beyond its OpenAPI schema, caught by `gitops validate` at the line a
// person edits, although the strict schema pass alone accepts every one of these manifests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { itWith, upstreamFiles } from '@inference-gitops/core/testing';
import { SchemaCatalog } from '@inference-gitops/schema-catalog';
import { gitops, repoRoot, schemaCache } from './helpers.js';

const cases: Array<{ name: string; yaml: string; line: number; path: string; message: string }> = [
  {
    name: 'a ConfigMap named Model-Config',
    yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Model-Config\n  namespace: llm\ndata: {a: b}\n',
    line: 4,
    path: '/metadata/name',
    message: 'Model-Config',
  },
  {
    name: 'a Service named 9vllm',
    yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 9vllm\n  namespace: llm\nspec:\n  ports: [{port: 8000}]\n',
    line: 4,
    path: '/metadata/name',
    message: '9vllm',
  },
  {
    name: 'a label value of 70 characters',
    yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: llm\n  labels:\n    app: ${'a'.repeat(70)}\n`,
    line: 7,
    path: '/metadata/labels/app',
    message: '63',
  },
  {
    name: 'a Deployment whose selector does not match its template labels',
    yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: llm}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: other}\n    spec:\n      containers: [{name: web, image: nginx:1.27.0}]\n',
    line: 9,
    path: '/spec/template/metadata/labels',
    message: 'selector',
  },
  {
    name: 'a readiness probe with both httpGet and tcpSocket',
    yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: llm}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.0\n          readinessProbe:\n            httpGet: {path: /, port: 80}\n            tcpSocket: {port: 80}\n',
    line: 14,
    path: '/spec/template/spec/containers/0/readinessProbe',
    message: 'handler',
  },
];

const route = (rule: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: llm}\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n${rule}`;
const celCases: Array<{ name: string; yaml: string; line: number; path: string; message: string }> = [
  {
    name: 'an HTTPRoute PathPrefix without a leading /',
    yaml: route(
      '    - matches:\n        - path:\n            type: PathPrefix\n            value: v1/completions\n      backendRefs: [{name: vllm, port: 8000}]\n',
    ),
    line: 8,
    path: '/spec/rules/0/matches/0/path',
    message: "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
  },
  {
    name: 'an HTTPRoute rule with two RequestHeaderModifier filters',
    yaml: route(
      '    - filters:\n        - type: RequestHeaderModifier\n          requestHeaderModifier: {set: [{name: a, value: b}]}\n        - type: RequestHeaderModifier\n          requestHeaderModifier: {set: [{name: c, value: d}]}\n      backendRefs: [{name: vllm, port: 8000}]\n',
    ),
    line: 7,
    path: '/spec/rules/0/filters',
    message: 'RequestHeaderModifier filter cannot be repeated',
  },
  {
    name: 'a Service backendRef without a port (after defaulting group and kind)',
    yaml: route('    - backendRefs:\n        - name: vllm\n'),
    line: 8,
    path: '/spec/rules/0/backendRefs/0',
    message: 'Must have port for Service reference',
  },
  {
    name: 'an InferencePool with the same target port twice',
    yaml: 'apiVersion: inference.networking.k8s.io/v1\nkind: InferencePool\nmetadata: {name: pool, namespace: llm}\nspec:\n  selector:\n    matchLabels: {app: vllm}\n  targetPorts:\n    - number: 8000\n    - number: 8000\n  endpointPickerRef: {name: epp, port: {number: 9002}}\n',
    line: 7,
    path: '/spec/targetPorts',
    message: 'port number must be unique',
  },
];

describe('CEL rules of the pinned CRDs', () => {
  for (const c of celCases) {
    it(`refuses ${c.name} at its line, with the strict schema alone accepting it`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cel-'));
      writeFileSync(join(dir, '.gitops.yaml'), '');
      writeFileSync(join(dir, 'm.yaml'), c.yaml);
      const { code, stdout } = await gitops(['validate', 'm.yaml', '--no-rules', '--format', 'json'], dir);
      const report = JSON.parse(stdout) as {
        summary: { celRulesSkipped: number };
        findings: Array<{ rule: string; line: number; path: string; message: string }>;
      };
      expect(report.findings.map((f) => ({ rule: f.rule, line: f.line, path: f.path, message: f.message }))).toEqual([
        { rule: 'cel', line: c.line, path: c.path, message: c.message },
      ]);
      expect(code).toBe(1);
      expect(report.summary.celRulesSkipped).toBe(0);
    });
  }
});

describe('native API validation', () => {
  for (const c of cases) {
    it(`refuses ${c.name} at its line, with the schema pass alone accepting it`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'api-'));
      writeFileSync(join(dir, '.gitops.yaml'), '');
      writeFileSync(join(dir, 'm.yaml'), c.yaml);
      const catalog = await SchemaCatalog.open({ repoRoot, cacheDir: await schemaCache(), sync: 'never' });
      expect(await catalog.validate(parseManifests(c.yaml, { file: '/m.yaml' }).resources[0]!.object)).toEqual([]);
      const { code, stdout } = await gitops(['validate', 'm.yaml', '--no-rules', '--format', 'json'], dir);
      expect(code).toBe(1);
      const found = (
        JSON.parse(stdout) as { findings: Array<{ rule: string; line: number; path: string; message: string }> }
      ).findings;
      expect(found.map((f) => `${f.rule} ${f.line} ${f.path}`)).toContain(`api-validation ${c.line} ${c.path}`);
      expect(found.find((f) => f.path === c.path)!.message).toContain(c.message);
    });
  }
});

describe('no false positives', () => {
  const seed = upstreamFiles();
  itWith(
    seed,
    'finds no CEL or native API violation in any real manifest of the seed deployment (../shared/upstream)',
    async () => {
      const { readdirSync, statSync } = await import('node:fs');
      const root = seed.path;
      const files: string[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d)) {
          const p = join(d, e);
          if (statSync(p).isDirectory()) walk(p);
          else if (/\.ya?ml$/.test(e) && e !== 'kustomization.yaml') files.push(p);
        }
      };
      walk(root);
      expect(files.length).toBeGreaterThan(40);
      const { stdout } = await gitops(['validate', ...files, '--no-rules', '--format', 'json']);
      const report = JSON.parse(stdout) as {
        summary: { resources: number; celRulesSkipped: number };
        findings: Array<{ rule: string; file: string; message: string }>;
      };
      expect(report.summary.resources).toBeGreaterThan(60);
      expect(report.findings.filter((f) => f.rule === 'cel' || f.rule === 'api-validation')).toEqual([]);
      expect(report.summary.celRulesSkipped).toBe(0);
    },
  );
});
