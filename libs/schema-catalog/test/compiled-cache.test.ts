import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { loadCompiled } from '../src/catalog.js';

/** A standalone validator on disk; each schema differs, so V8 has not compiled its code in this process. */
function validatorFile(dir: string, name: string, field: string): string {
  const ajv = new Ajv({ code: { source: true } });
  const file = join(dir, `${name}.cjs`);
  writeFileSync(file, standalone.default(ajv, ajv.compile({ type: 'object', properties: { [field]: { type: 'integer' } }, required: [field] })));
  return file;
}

describe('compiled validators on disk', () => {
  it("keep V8's code cache beside them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiled-'));
    const file = validatorFile(dir, 'a', 'n');
    expect(existsSync(`${file}.v8`)).toBe(false);
    const validate = loadCompiled(file);
    expect([validate({ n: 1 }), validate({ n: 'x' })]).toEqual([true, false]);
    expect(readFileSync(`${file}.v8`).length).toBeGreaterThan(0);
  });

  it('replace a code cache V8 refuses (another Node version, a damaged file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiled-'));
    const file = validatorFile(dir, 'b', 'm');
    writeFileSync(`${file}.v8`, 'not a code cache');
    const validate = loadCompiled(file);
    expect([validate({ m: 2 }), validate({})]).toEqual([true, false]);
    expect(readFileSync(`${file}.v8`, 'utf8')).not.toBe('not a code cache');
  });
});
