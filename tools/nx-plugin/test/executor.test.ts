// The validate executor: Nx batches every validate task of a run into one process, each task still gets
// its own verdict, output and report; a single task (--batch=false) runs the same command.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateArgs, validateBatch } from '../src/executor.js';
import { createNodesFromFiles } from '../src/plugin.js';
import { nx, repoRoot, scratchWorkspace } from './workspace.js';

const OK_OVERLAY = 'overlay-endpoints-gke-native-dev-qwen2-3b-pattern1';
const BROKEN_OVERLAY = 'overlay-endpoints-gke-native-dev-qwen2-3b-pattern3';

describe('the validate target', () => {
  it('is the batching executor with the task as options, caching its report', async () => {
    const nodes = await createNodesFromFiles(
      [
        'clusters/gke-native-dev/cluster.yaml',
        'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/kustomization.yaml',
      ],
      {},
      { workspaceRoot: repoRoot },
    );
    const targets = nodes.map(
      ([, r]) =>
        Object.values(r.projects)[0] as {
          targets: Record<string, { executor?: string; options?: unknown; outputs?: string[] }>;
        },
    );
    expect(targets[0]!.targets.validate).toMatchObject({
      executor: '@inference-gitops/nx-plugin:validate',
      options: { target: 'gke-native-dev', report: '.gitops/reports/cluster-gke-native-dev.json' },
    });
    expect(targets[1]!.targets.validate).toMatchObject({
      executor: '@inference-gitops/nx-plugin:validate',
      options: { target: 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1', cluster: 'gke-native-dev' },
      outputs: [`{workspaceRoot}/.gitops/reports/${OK_OVERLAY}.json`],
    });
    expect(validateArgs({ target: 'overlays/x', cluster: 'c', report: 'r.json' })).toEqual([
      'validate',
      'overlays/x',
      '--offline',
      '--cluster',
      'c',
      '--to',
      'report=r.json',
    ]);
  });
});

describe('nx run-many -t validate', () => {
  const ws = scratchWorkspace();

  it('runs the tasks in one batch; each keeps its verdict, its findings and its report', () => {
    const file = join(ws, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern3/patches.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before + 'spec:\n  replicaz: 2\n');
    const { code, out } = nx(ws, [
      'run-many',
      '-t',
      'validate',
      '-p',
      OK_OVERLAY,
      BROKEN_OVERLAY,
      '--outputStyle=static',
    ]);
    writeFileSync(file, before);
    expect(code).not.toBe(0);
    expect(out).toContain('Running 2 tasks with @inference-gitops/nx-plugin:validate');
    expect(out).toMatch(
      new RegExp(`${before.split('\n').length + 1}:3\\s+error\\s+schema\\s+unknown field "replicaz" in \\/spec`),
    );
    expect(out).toMatch(
      /Running target validate for 2 projects failed\s+Failed tasks:\s+- overlay-endpoints-gke-native-dev-qwen2-3b-pattern3:validate\s*$/,
    );
    const ok = JSON.parse(readFileSync(join(ws, `.gitops/reports/${OK_OVERLAY}.json`), 'utf8')) as {
      summary: { errors: number };
    };
    const broken = JSON.parse(readFileSync(join(ws, `.gitops/reports/${BROKEN_OVERLAY}.json`), 'utf8')) as {
      summary: { errors: number };
    };
    expect([ok.summary.errors, broken.summary.errors]).toEqual([0, 1]);
  });

  it('runs a task on its own with --batch=false', () => {
    rmSync(join(ws, `.gitops/reports/${OK_OVERLAY}.json`), { force: true });
    const { code, out } = nx(ws, [
      'run-many',
      '-t',
      'validate',
      '-p',
      OK_OVERLAY,
      '--batch=false',
      '--outputStyle=static',
    ]);
    expect(code).toBe(0);
    expect(out).not.toContain('with @inference-gitops/nx-plugin:validate');
    expect(out).toContain('OK: ');
    expect(existsSync(join(ws, `.gitops/reports/${OK_OVERLAY}.json`))).toBe(true);
  });
});

describe('validateBatch', () => {
  it('starts a task after the tasks of the batch it depends on, and yields each as it finishes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'batch-'));
    const graph = { tasks: { a: {}, b: {}, c: {} }, dependencies: { a: ['b'], b: [], c: ['elsewhere'] } };
    const order: string[] = [];
    for await (const { task, result } of validateBatch(
      graph,
      { a: { target: 'x' }, b: { target: 'y' }, c: { target: 'z' } },
      {},
      { root },
    )) {
      order.push(task);
      // No CLI bundle in this root: every task fails with the message that says how to build it.
      expect(result).toMatchObject({
        success: false,
        terminalOutput: 'gitops: the CLI is not built; run `npm ci` (or `npm run build`) at the repository root.\n',
      });
    }
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('a'));
    expect([...order].sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses tasks that wait on each other instead of hanging', async () => {
    const root = mkdtempSync(join(tmpdir(), 'batch-'));
    const run = async () => {
      for await (const _ of validateBatch(
        { tasks: { a: {}, b: {} }, dependencies: { a: ['b'], b: ['a'] } },
        { a: { target: 'x' }, b: { target: 'y' } },
        {},
        { root },
      ))
        void _;
    };
    await expect(run()).rejects.toThrow('validate batch: tasks wait on each other: a, b');
  });
});
