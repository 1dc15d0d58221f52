import type { Rule } from '../types.js';
import { finding } from './shared/util.js';

export const rule: Rule = {
  id: 'llmisvc-child-name-length',
  severity: 'error',
  summary: 'Names KServe derives from an LLMInferenceService stay within 63 characters.',
  docs: {
    why: 'KServe derives child names with kmeta.ChildName, which hashes names longer than 63 characters; every reference by name (HealthCheckPolicy, NetworkPolicy, EnvoyFilter, dashboards) then points at nothing.',
    fix: 'Shorten the LLMInferenceService name so that <name>-kserve-router-scheduler has at most 63 characters (name <= 39).',
    source: '[code] knative kmeta.ChildName; kserve llmisvc naming (seed-repo section 3).',
  },
  kinds: ['LLMInferenceService'],
  check(ctx) {
    const out = [];
    for (const k of ctx.kserve) {
      const long = k.childNames.filter((c) => c.name.length > 63);
      if (long.length) out.push(finding(k.service, '/metadata/name', `KServe would derive ${long.map((c) => `"${c.name}" (${c.name.length})`).join(', ')}: longer than 63 characters, so it hashes them`, `Use a name of at most ${63 - '-kserve-router-scheduler'.length} characters.`));
    }
    return out;
  },
};
