import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

interface JsonReport {
  summary: { resources: number; errors: number; warnings: number; targets: number; renderUnits: number };
  findings: Array<{
    rule: string;
    severity: string;
    message: string;
    path: string;
    file: string;
    line: number;
    column: number;
    resource: { kind: string; name: string } | null;
  }>;
}

describe('gitops validate', () => {
  it('validates every cluster of the repository with no error', async () => {
    const { code, stdout, stderr } = await gitops(['validate', '--format', 'json']);
    const report = JSON.parse(stdout) as JsonReport;
    expect(stderr).toBe('');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.summary.resources).toBeGreaterThan(50);
    expect(code).toBe(0);
  });

  it('pins each class of schema finding in a plain file with rule, path, file and line', async () => {
    const { code, stdout } = await gitops([
      'validate',
      '--no-rules',
      '--format',
      'json',
      join('apps/cli/test/fixtures/broken.yaml'),
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    const pick = (f: JsonReport['findings'][number]) => ({
      rule: f.rule,
      path: f.path,
      file: f.file,
      line: f.line,
      column: f.column,
      message: f.message,
    });
    const file = 'apps/cli/test/fixtures/broken.yaml';
    expect(report.findings.map(pick)).toEqual(
      [
        {
          rule: 'schema',
          path: '/spec/replicas',
          file,
          line: 7,
          column: 3,
          message: '/spec/replicas must be integer, not string "two"',
        },
        {
          rule: 'schema',
          path: '/spec/template/spec/containers/0/imagePullPolicy',
          file,
          line: 17,
          column: 9,
          message: '/spec/template/spec/containers/0/imagePullPolicy is "Sometimes", not one of the allowed values',
        },
        {
          rule: 'schema',
          path: '/spec/template/spec/containers/0/resources/limits/cpu',
          file,
          line: 19,
          column: 20,
          message: '/spec/template/spec/containers/0/resources/limits/cpu "lots" is not a valid quantity',
        },
        {
          rule: 'schema',
          path: '/spec/template/spec/containers/0/unknownField',
          file,
          line: 20,
          column: 9,
          message: 'unknown field "unknownField" in /spec/template/spec/containers/0',
        },
        {
          rule: 'schema-missing',
          path: '',
          file,
          line: 30,
          column: 1,
          message: 'no schema for Widget in example.com/v1',
        },
        { rule: 'schema', path: '/kind', file, line: 35, column: 1, message: 'resource has no kind' },
        {
          rule: 'yaml',
          path: '',
          file,
          line: 43,
          column: 3,
          message:
            'mapping key "name" already defined: map keys must be unique (kubectl and kustomize refuse the file)',
        },
      ]
        .map((f) => ({ ...f, path: f.path }))
        .sort((a, b) => a.line - b.line),
    );
  });

  it('reports a missing required field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'req-'));
    writeFileSync(
      join(dir, 'svc.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - protocol: TCP\n',
    );
    const { code, stdout } = await gitops(['validate', '--no-rules', '--format', 'json', join(dir, 'svc.yaml')]);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as JsonReport).findings).toEqual([
      expect.objectContaining({
        rule: 'schema',
        path: '/spec/ports/0',
        line: 7,
        column: 5,
        message: 'missing required field "port" in /spec/ports/0',
      }),
    ]);
  });

  it('reports malformed YAML', async () => {
    const { code, stdout } = await gitops(['validate', '--format', 'json', 'apps/cli/test/fixtures/malformed.yaml']);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as JsonReport).findings[0]).toMatchObject({
      rule: 'yaml',
      file: 'apps/cli/test/fixtures/malformed.yaml',
      line: 6,
    });
  });

  it('points at the patch line for a field set through a kustomize overlay, and at the base for a base field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ovl-'));
    cpSync(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
    writeFileSync(join(dir, '.gitops.yaml'), '');
    const endpoint = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1');
    const patchLines = readFileSync(join(endpoint, 'patches.yaml'), 'utf8').split('\n').length;
    writeFileSync(
      join(endpoint, 'patches.yaml'),
      readFileSync(join(endpoint, 'patches.yaml'), 'utf8') + 'spec:\n  replicaz: 2\n',
    );
    const svc = join(endpoint, 'llminferenceservice.yaml');
    writeFileSync(svc, readFileSync(svc, 'utf8').replace('      livenessProbe:', '      livenesProbe:'));
    const { code, stdout } = await gitops(
      ['validate', '--no-rules', '--format', 'json', 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1'],
      dir,
    );
    expect(code).toBe(1);
    const findings = (JSON.parse(stdout) as JsonReport).findings.map((f) => ({
      file: f.file,
      line: f.line,
      message: f.message,
    }));
    expect(findings).toEqual([
      {
        file: 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/llminferenceservice.yaml',
        line:
          readFileSync(svc, 'utf8')
            .split('\n')
            .findIndex((l) => l.includes('livenesProbe')) + 1,
        message: 'unknown field "livenesProbe" in /spec/template/containers/0',
      },
      {
        file: 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml',
        line: patchLines + 1,
        message: 'unknown field "replicaz" in /spec',
      },
    ]);
  });

  it('reports a kustomize failure as a render finding on the kustomization', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- missing.yaml\n');
    const { code, stdout } = await gitops(['validate', '--format', 'json', dir], dir);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as JsonReport).findings).toEqual([
      expect.objectContaining({
        rule: 'render',
        file: 'kustomization.yaml',
        line: 1,
        message: expect.stringContaining('kustomize build failed:'),
      }),
    ]);
    expect((JSON.parse(stdout) as JsonReport).findings[0]!.message).toContain('missing.yaml');
  });

  it('writes SARIF, JUnit and GitHub annotations', async () => {
    const sarif = JSON.parse(
      (await gitops(['validate', '--no-rules', '--format', 'sarif', 'apps/cli/test/fixtures/broken.yaml'])).stdout,
    );
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: 'schema',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'apps/cli/test/fixtures/broken.yaml' },
            region: { startLine: 7, startColumn: 3 },
          },
        },
      ],
    });
    const github = (
      await gitops(['validate', '--no-rules', '--format', 'github', 'apps/cli/test/fixtures/broken.yaml'])
    ).stdout;
    expect(github.split('\n')[0]).toBe(
      '::error file=apps/cli/test/fixtures/broken.yaml,line=7,col=3,title=schema::/spec/replicas must be integer, not string "two"',
    );
    const junit = (await gitops(['validate', '--no-rules', '--format', 'junit', 'apps/cli/test/fixtures/broken.yaml']))
      .stdout;
    expect(junit).toContain('<testcase classname="apps/cli/test/fixtures/broken.yaml" name="Deployment shop/web">');
    expect(junit).toContain(
      '<failure message="/spec/replicas must be integer, not string &quot;two&quot;" type="schema">',
    );
  });

  it('writes one passing JUnit test case per resource of a clean overlay', async () => {
    const overlay = 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1';
    const json = JSON.parse(
      (await gitops(['validate', '--no-rules', '--format', 'json', overlay])).stdout,
    ) as JsonReport;
    expect(json.summary).toMatchObject({ errors: 0 });
    expect(json.summary.resources).toBeGreaterThan(5);
    const { code, stdout } = await gitops(['validate', '--no-rules', '--format', 'junit', overlay]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[1]).toBe(
      `<testsuites name="gitops validate" tests="${json.summary.resources}" failures="0">`,
    );
    expect(stdout.match(/<testcase /g)).toHaveLength(json.summary.resources);
    expect(stdout).toContain(
      `<testcase classname="${overlay}/llminferenceservice.yaml" name="LLMInferenceService llm-d-inference-scheduling/qwen2-3b-pattern1"/>`,
    );
    expect(stdout).not.toContain('<failure');
    // with the rules too, every resource is a test case
    const ruled = await gitops(['validate', '--format', 'junit', overlay]);
    expect(ruled.stdout.match(/<testcase classname="overlays\//g)).toHaveLength(json.summary.resources);
  });

  it('validates the cluster for a bare cluster name run from a subfolder holding a same-named directory, with a note', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shadow-'));
    for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml', 'nx.json'])
      cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
    const sub = join(dir, 'work');
    mkdirSync(join(sub, 'gke-native-dev'), { recursive: true });
    writeFileSync(
      join(sub, 'gke-native-dev', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shadow\ndata:\n  a: 1\n',
    );
    const cluster = await gitops(['validate', '--no-rules', '--format', 'json', 'gke-native-dev'], sub);
    expect(cluster.stderr).toBe(
      'gitops: note: "gke-native-dev" names the cluster clusters/gke-native-dev and the directory ./gke-native-dev; taking the cluster (write ./gke-native-dev for the directory)\n',
    );
    const report = JSON.parse(cluster.stdout) as JsonReport;
    expect(report.summary.targets).toBe(1);
    expect(report.summary.renderUnits).toBeGreaterThan(3);
    expect(report.summary.resources).toBeGreaterThan(20);
    expect(report.findings.filter((f) => f.file?.startsWith('gke-native-dev/'))).toEqual([]);
    // written as a path, it is the directory, without a note
    const directory = await gitops(['validate', '--no-rules', '--format', 'json', './gke-native-dev'], sub);
    expect(directory.stderr).toBe('');
    expect(directory.code).toBe(1);
    expect(
      (JSON.parse(directory.stdout) as JsonReport).findings.map((f) => `${f.file}:${f.line} ${f.message}`),
    ).toEqual(['gke-native-dev/cm.yaml:6 /data/a must be string, not number 1']);
  });

  it('writes the report to --output atomically and exits 0 on a clean file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    const { code, stdout } = await gitops([
      'validate',
      'apps/cli/test/fixtures/valid.yaml',
      '--format',
      'json',
      '--output',
      join(dir, 'report.json'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).summary).toMatchObject({
      resources: 1,
      errors: 0,
    });
  });

  it('exits 2 with one clear line on misuse, writing nothing', async () => {
    const missing = await gitops(['validate', 'no/such/path']);
    expect(missing).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'gitops: target "no/such/path" is neither a file, a directory nor a cluster under clusters/\n',
    });
    const flag = await gitops(['validate', '--formatt', 'json']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: unknown option '--formatt'");
    const format = await gitops(['validate', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain(
      "error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are text, json, junit, sarif, github.",
    );
    const output = await gitops([
      'validate',
      'apps/cli/test/fixtures/valid.yaml',
      '--output',
      '/nonexistent-dir/r.json',
    ]);
    expect(output).toMatchObject({
      code: 2,
      stderr: 'gitops: cannot write --output /nonexistent-dir/r.json: directory /nonexistent-dir does not exist\n',
    });
    expect(existsSync('/nonexistent-dir')).toBe(false);
  });
});
