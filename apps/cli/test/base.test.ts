// `gitops validate --base REF`: changes the API server refuses on update fail the pull request, at the
// line of the changed field (a scratch git repository, the real CLI and git worktrees).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finish } from '../src/main.js';
import { gitops } from './helpers.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
  });

const deployment = (opts: { app: string; image: string; replicas: number }) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  replicas: ${opts.replicas}
  selector:
    matchLabels:
      app: ${opts.app}
  template:
    metadata:
      labels:
        app: ${opts.app}
    spec:
      containers:
        - name: web
          image: ${opts.image}
`;
const pvc = (storageClassName: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: models
  namespace: demo
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${storageClassName}
  resources:
    requests:
      storage: 100Gi
`;

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'base-'));
  writeFileSync(join(dir, '.gitops.yaml'), '');
  mkdirSync(join(dir, 'demo'));
  writeFileSync(join(dir, 'demo/deployment.yaml'), deployment({ app: 'web', image: 'nginx:1.27.0', replicas: 1 }));
  writeFileSync(join(dir, 'demo/pvc.yaml'), pvc('standard-rwo'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  git(dir, 'checkout', '-q', '-b', 'change');
  return dir;
}

describe('gitops validate --base', () => {
  it('fails a change of a Deployment selector at the selector line, and a PVC storage class', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'demo/deployment.yaml'), deployment({ app: 'web-v2', image: 'nginx:1.27.0', replicas: 1 }));
    writeFileSync(join(dir, 'demo/pvc.yaml'), pvc('premium-rwo'));
    const { code, stdout } = await gitops(
      ['validate', 'demo', '--base', 'main', '--no-rules', '--format', 'json'],
      dir,
    );
    expect(code).toBe(1);
    const findings = (JSON.parse(stdout) as { findings: Array<Record<string, unknown>> }).findings.map((f) => ({
      rule: f.rule,
      file: f.file,
      line: f.line,
      path: f.path,
      message: f.message,
    }));
    expect(findings).toEqual([
      {
        rule: 'immutable-field',
        file: 'demo/deployment.yaml',
        line: 8,
        path: '/spec/selector',
        message:
          'spec.selector of Deployment web changed from {"matchLabels":{"app":"web"}} to {"matchLabels":{"app":"web-v2"}}, but it is immutable',
      },
      {
        rule: 'immutable-field',
        file: 'demo/pvc.yaml',
        line: 8,
        path: '/spec/storageClassName',
        message:
          "spec.storageClassName of PersistentVolumeClaim models changed, but a claim's spec is immutable except resources.requests and volumeAttributesClassName",
      },
    ]);
    // The schema pass alone accepts the same change.
    expect((await gitops(['validate', 'demo', '--no-rules'], dir)).code).toBe(0);
  });

  it('passes a change of the image and the replicas, and a new object', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'demo/deployment.yaml'), deployment({ app: 'web', image: 'nginx:1.27.1', replicas: 3 }));
    writeFileSync(
      join(dir, 'demo/other.yaml'),
      deployment({ app: 'other', image: 'nginx:1.27.1', replicas: 1 }).replace('name: web\n', 'name: other\n'),
    );
    const { code, stdout } = await gitops(['validate', 'demo', '--base', 'main', '--no-rules'], dir);
    expect(stdout).toContain('OK:');
    expect(code).toBe(0);
  });

  it('takes the base from GITOPS_BASE (the pull-request workflow sets it for the Nx tasks)', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'demo/deployment.yaml'), deployment({ app: 'web-v2', image: 'nginx:1.27.0', replicas: 1 }));
    const { code, stdout } = await gitops(['validate', 'demo', '--no-rules'], dir, { GITOPS_BASE: 'main' });
    expect(code).toBe(1);
    expect(stdout).toContain('immutable-field  spec.selector of Deployment web changed');
  });

  it('evaluates CRD transition rules (oldSelf) with the base object as the old one', async () => {
    const dir = repo();
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size:
                  type: integer
                  x-kubernetes-validations:
                    - rule: self == oldSelf
                      message: size is immutable
`;
    const widget = (size: number) =>
      `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: demo\nspec:\n  size: ${size}\n`;
    git(dir, 'checkout', '-q', 'main');
    writeFileSync(join(dir, 'demo/crd.yaml'), crd);
    writeFileSync(join(dir, 'demo/widget.yaml'), widget(1));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'widget');
    git(dir, 'checkout', '-q', 'change');
    git(dir, 'merge', '-q', 'main');
    writeFileSync(join(dir, 'demo/widget.yaml'), widget(2));
    const { code, stdout } = await gitops(
      ['validate', 'demo', '--base', 'main', '--no-rules', '--format', 'json'],
      dir,
    );
    expect(code).toBe(1);
    const findings = (JSON.parse(stdout) as { findings: Array<Record<string, unknown>> }).findings.map((f) => ({
      rule: f.rule,
      file: f.file,
      line: f.line,
      path: f.path,
      message: f.message,
    }));
    expect(findings).toEqual([
      { rule: 'immutable-field', file: 'demo/widget.yaml', line: 7, path: '/spec/size', message: 'size is immutable' },
    ]);
    // On create (no base) the transition rule does not run.
    expect((await gitops(['validate', 'demo', '--no-rules'], dir)).code).toBe(0);
  });

  it('says so when the base is not a commit', async () => {
    const dir = repo();
    const { code, stderr } = await gitops(['validate', 'demo', '--base', 'nope'], dir);
    expect(code).toBe(2);
    expect(stderr).toBe('gitops: "nope" is not a commit of this repository (git rev-parse failed)\n');
  });

  it('checks the base out once for every run of the process, and removes it when the process ends', async () => {
    const dir = repo();
    const worktrees = () =>
      git(dir, 'worktree', 'list', '--porcelain')
        .split('\n')
        .filter((l) => l.startsWith('worktree '))
        .map((l) => l.slice('worktree '.length));
    expect((await gitops(['validate', 'demo', '--base', 'main', '--no-rules'], dir)).code).toBe(0);
    expect((await gitops(['validate', 'demo/deployment.yaml', '--base', 'main', '--no-rules'], dir)).code).toBe(0);
    const [, base, ...more] = worktrees();
    expect(more).toEqual([]);
    expect(existsSync(base!)).toBe(true);
    finish();
    expect(worktrees()).toHaveLength(1);
    expect(existsSync(base!)).toBe(false);
  });
});
