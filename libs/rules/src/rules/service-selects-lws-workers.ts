import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { PodTemplateView, Rule } from '../types.js';
import { finding, list, obj, pods } from './shared/util.js';

const LWS_NAME = 'leaderworkerset.sigs.k8s.io/name';
const WORKER_INDEX = 'leaderworkerset.sigs.k8s.io/worker-index';

/** The workers of a multi-host group (LeaderWorkerSet worker template, KServe's worker), with the labels LWS adds. */
function workers(views: PodTemplateView[]): Array<{ view: PodTemplateView; labels: Record<string, string> }> {
  return views.flatMap((view) => {
    if (view.controller === 'LLMInferenceService/worker') return [{ view, labels: view.labels }];
    if (view.controller === 'LeaderWorkerSet' && view.specPath.includes('/workerTemplate') && view.podsPerReplica > 1)
      return [{ view, labels: { ...view.labels, [LWS_NAME]: view.owner.name } }];
    return [];
  });
}

/** Does the selector select a worker (worker-index 1..n-1)? An index of "0" selects the leader only. */
function selectsWorker(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => (k === WORKER_INDEX ? v !== '0' : labels[k] === v));
}

/** A vLLM started with --headless (a data-parallel rank of KServe's worker preset) serves no API. */
const HEADLESS = /(^|\s)--headless(\s|$)/;
/** A container that starts an API server: `vllm serve` or the OpenAI entrypoint. */
const API_SERVER = /vllm\s+serve|vllm\.entrypoints\.openai\.api_server/;

/**
 * Whether some container of the pod listens on the Service's target port (a number, or a port name). KServe's worker
 * inherits the preset's port 8000 whatever it runs, so there the command decides: an API server, not headless.
 */
function serves(view: PodTemplateView, target: unknown): boolean {
  return list(view.spec.containers).some((c) => {
    const words = [...strings(c.command), ...strings(c.args)].join(' ');
    if (HEADLESS.test(words)) return false;
    if (view.controller === 'LLMInferenceService/worker' && !API_SERVER.test(words)) return false;
    return list(c.ports).some((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
  });
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export const rule: Rule = {
  id: 'service-selects-lws-workers',
  severity: 'error',
  summary:
    'A Service in front of a multi-host model server selects the leader of each group, not the workers, which serve nothing on its port.',
  docs: {
    why:
      'On a multi-host TPU slice only the leader of each LeaderWorkerSet group runs the vLLM server; the workers ' +
      'lend their chips over Ray and listen on nothing the Service targets. A Service whose selector also matches ' +
      'the workers (the LWS name label alone, or KServe labels without kserve.io/component) spreads connections ' +
      'over every host of the slice: the share that lands on a worker is refused (connection refused, 503 at the ' +
      'gateway), and readiness does not help when the workers carry no probe. The generator writes ' +
      '`<name>-workload-http` with `leaderworkerset.sigs.k8s.io/worker-index: "0"`.',
    fix:
      'Select the leader only: add `leaderworkerset.sigs.k8s.io/worker-index: "0"` to the selector (LWS labels every ' +
      'pod with its index in the group, 0 for the leader), or a label of the leader template only (e.g. role: leader).',
    source:
      '[code] sigs.k8s.io/lws api/leaderworkerset/v1 (labels leaderworkerset.sigs.k8s.io/name, worker-index); ' +
      'docs/examples/vllm (a Service selecting role: leader); opendatahub-io/kserve odh-v3.4-EA1 ' +
      'pkg/controller/llmisvc/workload_multi_node.go; issue #22 (the workload-http Service).',
  },
  kinds: ['Service'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const groups = workers(pods(ctx));
    if (groups.length === 0) return out;
    for (const service of ctx.byKind('Service', '')) {
      const spec = obj(service.object.spec);
      const selector = obj(spec?.selector) as Record<string, string> | undefined;
      if (!selector || Object.keys(selector).length === 0) continue;
      const ns = service.namespace ?? 'default';
      for (const { view, labels } of groups) {
        if ((view.owner.namespace ?? 'default') !== ns || !selectsWorker(selector, labels)) continue;
        const idle = list(spec?.ports).filter((p) => !serves(view, p.targetPort ?? p.port));
        if (idle.length === 0) continue;
        out.push(
          finding(
            service,
            '/spec/selector',
            `Service ${service.name} selects the workers of ${describe(view.owner)} too, which serve nothing on port ${idle.map((p) => String(p.targetPort ?? p.port)).join(', ')}: the connections that land on a worker fail`,
            'Select the leader only: add leaderworkerset.sigs.k8s.io/worker-index: "0" to the selector.',
          ),
        );
        break;
      }
    }
    return out;
  },
};

function describe(owner: Resource): string {
  return `${owner.kind} ${owner.name}`;
}
