// What KServe (opendatahub odh-v3.4-EA1 / release-v0.15, LLMInferenceService v1alpha1) creates from
// each LLMInferenceService: names, labels, the route from the router-route preset, the pools, the EPP.
import type { Resource } from '@inference-gitops/core';
import type { KServeDerived, PodTemplateView } from '../types.js';
import { DEFAULT_KSERVE_RELEASE, effectiveSpec, GLOBAL_GATEWAY, kserveRelease } from './presets/effective.js';

/** `ingress.kserveIngressGateway` of the odh-xks inferenceservice-config: used when router.gateway has no refs. */
export const DEFAULT_GATEWAY = GLOBAL_GATEWAY;
export const SCHEDULER_COMPONENT = 'llminferenceservice-router-scheduler';
export const WORKLOAD_COMPONENT = 'llminferenceservice-workload';
export const VLLM_PORT = 8000;

export function isLLMInferenceService(r: Resource): boolean {
  return r.kind === 'LLMInferenceService' && r.apiVersion.startsWith('serving.kserve.io/');
}

export function workloadPodLabels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'kserve.io/component': 'workload',
    'app.kubernetes.io/part-of': 'llminferenceservice',
    'app.kubernetes.io/component': WORKLOAD_COMPONENT,
  };
}

export function deriveKServe(
  resources: readonly Resource[],
  release: string = DEFAULT_KSERVE_RELEASE,
): KServeDerived[] {
  const configs = resources.filter(
    (r) => r.kind === 'LLMInferenceServiceConfig' && r.apiVersion.startsWith('serving.kserve.io/'),
  );
  return resources.filter(isLLMInferenceService).map((s) => derive(s, configs, release));
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function derive(service: Resource, configs: readonly Resource[], release: string): KServeDerived {
  const name = service.name;
  const namespace = service.namespace ?? 'default';
  const own = obj(service.object.spec) ?? {};
  // What KServe runs: the service merged over its presets and baseRefs.
  const effective = effectiveSpec(service, configs, release);
  const spec = effective.spec;
  const router = obj(spec.router);
  const labels = workloadPodLabels(name);
  const extraLabels = obj(spec.labels) as Record<string, string> | undefined;
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const workloadPods: PodTemplateView[] = [];
  const template = obj(spec.template);
  const worker = obj(spec.worker);
  const parallelism = obj(spec.parallelism);
  // LWS size (KServe workload_multi_node.go): data / dataLocal (at least 1) with data parallelism, else pipeline.
  const groupSize = worker
    ? parallelism?.data !== undefined
      ? Math.max(1, Math.floor(Number(parallelism.data) / Number(parallelism.dataLocal ?? 1)))
      : Number(parallelism?.pipeline ?? 1)
    : 1;
  // With a worker, KServe runs a LeaderWorkerSet: LWS labels every pod of it with its name.
  const lwsLabels: Record<string, string> = worker ? { 'leaderworkerset.sigs.k8s.io/name': `${name}-kserve-mn` } : {};
  if (template)
    workloadPods.push({
      owner: service,
      specPath: '/spec/template',
      spec: template,
      labels: { ...labels, ...lwsLabels, ...extraLabels },
      podsPerReplica: groupSize,
      replicas,
      controller: 'LLMInferenceService',
      derived: true,
      presets: effective.bases,
    });
  if (worker) {
    const { ['kserve.io/component']: _dropped, ...workerLabels } = labels;
    void _dropped;
    workloadPods.push({
      owner: service,
      specPath: '/spec/worker',
      spec: worker,
      labels: { ...workerLabels, ...lwsLabels, ...extraLabels },
      podsPerReplica: groupSize,
      replicas,
      controller: 'LLMInferenceService/worker',
      derived: true,
      presets: effective.bases,
    });
  }

  const gatewayRefs: KServeDerived['gatewayRefs'] = [];
  const gw = obj(router?.gateway);
  const refs = Array.isArray(gw?.refs)
    ? (gw!.refs as unknown[]).filter(
        (x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x),
      )
    : [];
  for (const r of refs)
    if (typeof r.name === 'string')
      gatewayRefs.push({
        name: r.name,
        namespace: typeof r.namespace === 'string' ? r.namespace : namespace,
        explicit: true,
      });
  if (router && 'gateway' in router && gatewayRefs.length === 0)
    gatewayRefs.push({ ...kserveRelease(release).gateway, explicit: false });

  let route: KServeDerived['route'] = null;
  const routeSpec = obj(router?.route);
  const http = obj(routeSpec?.http);
  if (router && routeSpec && !(Array.isArray(http?.refs) && http!.refs.length > 0)) {
    const rules = Array.isArray(obj(http?.spec)?.rules)
      ? (obj(http?.spec)!.rules as unknown[]).filter(
          (x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x),
        )
      : [];
    const ownRules = Array.isArray(obj(obj(obj(obj(own.router)?.route)?.http)?.spec)?.rules);
    route = {
      name: `${name}-kserve-route`,
      namespace,
      parentRefs: gatewayRefs.map((g) => ({ name: g.name, namespace: g.namespace })),
      rules,
      rulesPath: ownRules ? '/spec/router/route/http/spec/rules' : '',
      fromPreset: !ownRules,
    };
  }

  const scheduler = obj(router?.scheduler);
  const pool = obj(scheduler?.pool);
  const byoPool = pool && obj(pool.ref) !== undefined;
  const pools: KServeDerived['pools'] = [];
  let schedulerView: KServeDerived['scheduler'] = null;
  if (router && scheduler && !byoPool) {
    const selector = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': 'llminferenceservice',
      'kserve.io/component': 'workload',
    };
    const eppService = `${name}-epp-service`;
    // The ODH build writes the x-k8s.io v1alpha2 pool and mirrors it as v1; community KServe writes v1, and the
    // x-k8s.io pool only where its CRD exists (which the model leaves to kserve-derived-kinds).
    if (kserveRelease(release).writesAlphaPool)
      pools.push({
        group: 'inference.networking.x-k8s.io',
        version: 'v1alpha2',
        name: `${name}-inference-pool`,
        namespace,
        selector,
        targetPort: VLLM_PORT,
        eppService,
      });
    pools.push({
      group: 'inference.networking.k8s.io',
      version: 'v1',
      name: `${name}-inference-pool`,
      namespace,
      selector,
      targetPort: VLLM_PORT,
      eppService,
    });
    schedulerView = {
      deploymentName: `${name}-kserve-router-scheduler`,
      serviceName: eppService,
      labels: {
        'app.kubernetes.io/component': SCHEDULER_COMPONENT,
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/part-of': 'llminferenceservice',
      },
      ports: [9002, 9003, 9090, 5557],
    };
  }
  const childNames = [
    // Multi-host: a LeaderWorkerSet (kserve workload_multi_node.go, ChildName(name, "-kserve-mn")).
    worker ? { kind: 'LeaderWorkerSet', name: `${name}-kserve-mn` } : { kind: 'Deployment', name: `${name}-kserve` },
    { kind: 'Service', name: `${name}-kserve-workload-svc` },
    ...(route ? [{ kind: 'HTTPRoute', name: route.name }] : []),
    ...(pools.length ? [{ kind: 'InferencePool', name: `${name}-inference-pool` }] : []),
    ...(schedulerView
      ? [
          { kind: 'Deployment', name: schedulerView.deploymentName },
          { kind: 'Service', name: schedulerView.serviceName },
        ]
      : []),
  ];
  return {
    service,
    effective: effective.spec,
    presets: effective.bases,
    missingBaseRefs: effective.missing,
    name,
    namespace,
    workloadPods,
    workloadService: {
      name: `${name}-kserve-workload-svc`,
      namespace,
      port: VLLM_PORT,
      appProtocol: kserveRelease(release).workloadAppProtocol,
      selector: labels,
    },
    route,
    gatewayRefs,
    pools,
    scheduler: schedulerView,
    childNames,
  };
}
