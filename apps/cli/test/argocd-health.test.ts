// A hand edit of argocd-cm that maps a starting LLMInferenceService to Degraded fails `gitops validate` at the
// argocd-cm key, as Argo CD would fail every sync of a model that takes minutes to load.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLua } from '../../../libs/validator/src/argocd-health/lua.js';
import { gitops, repoRoot } from './helpers.js';

const lua = findLua();
const SKIPPED = lua ? '' : ' [skipped: needs lua5.1 on PATH (Debian package lua5.1; .ci/run installs it)]';

describe('the health checks the waves wait on', () => {
  it.skipIf(!lua)(`refuses a naive LLMInferenceService check at its argocd-cm line${SKIPPED}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'argocd-health-'));
    for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml'])
      cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
    const file = join(dir, 'overlays/bases/argocd-config/argocd-config.yaml');
    const text = readFileSync(file, 'utf8');
    const precise = /^ {6}if c\.status == "False" and c\.reason ~= nil and .*then$/m;
    expect(text).toMatch(precise);
    writeFileSync(file, text.replace(precise, '      if c.type == "Ready" and c.status == "False" then'));
    const { code, stdout } = await gitops(['validate', 'gke-native-dev', '--format', 'json'], dir);
    const findings = (
      JSON.parse(stdout) as {
        findings: Array<{ rule: string; severity: string; file: string; line: number; message: string }>;
      }
    ).findings.filter((f) => f.rule === 'argocd-health');
    const line = text.split('\n').findIndex((l) => l.includes('io_LLMInferenceService: |')) + 1;
    expect(findings.map((f) => `${f.severity} ${f.file}:${f.line}`)).toEqual([
      `error overlays/bases/argocd-config/argocd-config.yaml:${line}`,
      `error overlays/bases/argocd-config/argocd-config.yaml:${line}`,
      `warning overlays/bases/argocd-config/argocd-config.yaml:${line}`,
    ]);
    expect(findings[0]!.message).toContain(
      'says Degraded while the object starts: a Degraded resource in a sync wave fails the sync',
    );
    expect(code).toBe(1);
  });
});
