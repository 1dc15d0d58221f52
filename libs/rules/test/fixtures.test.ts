import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseManifests, type Resource } from '@inference-gitops/core';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import { registry, runRules } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const fixtures = join(import.meta.dirname, 'fixtures');

interface Expected {
  cluster?: string;
  /** The KServe release the fixture stands for (the platform's versions.kserve), e.g. v0.20.0. */
  kserveRelease?: string;
  findings: Array<{ kind: string; name: string; path: string; message: string }>;
}

function run(id: string, file: string, cluster?: string, kserveRelease?: string) {
  const path = join(fixtures, id, file);
  const { resources, findings } = parseManifests(readFileSync(path, 'utf8'), { file: path });
  expect(findings, `${id}/${file} must parse`).toEqual([]);
  const spec = cluster
    ? (parse(readFileSync(join(repoRoot, 'clusters', cluster, 'cluster.yaml'), 'utf8')) as ClusterSpec)
    : undefined;
  // A fixture stands for a cluster validated through its Argo CD tree when its documents name the
  // Applications that render them (annotation fixture.inference-gitops.dev/applications: a,b).
  const owned = resources.some((r) => ownersOf(r).length > 0);
  const result = runRules(resources, {
    ...(kserveRelease ? { kserveRelease } : {}),
    ...(spec ? { spec, repo: { root: repoRoot, repoURLs: [spec.argocd.repoURL] } } : {}),
    ...(owned ? { applicationsOf: ownersOf } : {}),
  });
  return result.findings.filter((f) => f.rule === id);
}

function ownersOf(r: Resource): string[] {
  const value = ((r.object.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {})[
    'fixture.inference-gitops.dev/applications'
  ];
  return value ? value.split(',') : [];
}

describe('rule fixtures', () => {
  it('every registered rule has a failing and a passing fixture', () => {
    for (const id of registry.ids()) {
      for (const file of ['fail.yaml', 'pass.yaml', 'expected.yaml'])
        expect(existsSync(join(fixtures, id, file)), `${id}/${file}`).toBe(true);
    }
    expect(readdirSync(fixtures).sort()).toEqual(registry.ids());
  });

  for (const id of registry.ids()) {
    describe(id, () => {
      const expected = parse(readFileSync(join(fixtures, id, 'expected.yaml'), 'utf8')) as Expected;
      it('fails on fail.yaml with exactly the expected findings', () => {
        const found = run(id, 'fail.yaml', expected.cluster, expected.kserveRelease);
        const shape = (f: { kind?: string; name?: string; path?: string }) => `${f.kind} ${f.name} ${f.path}`;
        expect(
          found.map((f) => shape({ kind: f.resource?.kind, name: f.resource?.name, path: f.path })).sort(),
        ).toEqual(expected.findings.map(shape).sort());
        for (const e of expected.findings) {
          const f = found.find((x) => x.resource?.name === e.name && x.path === e.path)!;
          expect(f.message).toContain(e.message);
          expect(f.file).toBe(join(fixtures, id, 'fail.yaml'));
          expect(f.line).toBeGreaterThan(0);
        }
      });
      it('passes on pass.yaml', () => {
        expect(run(id, 'pass.yaml', expected.cluster, expected.kserveRelease)).toEqual([]);
      });
    });
  }
});
