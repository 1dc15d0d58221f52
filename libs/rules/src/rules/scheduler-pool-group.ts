import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, flag, list, obj } from './shared/util.js';

/** The EPP's default `--pool-group` from the Inference Extension v1.0 on (the v1 API group). */
const DEFAULT_POOL_GROUP = 'inference.networking.k8s.io';

export const rule: Rule = {
  id: 'scheduler-pool-group',
  severity: 'error',
  summary: "A managed scheduler's --pool-group names the API group of an InferencePool KServe writes for the service.",
  docs: {
    why:
      'The endpoint picker (EPP) watches the one InferencePool its --pool-name, --pool-namespace and --pool-group ' +
      'name. The OpenDataHub build odh-v3.4-EA1 writes the pool in inference.networking.x-k8s.io (v1alpha2) and ' +
      'mirrors it in inference.networking.k8s.io (v1), and its scheduler preset passes --pool-group ' +
      'inference.networking.x-k8s.io. Community KServe (v0.17 and later) writes the v1 pool only, where the ' +
      'Inference Extension no longer serves the x-k8s.io one, and its preset passes no --pool-group. A tree that ' +
      'carries the ODH args over to community KServe leaves the picker watching a pool that does not exist: the ' +
      'scheduler never becomes ready and the Gateway answers 5xx.',
    fix: 'Drop --pool-group from the scheduler args (the EPP defaults to inference.networking.k8s.io), or name the group of a pool KServe writes.',
    source:
      '[code] opendatahub-io/kserve odh-v3.4-EA1 config/llmisvc/config-llm-scheduler.yaml, ' +
      'pkg/controller/llmisvc/scheduler.go; kserve/kserve v0.20.0 config/llmisvcconfig/config-llm-scheduler.yaml; ' +
      'gateway-api-inference-extension pkg/epp/server/options.go (--pool-group); research platform-versions.md 4.',
  },
  kinds: ['LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const k of ctx.kserve) {
      if (!k.scheduler || k.pools.length === 0) continue;
      const main = mainContainer(k.effective);
      if (!main) continue;
      const group = flag(words(main.container), '--pool-group');
      const watched = typeof group === 'string' ? group : DEFAULT_POOL_GROUP;
      const written = [...new Set(k.pools.map((p) => p.group))];
      if (written.includes(watched)) continue;
      // At the service's own argument when it writes one, else at the scheduler (the flag comes from a preset).
      const own = mainContainer(obj(k.service.object.spec) ?? {});
      const at = own ? argIndex(own.container, '--pool-group') : undefined;
      out.push(
        finding(
          k.service,
          own && at ? `/spec/router/scheduler/template/containers/${own.index}/${at}` : '/spec/router/scheduler',
          `the scheduler of ${k.name} watches InferencePools of group ${watched}, but KServe ${ctx.kserveRelease} writes its pool in ${written.join(' and ')}: the endpoint picker finds no pool and the route answers 5xx`,
          `Drop --pool-group (the EPP defaults to ${DEFAULT_POOL_GROUP}) or set it to ${written.at(-1)}.`,
        ),
      );
    }
    return out;
  },
};

/** The scheduler template's `main` container of a (service or effective) spec, with its index. */
function mainContainer(
  spec: Record<string, unknown>,
): { container: Record<string, unknown>; index: number } | undefined {
  const containers = list(obj(obj(obj(spec.router)?.scheduler)?.template)?.containers);
  const index = containers.findIndex((c) => c.name === 'main');
  return index >= 0 ? { container: containers[index]!, index } : undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const words = (c: Record<string, unknown>): string[] => [...strings(c.command), ...strings(c.args)];

/** `args/<i>` or `command/<i>` of the entry that holds a flag. */
function argIndex(c: Record<string, unknown>, name: string): string | undefined {
  for (const field of ['args', 'command']) {
    const i = strings(c[field]).findIndex((w) => w === name || w.startsWith(`${name}=`));
    if (i >= 0) return `${field}/${i}`;
  }
  return undefined;
}
