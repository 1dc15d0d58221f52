// What KServe (opendatahub odh-v3.4-EA1 / release-v0.15, LLMInferenceService v1alpha1) creates from
// each LLMInferenceService: names, labels, the route from the router-route preset, the pools, the EPP.
import type { Resource } from '@inference-gitops/core';
import type { KServeDerived, PodTemplateView } from '../types.js';

/** `ingress.kserveIngressGateway` of the odh-xks inferenceservice-config: used when router.gateway has no refs. */
export const DEFAULT_GATEWAY = { name: 'inference-gateway', namespace: 'opendatahub' } as const;
export const SCHEDULER_COMPONENT = 'llminferenceservice-router-scheduler';
export const WORKLOAD_COMPONENT = 'llminferenceservice-workload';
export const VLLM_PORT = 8000;
const PRESET_TIMEOUTS = { backendRequest: '0s', request: '0s' };

export function isLLMInferenceService(r: Resource): boolean {
  return r.kind === 'LLMInferenceService' && r.apiVersion.startsWith('serving.kserve.io/');
}

export function workloadPodLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'kserve.io/component': 'workload', 'app.kubernetes.io/part-of': 'llminferenceservice', 'app.kubernetes.io/component': WORKLOAD_COMPONENT };
}

export function deriveKServe(resources: readonly Resource[]): KServeDerived[] {
  return resources.filter(isLLMInferenceService).map(derive);
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function derive(service: Resource): KServeDerived {
  const name = service.name;
  const namespace = service.namespace ?? 'default';
  const spec = obj(service.object.spec) ?? {};
  const router = obj(spec.router);
  const labels = workloadPodLabels(name);
  const extraLabels = obj(spec.labels) as Record<string, string> | undefined;
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const workloadPods: PodTemplateView[] = [];
  const template = obj(spec.template);
  const worker = obj(spec.worker);
  const parallelism = obj(spec.parallelism);
  const groupSize = worker ? Number(parallelism?.data ?? parallelism?.pipeline ?? 1) : 1;
  if (template) workloadPods.push({ owner: service, specPath: '/spec/template', spec: template, labels: { ...labels, ...extraLabels }, podsPerReplica: groupSize, replicas, controller: 'LLMInferenceService', derived: true });
  if (worker) {
    const { ['kserve.io/component']: _dropped, ...workerLabels } = labels;
    void _dropped;
    workloadPods.push({ owner: service, specPath: '/spec/worker', spec: worker, labels: { ...workerLabels, ...extraLabels }, podsPerReplica: groupSize, replicas, controller: 'LLMInferenceService/worker', derived: true });
  }

  const gatewayRefs: KServeDerived['gatewayRefs'] = [];
  const gw = obj(router?.gateway);
  const refs = Array.isArray(gw?.refs) ? (gw!.refs as unknown[]).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
  for (const r of refs) if (typeof r.name === 'string') gatewayRefs.push({ name: r.name, namespace: typeof r.namespace === 'string' ? r.namespace : namespace, explicit: true });
  if (router && 'gateway' in router && gatewayRefs.length === 0) gatewayRefs.push({ ...DEFAULT_GATEWAY, explicit: false });

  let route: KServeDerived['route'] = null;
  const routeSpec = obj(router?.route);
  const http = obj(routeSpec?.http);
  if (router && routeSpec && !(Array.isArray(http?.refs) && http!.refs.length > 0)) {
    const custom = obj(http?.spec);
    const customRules = Array.isArray(custom?.rules) ? (custom!.rules as unknown[]).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x)) : undefined;
    route = {
      name: `${name}-kserve-route`,
      namespace,
      parentRefs: gatewayRefs.map((g) => ({ name: g.name, namespace: g.namespace })),
      rules: customRules ?? presetRules(name, namespace),
      rulesPath: customRules ? '/spec/router/route/http/spec/rules' : '',
      fromPreset: customRules === undefined,
    };
  }

  const scheduler = obj(router?.scheduler);
  const pool = obj(scheduler?.pool);
  const byoPool = pool && obj(pool.ref) !== undefined;
  const pools: KServeDerived['pools'] = [];
  let schedulerView: KServeDerived['scheduler'] = null;
  if (router && scheduler && !byoPool) {
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'llminferenceservice', 'kserve.io/component': 'workload' };
    const eppService = `${name}-epp-service`;
    pools.push({ group: 'inference.networking.x-k8s.io', version: 'v1alpha2', name: `${name}-inference-pool`, namespace, selector, targetPort: VLLM_PORT, eppService });
    pools.push({ group: 'inference.networking.k8s.io', version: 'v1', name: `${name}-inference-pool`, namespace, selector, targetPort: VLLM_PORT, eppService });
    schedulerView = {
      deploymentName: `${name}-kserve-router-scheduler`,
      serviceName: eppService,
      labels: { 'app.kubernetes.io/component': SCHEDULER_COMPONENT, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'llminferenceservice' },
      ports: [9002, 9003, 9090, 5557],
    };
  }
  const childNames = [
    { kind: 'Deployment', name: worker ? `${name}-kserve-mn` : `${name}-kserve` },
    { kind: 'Service', name: `${name}-kserve-workload-svc` },
    ...(route ? [{ kind: 'HTTPRoute', name: route.name }] : []),
    ...(pools.length ? [{ kind: 'InferencePool', name: `${name}-inference-pool` }] : []),
    ...(schedulerView ? [{ kind: 'Deployment', name: schedulerView.deploymentName }, { kind: 'Service', name: schedulerView.serviceName }] : []),
  ];
  return {
    service,
    name,
    namespace,
    workloadPods,
    workloadService: { name: `${name}-kserve-workload-svc`, namespace, port: VLLM_PORT, appProtocol: 'https', selector: labels },
    route,
    gatewayRefs,
    pools,
    scheduler: schedulerView,
    childNames,
  };
}

/** kserve-config-llm-router-route at odh-v3.4-EA1: three rules, every one with `timeouts`. */
function presetRules(name: string, namespace: string): Array<Record<string, unknown>> {
  const pool = { group: 'inference.networking.x-k8s.io', kind: 'InferencePool', name: `${name}-inference-pool`, port: VLLM_PORT, weight: 1 };
  const rule = (path: string, to: string, backend: Record<string, unknown>) => ({
    backendRefs: [backend],
    matches: [{ path: { type: 'PathPrefix', value: path } }],
    filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: to } } }],
    timeouts: PRESET_TIMEOUTS,
  });
  return [
    rule(`/${namespace}/${name}/v1/completions`, '/v1/completions', pool),
    rule(`/${namespace}/${name}/v1/chat/completions`, '/v1/chat/completions', pool),
    rule(`/${namespace}/${name}`, '/', { kind: 'Service', name: `${name}-kserve-workload-svc`, port: VLLM_PORT, weight: 1 }),
  ];
}
