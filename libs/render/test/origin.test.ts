import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKustomize, Renderer } from '../src/index.js';
import { declaringFile } from '../src/renderer.js';

const doc = (kind: string, name: string, namespace?: string) => ({
  kind,
  name,
  js: { kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
  locator: { file: '', start: { line: 1, column: 1 }, locate: () => ({ file: '' }), positionOf: () => undefined },
});

describe('declaringFile', () => {
  const files = [
    { file: 'a.yaml', docs: [doc('Service', 'web', 'one'), doc('ConfigMap', 'settings')] },
    { file: 'b.yaml', docs: [doc('Service', 'web', 'two'), doc('Deployment', 'web')] },
  ];
  it('finds the document of the same kind and name, the same namespace first', () => {
    expect(declaringFile(files, { kind: 'Service', name: 'web', namespace: 'two' })).toBe('b.yaml');
    expect(declaringFile(files, { kind: 'Service', name: 'web', namespace: 'three' })).toBe('a.yaml');
    expect(declaringFile(files, { kind: 'Deployment', name: 'web' })).toBe('b.yaml');
  });
  it("prefers the document the chain's namespace and name prefix turn into the rendered one", () => {
    const named = [
      {
        file: 'a/cm.yaml',
        docs: [doc('ConfigMap', 'config')],
        naming: { namespace: 'team-a', prefix: '', suffix: '' },
      },
      {
        file: 'b/cm.yaml',
        docs: [doc('ConfigMap', 'config')],
        naming: { namespace: 'team-b', prefix: '', suffix: '' },
      },
      { file: 'c/cm.yaml', docs: [doc('ConfigMap', 'web')], naming: { prefix: 'x-', suffix: '' } },
      { file: 'd/cm.yaml', docs: [doc('ConfigMap', 'x-web', 'other')], naming: { prefix: '', suffix: '' } },
    ];
    expect(declaringFile(named, { kind: 'ConfigMap', name: 'config', namespace: 'team-b' })).toBe('b/cm.yaml');
    expect(declaringFile(named, { kind: 'ConfigMap', name: 'config', namespace: 'team-a' })).toBe('a/cm.yaml');
    expect(declaringFile(named, { kind: 'ConfigMap', name: 'x-web' })).toBe('c/cm.yaml');
    expect(declaringFile(named, { kind: 'ConfigMap', name: 'x-web', namespace: 'other' })).toBe('d/cm.yaml');
  });
  it('follows namePrefix and nameSuffix, and finds nothing for what no file declares', () => {
    expect(declaringFile(files, { kind: 'Deployment', name: 'prod-web-v2' })).toBe('b.yaml');
    expect(declaringFile(files, { kind: 'Secret', name: 'settings' })).toBeUndefined();
  });
});

describe('source locations of a kustomize render', () => {
  it('tell apart two bases that declare the same name in the namespaces their kustomizations set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'origin-'));
    for (const team of ['a', 'b']) {
      mkdirSync(join(dir, team));
      writeFileSync(join(dir, team, 'kustomization.yaml'), `namespace: team-${team}\nresources:\n- cm.yaml\n`);
      writeFileSync(
        join(dir, team, 'cm.yaml'),
        `# team ${team}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\ndata:\n  owner: ${team}\n`,
      );
    }
    mkdirSync(join(dir, 'both'));
    writeFileSync(join(dir, 'both', 'kustomization.yaml'), 'resources:\n- ../a\n- ../b\n');
    const result = await new Renderer(await detectKustomize(), { repoRoot: dir }).render({
      kind: 'kustomize',
      dir: join(dir, 'both'),
      id: 'both',
    });
    expect(result.findings).toEqual([]);
    for (const team of ['a', 'b']) {
      const cm = result.resources.find((r) => r.namespace === `team-${team}`)!;
      expect(cm.source.locate('/data/owner')).toEqual({
        file: join(dir, team, 'cm.yaml'),
        position: { line: 7, column: 3 },
      });
    }
  });

  it('name the base file that declares each resource, through namePrefix and a patch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'origin-'));
    const base = join(dir, 'base');
    const overlay = join(dir, 'overlay');
    for (const d of [base, overlay]) mkdirSync(d);
    writeFileSync(join(base, 'kustomization.yaml'), 'resources:\n- cm.yaml\n- deploy.yaml\n');
    writeFileSync(
      join(base, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n',
    );
    writeFileSync(
      join(base, 'deploy.yaml'),
      '# the app\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: main\n        image: web:1\n',
    );
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      'namePrefix: prod-\nresources:\n- ../base\npatches:\n- path: patch.yaml\nconfigMapGenerator:\n- name: generated\n  literals: [x=y]\n',
    );
    writeFileSync(
      join(overlay, 'patch.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
    );
    const result = await new Renderer(await detectKustomize(), { repoRoot: dir }).render({
      kind: 'kustomize',
      dir: overlay,
      id: 'o',
    });
    expect(result.findings).toEqual([]);
    const byName = new Map(result.resources.map((r) => [r.name, r]));
    expect(byName.get('prod-settings')!.source.locate('/data/a')).toEqual({
      file: join(base, 'cm.yaml'),
      position: { line: 6, column: 3 },
    });
    expect(byName.get('prod-web')!.source.locate('/spec/template/spec/containers/0/image')).toEqual({
      file: join(base, 'deploy.yaml'),
      position: { line: 16, column: 9 },
    });
    expect(byName.get('prod-web')!.source.locate('/spec/replicas')).toEqual({
      file: join(overlay, 'patch.yaml'),
      position: { line: 6, column: 3 },
    });
    // A generated ConfigMap is declared by no file: its location is the overlay's kustomization.
    expect([...byName.keys()].find((n) => n.startsWith('prod-generated-'))).toBeDefined();
    expect(result.resources.find((r) => r.name.startsWith('prod-generated-'))!.source.file).toBe(
      join(overlay, 'kustomization.yaml'),
    );
  });
});
