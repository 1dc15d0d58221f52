import type { Rule } from '../types.js';
import { finding, obj, tpuContainers } from './shared/util.js';

export const MIN_STARTUP_SECONDS = 240;

export const rule: Rule = {
  id: 'tpu-startup-budget',
  severity: 'warning',
  summary:
    'Liveness cannot kill a TPU pod before first-start XLA compilation ends (initial delay or startupProbe budget >= 240 s).',
  docs: {
    why:
      'Model download, TPU initialisation and XLA compilation take 4-6 minutes on first start (seed NG-8); ' +
      'a liveness probe that fires earlier restarts the pod forever.',
    fix: 'Add a startupProbe with failureThreshold x periodSeconds >= 240 (KServe HEAD uses 600), or set livenessProbe.initialDelaySeconds >= 240.',
    source:
      'seed NG-8, X-3i; [doc] vllm TPU guide (compilation takes minutes); KServe presets (startup 10 min at HEAD, none in v0.16).',
  },
  kinds: ['Deployment', 'LLMInferenceService', 'LeaderWorkerSet'],
  check(ctx) {
    const out = [];
    for (const c of tpuContainers(ctx)) {
      const liveness = obj(c.container.livenessProbe);
      if (!liveness) continue;
      const startup = obj(c.container.startupProbe);
      const budget = startup
        ? Number(startup.initialDelaySeconds ?? 0) +
          Number(startup.periodSeconds ?? 10) * Number(startup.failureThreshold ?? 3)
        : 0;
      const delay =
        Number(liveness.initialDelaySeconds ?? 0) +
        Number(liveness.periodSeconds ?? 10) * Number(liveness.failureThreshold ?? 3);
      if (Math.max(budget, delay) < MIN_STARTUP_SECONDS) {
        out.push(
          finding(
            c.pod.owner,
            `${c.path}/${startup ? 'startupProbe' : 'livenessProbe'}`,
            `the TPU pod can be killed after ${Math.max(budget, delay)} s, before first-start compilation ends (budget ${MIN_STARTUP_SECONDS} s)`,
            'Add a startupProbe with failureThreshold x periodSeconds >= 240, or raise livenessProbe.initialDelaySeconds.',
          ),
        );
      }
    }
    return out;
  },
};
