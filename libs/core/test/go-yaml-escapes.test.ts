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

describe('YAML 1.1 scalars, as Go reads them', () => {
  const pod = (mode: string) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers: [{name: c, image: busybox}]',
      `  volumes: [{name: v, configMap: {name: cm, defaultMode: ${mode}}}]`,
      '',
    ].join('\n');
  const mode = (text: string) =>
    (
      parseManifests(text, { file: 'p.yaml' }).resources[0]!.object.spec as {
        volumes: Array<{ configMap: { defaultMode: unknown } }>;
      }
    ).volumes[0]!.configMap.defaultMode;

  it('reads a leading-zero number as octal, as kubectl and kustomize do (0644 is 420)', () => {
    expect(mode(pod('0644'))).toBe(420);
    expect(mode(pod('420'))).toBe(420);
    expect(mode(pod('0o644'))).toBe(420);
  });

  it('warns on a plain yes/no/on/off: a string to kustomize, a boolean to kubectl', () => {
    const { findings, resources } = parseManifests(configMap('yes'), { file: 'cm.yaml' });
    expect(resources[0]!.object.data).toEqual({ k: 'yes' });
    expect(findings).toEqual([
      {
        rule: 'yaml',
        severity: 'warning',
        message:
          'plain yes is the string "yes" to kustomize (YAML 1.2) but a boolean to kubectl and to Argo CD\'s plain-directory reader (YAML 1.1)',
        hint: 'Quote it ("yes") for a string, or write true or false.',
        file: 'cm.yaml',
        line: 6,
        column: 6,
      },
    ]);
    expect(parseManifests(configMap('"yes"'), { file: 'cm.yaml' }).findings).toEqual([]);
  });
});

describe('merge keys, as Go reads them', () => {
  // `kubectl kustomize` (kustomize 5.5, go-yaml v3) prints labels {app: demo, tier: api} for both documents below.
  const merged = (labels: string) =>
    ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: m', '  labels:', labels, ''].join('\n');

  it('applies `<<` from an anchor in the same document, the explicit key winning', () => {
    const text = merged(['    <<: &common', '      app: demo', '      tier: web', '    tier: api'].join('\n'));
    const { resources, findings } = parseManifests(text, { file: 'cm.yaml' });
    expect(findings).toEqual([]);
    expect((resources[0]!.object as { metadata: { labels: unknown } }).metadata.labels).toEqual({
      app: 'demo',
      tier: 'api',
    });
  });

  it('applies `<<` from an inline mapping (no anchor, so the fast reader must not keep a "<<" label)', () => {
    const text = merged(['    <<: {app: demo, tier: web}', '    tier: api'].join('\n'));
    const { resources } = parseManifests(text, { file: 'cm.yaml' });
    expect((resources[0]!.object as { metadata: { labels: unknown } }).metadata.labels).toEqual({
      app: 'demo',
      tier: 'api',
    });
  });
});
