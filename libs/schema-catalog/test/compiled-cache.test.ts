import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { flushCodeCaches, loadCompiled, loadCompiledFile, pruneCompiled } from '../src/compiled.js';

/** A standalone validator on disk; each schema differs, so V8 has not compiled its code in this process. */
function validatorFile(dir: string, name: string, field: string): string {
  const ajv = new Ajv({ code: { source: true } });
  const file = join(dir, `${name}.cjs`);
  const generate = (standalone as unknown as { default?: typeof standalone }).default ?? standalone;
  writeFileSync(
    file,
    generate(ajv, ajv.compile({ type: 'object', properties: { [field]: { type: 'integer' } }, required: [field] })),
  );
  return file;
}

describe('compiled validators on disk', () => {
  it("keep V8's code cache beside them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiled-'));
    const file = validatorFile(dir, 'a', 'n');
    const validate = loadCompiled(file);
    expect([validate({ n: 1 }), validate({ n: 'x' })]).toEqual([true, false]);
    // Written when the process ends, after the validator ran (its compiled functions are in the cache).
    expect(existsSync(`${file}.code-cache`)).toBe(false);
    flushCodeCaches();
    expect(readFileSync(`${file}.code-cache`).length).toBeGreaterThan(0);
  });

  it('replace a code cache V8 refuses (another Node version, a damaged file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiled-'));
    const file = validatorFile(dir, 'b', 'm');
    writeFileSync(`${file}.code-cache`, 'not a code cache');
    const validate = loadCompiled(file);
    expect([validate({ m: 2 }), validate({})]).toEqual([true, false]);
    flushCodeCaches();
    expect(readFileSync(`${file}.code-cache`, 'utf8')).not.toBe('not a code cache');
  });
});

describe('pruning the compiled validators', () => {
  it('removes what no run used for two weeks and aliases whose validator is gone, once per process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiled-'));
    const old = validatorFile(dir, 'old', 'o');
    const used = validatorFile(dir, 'used', 'u');
    const month = new Date(Date.now() - 30 * 86_400_000);
    for (const f of [old, used]) utimesSync(f, month, month);
    writeFileSync(`${old}.code-cache`, 'x');
    utimesSync(`${old}.code-cache`, month, month);
    symlinkSync('gone.cjs', join(dir, 'alias.cjs'));
    // A run that loads a validator marks it used.
    loadCompiledFile(used);
    expect(pruneCompiled(dir)).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(['used.cjs']);
    expect(pruneCompiled(dir)).toBe(0);
  });
});
