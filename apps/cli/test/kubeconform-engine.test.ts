// `gitops validate --engine kubeconform` against the real kubeconform v0.7.0 (../shared/peers): its verdicts,
// placed at the line a person edits, named as we read the resource, in the order of the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itWith, kubeconformBinary } from '@inference-gitops/core/testing';
import { gitops } from './helpers.js';

// Written for this test, after the Deployment and Service of Kubernetes' own documentation.
const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: llm
spec:
  replicaz: 2
  selector:
    matchLabels: {app: d}
  template:
    metadata:
      labels: {app: d}
    spec:
      containers:
        - name: c
          image: busybox:1.36
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fine
  namespace: llm
data: {a: b}
---
apiVersion: v1
kind: Service
metadata:
  name: s
  namespace: llm
spec:
  ports:
    - port: "80"
`;

type Report = {
  findings: Array<{
    rule: string;
    line: number;
    path: string;
    message: string;
    resource: { kind: string; namespace?: string; name: string };
  }>;
};

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconform-engine-'));
  writeFileSync(join(dir, 'm.yaml'), MANIFESTS);
  writeFileSync(join(dir, 'ok.yaml'), MANIFESTS.split('---\n')[1]!);
  return dir;
}

describe('--engine kubeconform', () => {
  const binary = kubeconformBinary();

  itWith(
    binary,
    "reports the real binary's verdicts at the line of each field, on the resource it belongs to",
    async () => {
      const dir = workdir();
      const { code, stdout } = await gitops(
        ['validate', 'm.yaml', '--engine', 'kubeconform', '--no-rules', '--format', 'json'],
        dir,
        { KUBECONFORM: binary.path },
      );
      expect(code).toBe(1);
      const found = (JSON.parse(stdout) as Report).findings.map(
        (f) => `${f.line} ${f.resource.kind} ${f.resource.namespace}/${f.resource.name} ${f.path} ${f.message}`,
      );
      expect(found).toEqual([
        '7 Deployment llm/d /spec/replicaz unknown field "replicaz" in /spec',
        '32 Service llm/s /spec/ports/0/port /spec/ports/0/port must be number, not string',
      ]);
    },
  );

  itWith(
    binary,
    'agrees with the built-in engine on which resources are invalid, and passes a valid file',
    async () => {
      const dir = workdir();
      const kinds = async (engine: string[]) => {
        const { stdout } = await gitops(['validate', 'm.yaml', ...engine, '--no-rules', '--format', 'json'], dir, {
          KUBECONFORM: binary.path,
        });
        return [
          ...new Set(
            (JSON.parse(stdout) as Report).findings.map((f) => `${f.resource.kind}/${f.resource.name} ${f.path}`),
          ),
        ].sort();
      };
      expect(await kinds(['--engine', 'kubeconform'])).toEqual(await kinds([]));
      const ok = await gitops(['validate', 'ok.yaml', '--engine', 'kubeconform', '--no-rules'], dir, {
        KUBECONFORM: binary.path,
      });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('note: kubeconform decided the schema pass');
    },
  );

  it('says how to get one when no binary is there (exit 2)', async () => {
    const dir = workdir();
    const { code, stderr } = await gitops(['validate', 'm.yaml', '--engine', 'kubeconform'], dir, {
      KUBECONFORM: join(dir, 'no-such-kubeconform'),
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `gitops: --engine kubeconform: no kubeconform binary found (${join(dir, 'no-such-kubeconform')}); install it or set KUBECONFORM\n`,
    );
  });
});
