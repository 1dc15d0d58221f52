// The health checks the generator puts in argocd-cm, run in the Lua Argo CD runs them in (gopher-lua is
// Lua 5.1: Debian's lua5.1, which .ci/run installs) against the status fixtures `gitops validate` uses too.
import { describe, expect, it } from 'vitest';
import { findLua, runHealthScript } from '../../validator/src/argocd-health/lua.js';
import { STATUS_CASES } from '../../validator/src/argocd-health/status-cases.js';
import { argocdCm, LLMISVC_HEALTH_LUA, LWS_HEALTH_LUA } from '../src/index.js';

const lua = findLua();
const SKIPPED = ' [skipped: needs lua5.1 on PATH (Debian package lua5.1; .ci/run installs it)]';

for (const [kind, script, key] of [
  ['LLMInferenceService', LLMISVC_HEALTH_LUA, 'serving.kserve.io/LLMInferenceService'],
  ['LeaderWorkerSet', LWS_HEALTH_LUA, 'leaderworkerset.x-k8s.io/LeaderWorkerSet'],
] as const) {
  describe(`the ${kind} health check`, () => {
    for (const c of STATUS_CASES[key]!) {
      it.skipIf(!lua)(`${c.name}: ${c.expected}${lua ? '' : SKIPPED}`, async () => {
        const [hs] = await runHealthScript(lua!, script, [c.obj]);
        expect(hs!.error).toBeUndefined();
        expect(hs!.status).toBe(c.expected);
        if (c.message !== undefined) expect(hs!.message).toBe(c.message);
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
