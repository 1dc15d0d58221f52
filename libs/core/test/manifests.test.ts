import { describe, expect, it } from 'vitest';
import { parseManifests, parseSourceDocuments, parseYamlValue } from '../src/index.js';

describe('parseManifests', () => {
  it('splits a stream and locates fields by JSON pointer', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  replicas: 2\n';
    const { resources, findings } = parseManifests(text, { file: '/x.yaml' });
    expect(findings).toEqual([]);
    expect(resources.map((r) => `${r.kind}/${r.name}`)).toEqual(['ConfigMap/a', 'Deployment/b']);
    expect(resources[1]!.source.locate('/spec/replicas')).toEqual({
      file: '/x.yaml',
      position: { line: 11, column: 3 },
    });
    // a field that is not in the file falls back to its nearest ancestor
    expect(resources[1]!.source.locate('/spec/template/spec')).toEqual({
      file: '/x.yaml',
      position: { line: 10, column: 1 },
    });
  });

  it('reports duplicate keys with their line', () => {
    const { findings } = parseManifests('apiVersion: v1\nkind: ConfigMap\nkind: Secret\n', { file: '/d.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'yaml', severity: 'error', line: 3 });
    expect(findings[0]!.message).toBe(
      'mapping key "kind" already defined: map keys must be unique (kubectl and kustomize refuse the file)',
    );
  });

  it('reports a document without kind', () => {
    const { findings } = parseManifests('apiVersion: v1\nmetadata:\n  name: x\n', { file: '/k.yaml' });
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'schema', message: 'resource has no kind', line: 1, column: 1 }),
    ]);
  });

  it('expands List items with their own positions', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: one\n';
    const { resources } = parseManifests(text, { file: '/l.yaml' });
    expect(resources.map((r) => r.name)).toEqual(['one']);
    expect(resources[0]!.source.locate('/metadata/name').position).toEqual({ line: 7, column: 5 });
  });

  it('refuses alias bombs without expanding them', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill('*' + String.fromCharCode(97 + i))
            .join(',')}]`,
      ),
    ].join('\n');
    const { findings, resources } = parseManifests(bomb, { file: '/b.yaml' });
    expect(resources).toEqual([]);
    expect(findings[0]!.rule).toBe('yaml');
  });
});

describe('the fast path', () => {
  it('gives the same resources and positions as the exact path', () => {
    const plain =
      '# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\n# c\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  replicas: 2\n';
    // a tag forces the exact path for the same content
    const exact = plain.replace('name: a', 'name: !!str a');
    const fast = parseManifests(plain, { file: '/f.yaml' });
    const slow = parseManifests(exact, { file: '/f.yaml' });
    expect(fast.resources.map((r) => r.object)).toEqual(slow.resources.map((r) => r.object));
    for (const pointer of ['', '/spec/replicas', '/metadata/name', '/spec/missing']) {
      expect(fast.resources[1]!.source.locate(pointer), pointer).toEqual(slow.resources[1]!.source.locate(pointer));
    }
    expect(fast.resources[0]!.source.start).toEqual({ line: 3, column: 1 });
    expect(fast.resources[1]!.source.start).toEqual(slow.resources[1]!.source.start);
  });

  it('keeps the fast path for &, * and ! inside scalars (scripts), and leaves it for a real anchor', () => {
    const script =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  run.sh: |\n    test -n "$A" && echo *.txt\n    [ "$B" != "" ] || exit 1\n  flag: !!str yes\n';
    const { resources, findings } = parseManifests(script, { file: '/s.yaml' });
    expect(findings).toEqual([]);
    expect(resources[0]!.object.data).toEqual({
      'run.sh': 'test -n "$A" && echo *.txt\n[ "$B" != "" ] || exit 1\n',
      flag: 'yes',
    });
    expect(resources[0]!.source.locate('/data/flag').position).toEqual({ line: 9, column: 3 });
    const anchored = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n x\ndata:\n  again: *n\n', {
      file: '/a.yaml',
    });
    expect(anchored.resources[0]!.object.data).toEqual({ again: 'x' });
    expect(anchored.resources[0]!.source.locate('/data/again').position).toEqual({ line: 6, column: 3 });
  });
});

describe('parseSourceDocuments', () => {
  it('reads every document of a source file with positions, on the fast and on the exact path', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  replicas: 2\n';
    for (const source of [text, text.replace('name: b', 'name: !!str b')]) {
      const docs = parseSourceDocuments(source, '/p.yaml');
      expect(docs.map((d) => (d.js as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b']);
      expect(docs[1]!.locator.positionOf('/spec/replicas', true)).toEqual({ line: 10, column: 3 });
      expect(docs[1]!.locator.positionOf('/spec/missing', true)).toBeUndefined();
      expect(docs[1]!.locator.start.line).toBe(6);
    }
  });
});

describe('parseYamlValue', () => {
  it('reads a plain file fast, anchors exactly with the alias limit, and throws on a syntax error', () => {
    expect(parseYamlValue('resources:\n- a.yaml\n- ../base\n')).toEqual({ resources: ['a.yaml', '../base'] });
    expect(parseYamlValue('a: &x [1, 2]\nb: *x\n')).toEqual({ a: [1, 2], b: [1, 2] });
    expect(parseYamlValue('')).toBeNull();
    expect(() => parseYamlValue('resources: [\n')).toThrow();
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 6 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill('*' + String.fromCharCode(97 + i))
            .join(', ')}]`,
      ),
    ].join('\n');
    expect(() => parseYamlValue(bomb)).toThrow(/alias/i);
  });
});
