// The TPU rules accept valid third-party multi-host workloads (patterns/gke-tpu-samples.yaml): a rule that
// refuses one of these refuses a workload GKE runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { runRules } from '../src/index.js';

describe('valid multi-host TPU patterns from GKE samples', () => {
  it('pass every TPU and vLLM rule (warnings aside: they state a policy, such as the explicit toleration)', () => {
    const file = join(import.meta.dirname, 'patterns/gke-tpu-samples.yaml');
    const { resources, findings: parse } = parseManifests(readFileSync(file, 'utf8'), { file });
    expect(parse).toEqual([]);
    const { findings } = runRules(resources);
    expect(
      findings
        .filter((f) => /^(tpu|vllm)-/.test(f.rule) && f.severity === 'error')
        .map((f) => `${f.rule} ${f.resource?.name}: ${f.message}`),
    ).toEqual([]);
  });
});
