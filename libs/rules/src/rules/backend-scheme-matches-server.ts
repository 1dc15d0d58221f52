import type { RuleFinding } from '@inference-gitops/core';
import type { KServeDerived, Rule, RuleContext } from '../types.js';
import {
  argWords,
  containers,
  finding,
  flag,
  isVllm,
  list,
  obj,
  routeServiceBackends,
  valueAt,
} from './shared/util.js';

type Scheme = 'http' | 'https';

/** What the model server of a KServe service speaks: https when vLLM gets --ssl-certfile/--ssl-keyfile. */
function servedScheme(k: KServeDerived): Scheme | undefined {
  for (const view of k.workloadPods)
    for (const c of containers(view)) {
      if (!isVllm(c)) continue;
      const words = argWords(c);
      return flag(words, '--ssl-certfile') !== undefined || flag(words, '--ssl-keyfile') !== undefined
        ? 'https'
        : 'http';
    }
  return undefined;
}

/**
 * The scheme a gateway uses towards a Service port: its appProtocol, else the port's name (GKE falls back
 * to it). KServe's own workload Service is not in the tree: the ODH build writes it with appProtocol https, community KServe with http while TLS is off.
 */
function serviceScheme(ctx: RuleContext, k: KServeDerived, name: string, port: number): Scheme | undefined {
  if (name === k.workloadService.name) return k.workloadService.appProtocol === 'https' ? 'https' : 'http';
  const svc = ctx.find('Service', k.namespace, name);
  if (!svc) return undefined;
  const p = list(obj(svc.object.spec)?.ports).find((x) => Number(x.port) === port);
  if (!p) return undefined;
  const declared = String(p.appProtocol ?? p.name ?? '').toLowerCase();
  return declared === 'https' || declared.startsWith('https-') ? 'https' : 'http';
}

const SCHEDULER_ARGS = '/spec/router/scheduler/template/containers';

export const rule: Rule = {
  id: 'backend-scheme-matches-server',
  severity: 'error',
  summary:
    "The route's Service backends and the scheduler's metric scrapes use the scheme vLLM serves (https only with --ssl-certfile), judged on the effective LLMInferenceService.",
  docs: {
    why:
      'KServe creates `<name>-kserve-workload-svc` with port name and appProtocol `https`, whatever vLLM serves, ' +
      "and the preset route's catch-all rule (/v1/models, /health, ...) sends to it: a gateway that honours " +
      'appProtocol (GKE does) speaks TLS to a plain-HTTP vLLM and every such request fails with a TLS error ' +
      '(seed NG-6, NG-15). The scheduler preset starts the endpoint picker with ' +
      '`--model-server-metrics-scheme https`: against a plain-HTTP vLLM every metrics scrape fails and the ' +
      'picker schedules without queue or KV-cache data. Both hold in reverse for a vLLM that serves TLS.',
    fix:
      'Send the catch-all rule to a Service of your own whose port says `appProtocol: http` (the generator ' +
      "writes `<name>-workload-http`), and give the scheduler container `main` the preset's args with " +
      '`--model-server-metrics-scheme http` (the generator does both). Or serve TLS everywhere, which GKE ' +
      'cannot do behind an InferencePool (see inferencepool-backend-plain-http).',
    source:
      '[code] opendatahub-io/kserve odh-v3.4-EA1 pkg/controller/llmisvc/workload.go (reconcileWorkloadService: ' +
      'port "https", AppProtocol "https"), config/llmisvc/config-llm-scheduler.yaml (--secure-serving ' +
      '--model-server-metrics-scheme https), config-llm-router-route.yaml; gateway-api-inference-extension ' +
      'cmd/epp (model-server-metrics-scheme defaults to http); seed NG-6, NG-15.',
  },
  kinds: ['LLMInferenceService', 'Service'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const k of ctx.kserve) {
      const served = servedScheme(k);
      if (!served) continue;
      for (const backend of routeServiceBackends(k)) {
        const scheme = serviceScheme(ctx, k, backend.name, backend.port);
        if (!scheme || scheme === served) continue;
        const kserveOwned = backend.name === k.workloadService.name;
        out.push(
          finding(
            k.service,
            backend.pointer,
            `the route sends to Service ${backend.name} port ${backend.port} as ${scheme}${kserveOwned ? ` (KServe ${ctx.kserveRelease} creates it with appProtocol ${k.workloadService.appProtocol})` : ''}, but vLLM serves ${served}`,
            served === 'http'
              ? 'Send this rule to a Service whose port has appProtocol: http and selects the vLLM pods (the generator writes <name>-workload-http).'
              : 'Send this rule to a Service whose port has appProtocol: https.',
            k.route?.fromPreset ? k : undefined,
          ),
        );
      }
      if (!k.scheduler) continue;
      const epp = list(obj(obj(obj(k.effective.router)?.scheduler)?.template)?.containers);
      const index = epp.findIndex((c) => c.name === 'main');
      if (index < 0) continue;
      const words = (Array.isArray(epp[index]!.args) ? epp[index]!.args : []).map(String);
      const set = flag(words, '--model-server-metrics-scheme');
      const scrape: Scheme = set === 'https' ? 'https' : 'http';
      if (scrape === served) continue;
      const written = list(valueAt(k.service.object, SCHEDULER_ARGS));
      const mine = written.findIndex((c) => c.name === 'main');
      const own = mine >= 0 && Array.isArray(written[mine]!.args);
      out.push(
        finding(
          k.service,
          own ? `${SCHEDULER_ARGS}/${mine}/args` : '/spec/router/scheduler',
          `the scheduler scrapes vLLM's metrics over ${scrape}${own ? '' : ` (from the KServe preset kserve-config-llm-scheduler)`}, but vLLM serves ${served}`,
          `Give router.scheduler.template container "main" the preset's args with --model-server-metrics-scheme ${served}.`,
          own ? undefined : k,
        ),
      );
    }
    return out;
  },
};
