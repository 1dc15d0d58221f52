// The health checks the generator puts in argocd-cm, run in the Lua Argo CD runs them in (gopher-lua is
// Lua 5.1: Debian's lua5.1, which .ci/run installs) against status fixtures, one file per kind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { argocdCm, LLMISVC_HEALTH_LUA, LWS_HEALTH_LUA } from '../src/index.js';

const lua = (() => {
  try {
    execFileSync('lua5.1', ['-v'], { stdio: 'ignore' });
    return 'lua5.1';
  } catch {
    return undefined;
  }
})();
const SKIPPED = ' [skipped: needs lua5.1 on PATH (Debian package lua5.1; .ci/run installs it)]';

/** A JSON value as a Lua table constructor. */
function luaValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(luaValue).join(', ')}}`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `[${JSON.stringify(k)}] = ${luaValue(x)}`)
    .join(', ')}}`;
}

/** Argo CD's call: the script as a function body, the object as the global `obj`. */
function health(script: string, obj: unknown): { status: string; message: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'health-')), 'check.lua');
  writeFileSync(
    file,
    `obj = ${luaValue(obj)}\nlocal function check()\n${script}\nend\nlocal hs = check()\nprint(hs.status)\nprint(hs.message or "")\n`,
  );
  const [status = '', message = ''] = execFileSync(lua!, [file], { encoding: 'utf8' }).split('\n');
  return { status, message };
}

type Case = { name: string; status: string; message?: string; obj: unknown };
const cases = (file: string) => parse(readFileSync(join(import.meta.dirname, 'health', file), 'utf8')) as Case[];

for (const [kind, script, file] of [
  ['LLMInferenceService', LLMISVC_HEALTH_LUA, 'llminferenceservice.yaml'],
  ['LeaderWorkerSet', LWS_HEALTH_LUA, 'leaderworkerset.yaml'],
] as const) {
  describe(`the ${kind} health check`, () => {
    for (const c of cases(file)) {
      it.skipIf(!lua)(`${c.name}: ${c.status}${lua ? '' : SKIPPED}`, () => {
        const hs = health(script, c.obj);
        expect(hs.status).toBe(c.status);
        if (c.message !== undefined) expect(hs.message).toBe(c.message);
      });
    }
  });
}

describe('argocd-cm as generated', () => {
  it('holds the health checks of the kinds the waves wait on', () => {
    const cm = argocdCm() as { data: Record<string, string> };
    expect(Object.keys(cm.data).sort()).toEqual([
      'resource.customizations.health.argoproj.io_Application',
      'resource.customizations.health.leaderworkerset.x-k8s.io_LeaderWorkerSet',
      'resource.customizations.health.serving.kserve.io_LLMInferenceService',
    ]);
    expect(cm.data['resource.customizations.health.serving.kserve.io_LLMInferenceService']).toBe(LLMISVC_HEALTH_LUA);
  });
});
