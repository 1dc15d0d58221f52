import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module (it runs before any build)
import { loadCli } from '../bin/load-cli.mjs';

interface Loaded {
  main(argv: string[]): Promise<number>;
  saveCodeCache(): void;
}

/** A CommonJS bundle like dist/gitops.cjs: main() and a module-level require. */
function bundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'load-cli-'));
  const file = join(dir, 'gitops.cjs');
  writeFileSync(
    file,
    `const { join } = require('node:path');\nexports.main = async (argv) => join('a', ...argv).length;\nexports.file = __filename;\n`,
  );
  return file;
}

describe('loading the CLI bundle', () => {
  it('runs it as CommonJS, and keeps V8 code cache beside it after the run', async () => {
    const file = bundle();
    const cli = loadCli(file) as Loaded & { file: string };
    expect(await cli.main(['bc'])).toBe(4);
    expect(cli.file).toBe(file);
    expect(existsSync(`${file}.code-cache`)).toBe(false);
    cli.saveCodeCache();
    const made = statSync(`${file}.code-cache`).mtimeMs;
    // The next run uses it and leaves it as it is.
    const again = loadCli(file) as Loaded;
    expect(await again.main([])).toBe(1);
    again.saveCodeCache();
    expect(statSync(`${file}.code-cache`).mtimeMs).toBe(made);
  });

  it('replaces a code cache V8 refuses', () => {
    const file = bundle();
    writeFileSync(`${file}.code-cache`, 'not a code cache, but longer than half the bundle, so only V8 can refuse it');
    (loadCli(file) as Loaded).saveCodeCache();
    expect(readFileSync(`${file}.code-cache`, 'utf8')).not.toContain('not a code cache');
  });

  it('says there is nothing to load before a build', () => {
    expect(loadCli(join(mkdtempSync(join(tmpdir(), 'load-cli-')), 'gitops.cjs'))).toBeUndefined();
  });
});
