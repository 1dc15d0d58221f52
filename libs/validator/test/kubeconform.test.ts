// The kubeconform engine's parser, on real kubeconform v0.7.0 output (../shared/kubeconform), and the
// verdicts kubeconform reached beside the built-in engine's on the same inputs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { describeWith, recordedKubeconform } from '@inference-gitops/core/testing';
import { SchemaCatalog } from '@inference-gitops/schema-catalog';
import { parseKubeconformOutput } from '../src/kubeconform-engine.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
// An empty cache: the committed schemas/pinned serve every pinned kind.
const catalog = await SchemaCatalog.open({
  repoRoot,
  cacheDir: mkdtempSync(join(tmpdir(), 'kc-cache-')),
  sync: 'never',
});
const recorded = recordedKubeconform();
const kc = recorded.path;

describeWith(recorded, 'kubeconform', () => {
  it('parses the three recorded runs into the findings kubeconform reported', () => {
    const mixed = parseKubeconformOutput(readFileSync(join(kc, 'outputs/mixed.json'), 'utf8'));
    expect(
      mixed.map((r) => [r.kind, r.name, r.status, r.findings.map((f) => `${f.rule} ${f.path} ${f.message}`)]),
    ).toEqual([
      [
        'Deployment',
        'd',
        'statusInvalid',
        [
          'schema /spec/template/spec/containers/0/unknownField unknown field "unknownField" in /spec/template/spec/containers/0',
        ],
      ],
      ['Service', 's', 'statusInvalid', ['schema /spec/ports/0/port /spec/ports/0/port must be integer, not string']],
      ['', 'x', 'statusError', ['schema /kind resource has no kind']],
    ]);
    const invalid = parseKubeconformOutput(readFileSync(join(kc, 'outputs/invalid-fields.json'), 'utf8'));
    expect(invalid.map((r) => r.findings.length)).toEqual([3, 1, 1]);
    expect(invalid[0]!.findings.map((f) => f.path)).toContain('/spec/replicaz');
    expect(parseKubeconformOutput(readFileSync(join(kc, 'outputs/valid-native.json'), 'utf8'))).toEqual([]);
  });

  it('reaches the same verdict as kubeconform on the same inputs', async () => {
    for (const input of ['valid-native', 'invalid-fields', 'mixed']) {
      const text = readFileSync(join(kc, 'inputs', `${input}.yaml`), 'utf8');
      const { resources, findings } = parseManifests(text, { file: input });
      const ours: string[] = [];
      for (const r of resources) if ((await catalog.validate(r.object)).length > 0) ours.push(`${r.kind}/${r.name}`);
      ours.sort();
      const theirs = parseKubeconformOutput(readFileSync(join(kc, 'outputs', `${input}.json`), 'utf8'))
        .filter((r) => r.status === 'statusInvalid')
        .map((r) => `${r.kind}/${r.name}`)
        .sort();
      expect(ours, input).toEqual(theirs);
      // kubeconform's "error" documents (no kind) are our parse findings
      expect(findings.length, input).toBe(
        parseKubeconformOutput(readFileSync(join(kc, 'outputs', `${input}.json`), 'utf8')).filter(
          (r) => r.status === 'statusError',
        ).length,
      );
    }
  });
});

describe('kubeconform output', () => {
  it('maps a resource without a schema to schema-missing, and an unknown error to yaml', () => {
    const out = (status: string, msg: string) =>
      parseKubeconformOutput(
        JSON.stringify({
          resources: [{ filename: 'f', kind: 'Widget', name: 'w', version: 'example.com/v1', status, msg }],
        }),
      );
    expect(
      out('statusError', 'could not find schema for Widget')[0]!.findings.map((f) => `${f.rule} ${f.message}`),
    ).toEqual(['schema-missing no schema for Widget in example.com/v1']);
    expect(out('statusError', 'something else')[0]!.findings.map((f) => `${f.rule} ${f.message}`)).toEqual([
      'yaml something else',
    ]);
    expect(out('statusValid', '')[0]!.findings).toEqual([]);
  });
});
