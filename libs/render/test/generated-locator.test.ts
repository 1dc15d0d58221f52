// A ConfigMap or Secret that kustomize generates is placed at its generator entry (the line a person edits),
// through the chain's prefixes and kustomize's hash suffix; what no entry names, at the kustomization.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKustomize, Renderer } from '../src/index.js';

describe('resources kustomize generates', () => {
  it('are placed at their generator entry, a data key at its literal or file, also when read back from the render cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'generated-'));
    const base = join(dir, 'base');
    const overlay = join(dir, 'overlay');
    mkdirSync(base);
    mkdirSync(overlay);
    writeFileSync(
      join(base, 'kustomization.yaml'),
      [
        'namePrefix: b-',
        'configMapGenerator:',
        '  - name: settings',
        '    literals:',
        '      - mode=fast',
        '      - level=3',
        'secretGenerator:',
        '  - name: token',
        '    options: {disableNameSuffixHash: true}',
        '    literals: [t=x]',
        '',
      ].join('\n'),
    );
    writeFileSync(join(overlay, 'app.conf'), 'x=1\n');
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      [
        'namePrefix: o-',
        'resources: [../base]',
        'configMapGenerator:',
        '  - name: settings',
        '    behavior: merge',
        '    files: [app.conf]',
        '    literals:',
        '      - level=4',
        '',
      ].join('\n'),
    );
    const tool = await detectKustomize();
    const cacheDir = join(dir, '.cache');
    const unit = { kind: 'kustomize' as const, dir: overlay, id: 'u' };
    for (const pass of ['built', 'kept']) {
      const { resources, findings } = await new Renderer(tool, { repoRoot: dir, cacheDir }).render(unit);
      expect(findings, pass).toEqual([]);
      const cm = resources.find((r) => r.kind === 'ConfigMap')!;
      const secret = resources.find((r) => r.kind === 'Secret')!;
      expect(cm.name).toMatch(/^o-b-settings-[a-z0-9]{10}$/);
      const at = (r: typeof cm, pointer: string) => {
        const where = r.source.locate(pointer);
        return `${where.file.slice(dir.length + 1)}:${where.position?.line}:${where.position?.column}`;
      };
      expect(cm.source.file, pass).toBe(join(base, 'kustomization.yaml'));
      expect(at(cm, '/metadata/name'), pass).toBe('base/kustomization.yaml:3:5');
      expect(at(cm, '/data/mode'), pass).toBe('base/kustomization.yaml:5:9');
      // The overlay's merge sets level again (the outermost entry wins) and adds app.conf.
      expect(at(cm, '/data/level'), pass).toBe('overlay/kustomization.yaml:8:9');
      expect(at(cm, '/data/app.conf'), pass).toBe('overlay/kustomization.yaml:6:13');
      expect(at(cm, '/metadata/labels'), pass).toBe('base/kustomization.yaml:3:5');
      expect(secret.name).toBe('o-b-token');
      expect(at(secret, '/data/t'), pass).toBe('base/kustomization.yaml:10:16');
    }
  });

  it('places a generated ConfigMap at its generator even when a resource file declares a ConfigMap whose name the generated one contains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'generated-'));
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  k: v\n');
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      ['resources: [cm.yaml]', 'configMapGenerator:', '  - name: app-config', '    literals: [mode=fast]', ''].join(
        '\n',
      ),
    );
    const tool = await detectKustomize();
    const { resources } = await new Renderer(tool, { repoRoot: dir }).render({ kind: 'kustomize', dir, id: 'u' });
    const generated = resources.find((r) => r.name.startsWith('app-config-'))!;
    expect(generated.source.locate('/data/mode')).toEqual({
      file: join(dir, 'kustomization.yaml'),
      position: { line: 4, column: 16 },
    });
    expect(resources.find((r) => r.name === 'app')!.source.file).toBe(join(dir, 'cm.yaml'));
  });

  it('places what no resource file or generator declares at the overlay kustomization, not at a line of the rendered output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'generated-'));
    // A ConfigMap whose document declares another name than kustomize renders (a replacement renames it).
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  k: v\n');
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'resources: [cm.yaml]',
        'patches:',
        '  - target: {kind: ConfigMap, name: one}',
        '    patch: |-',
        '      - op: replace',
        '        path: /metadata/name',
        '        value: renamed',
        '',
      ].join('\n'),
    );
    const tool = await detectKustomize();
    const { resources } = await new Renderer(tool, { repoRoot: dir }).render({ kind: 'kustomize', dir, id: 'u' });
    expect(resources.map((r) => r.name)).toEqual(['renamed']);
    expect(resources[0]!.source.locate('/data/k')).toEqual({
      file: join(dir, 'kustomization.yaml'),
      position: { line: 1, column: 1 },
    });
  });
});
