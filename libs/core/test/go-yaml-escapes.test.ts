// Double-quoted escapes as the Go YAML readers (kubectl, kustomize, Argo CD) read them, not as YAML 1.2 does:
// `\/` is refused, `\'` is an apostrophe. Expected values checked with `kubectl kustomize` (kustomize 5.5).
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../src/index.js';

const configMap = (value: string) =>
  ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'data:', `  k: ${value}`, ''].join('\n');

describe('double-quoted escapes, as Go reads them', () => {
  it('refuses \\/ at its line and column, as kubectl and kustomize do ("found unknown escape character")', () => {
    const { resources, findings } = parseManifests(configMap('"a\\/b"'), { file: 'cm.yaml' });
    expect(resources).toEqual([]);
    expect(findings).toEqual([
      {
        rule: 'yaml',
        severity: 'error',
        message:
          'found unknown escape character "\\/" in a double-quoted string: kubectl and kustomize (Go YAML) refuse the file, although YAML 1.2 allows it',
        hint: 'Write "/" without the backslash.',
        file: 'cm.yaml',
        line: 6,
        column: 8,
      },
    ]);
  });

  it("reads \\' as an apostrophe, and keeps an escaped backslash before a quote and the other escapes", () => {
    // kubectl kustomize prints: k: a\'b and it's é
    const { resources, findings } = parseManifests(configMap(`"a\\\\'b and it\\'s \\u00e9"`), { file: 'cm.yaml' });
    expect(findings).toEqual([]);
    expect(resources[0]!.object.data).toEqual({ k: "a\\'b and it's é" });
  });

  it('leaves plain and single-quoted scalars alone', () => {
    const { resources, findings } = parseManifests(configMap(`'a\\/b it''s'`), { file: 'cm.yaml' });
    expect(findings).toEqual([]);
    expect(resources[0]!.object.data).toEqual({ k: "a\\/b it's" });
  });
});
