import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExpression, parsedOf, seedParsed } from '@inference-gitops/cel';
import { SchemaCatalog } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('CEL parse results kept between runs', () => {
  it('are used instead of parsing the expression again', () => {
    compileExpression('self.x == 1');
    const [[, bytes]] = parsedOf(['self.x == 1']) as [[string, Uint8Array]];
    // Seeded under another text, the kept parse is what runs: proof that the text was not parsed.
    seedParsed([['self.y == 2', bytes]]);
    expect(compileExpression('self.y == 2').evaluate({ self: new Map([['x', 1n]]) } as never)).toBe(true);
  });

  it('are parsed again when damaged', () => {
    seedParsed([['self.z == 3', new Uint8Array([0xff, 0xff, 0xff])]]);
    expect(compileExpression('self.z == 3').evaluate({ self: new Map([['z', 3n]]) } as never)).toBe(true);
  });

  it("are written once per CRD and code, in the cache's cel folder, with the same findings", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'cel-cache-'));
    const catalog = await SchemaCatalog.open({ repoRoot, cacheDir, sync: 'never', buildId: 'test-build' });
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'n' },
      spec: {
        parentRefs: [{ name: 'g' }],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'no-leading-slash' } }] }],
      },
    };
    const findings = await catalog.validate(route);
    expect(findings.map((f) => f.rule)).toContain('cel');
    const entries = readdirSync(join(cacheDir, 'cel'));
    expect(entries.length).toBe(1);
    const kept = JSON.parse(readFileSync(join(cacheDir, 'cel', entries[0]!), 'utf8')) as Array<[string, string]>;
    expect(kept.length).toBeGreaterThan(20);
    expect(kept.some(([rule]) => rule.includes("self.value.startsWith('/')"))).toBe(true);
  });
});
