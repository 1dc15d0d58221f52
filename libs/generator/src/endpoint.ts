// One model endpoint: its LLMInferenceService, NetworkPolicies, GKE policies and kustomize overlay.
import type { ClusterSpec, EndpointSpec } from '@inference-gitops/cluster-spec';
import {
  KSERVE_BUILDS,
  kserveBuild,
  MODEL_SIZE_ANNOTATION,
  modelSizeGb,
  resolveEndpoint,
} from '@inference-gitops/cluster-spec';
import { devicesFor, getAccelerator, type SliceShape } from '@inference-gitops/tpu-catalog';
import {
  gcpBackendPolicy,
  healthCheckPolicy,
  llmInferenceService,
  networkPolicy,
  service,
  type HTTPRouteRuleSpec,
  type LLMInferenceServiceVersion,
} from '@inference-gitops/k8s-builders';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import { generated, kustomization, personOwned } from './emit.js';
import { smokeTestEnabled, smokeTestResources } from './smoke-test.js';
import type { PlannedFile, Provenance } from './types.js';

export const VLLM_PORT = 8000;
export const EPP_PORT = 9002;
/** First start: model download, TPU init and XLA compilation take minutes (seed NG-8: 4-6 min). */
export const TPU_STARTUP_SECONDS = 600;
/** A multi-host slice: every host downloads the weights, joins Ray, then XLA compiles across the slice. */
export const MULTI_HOST_STARTUP_SECONDS = 3600;
/** Ray's GCS port on the leader of a multi-host slice. */
export const RAY_PORT = 6379;
/** Source ranges of Google Cloud load-balancer health checks (cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges). */
export const GOOGLE_HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'] as const;
/**
 * The InferencePool group the GKE Gateway controller serves (v1, GKE Inference Gateway); KServe odh
 * v0.15 writes the pool in both groups, so the route, the HealthCheckPolicy and the GCPBackendPolicy
 * all name the v1 pool (domain-facts 2.3, 3.5).
 */
export const GKE_POOL_GROUP = 'inference.networking.k8s.io';

/** Labels KServe (odh release-v0.15) puts on the pods it creates; NetworkPolicies must select these. */
export function workloadLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'kserve.io/component': 'workload' };
}
export const SCHEDULER_COMPONENT = 'llminferenceservice-router-scheduler';

export function endpointDir(cluster: string, endpoint: string): string {
  return `overlays/endpoints/${cluster}/${endpoint}`;
}

export function planEndpoint(spec: ClusterSpec, endpoint: EndpointSpec, specPath: string): PlannedFile[] {
  const dir = endpointDir(spec.name, endpoint.name);
  const { pool, shape } = resolveEndpoint(spec, endpoint);
  if (!pool || !shape)
    throw new Error(
      `endpoint ${endpoint.name}: node pool ${endpoint.nodePool} is not usable (run gitops validate on the spec)`,
    );
  const files: PlannedFile[] = [];
  const resources = ['llminferenceservice.yaml', 'workload-http-service.yaml', 'networkpolicies.yaml'];
  const e = `/endpoints/${spec.endpoints.indexOf(endpoint)}`;
  const p = `/nodePools/${spec.nodePools.indexOf(pool)}`;
  const whole = (count: number): Provenance[] =>
    Array.from({ length: count }, (_, doc) => ({ doc, pointer: '', spec: e }));
  files.push({
    ...generated(`${dir}/llminferenceservice.yaml`, specPath, [buildService(spec, endpoint, pool.accelerator, shape)]),
    provenance: serviceProvenance(spec, endpoint, e, p),
  });
  files.push({
    ...generated(`${dir}/workload-http-service.yaml`, specPath, [workloadHttpService(endpoint, shape.hosts > 1)]),
    provenance: whole(1),
  });
  const policies = networkPolicies(spec, endpoint, shape.hosts > 1);
  const cidr =
    spec.variant === 'gke-native'
      ? [1, 2].map((doc) => ({ doc, pointer: '/spec/ingress/0/from', spec: '/gcp/proxyOnlySubnet' }))
      : [];
  files.push({
    ...generated(`${dir}/networkpolicies.yaml`, specPath, policies),
    provenance: [...whole(policies.length), ...cidr],
  });
  if (smokeTestEnabled(spec)) {
    resources.push('smoke-test.yaml');
    files.push({
      ...generated(`${dir}/smoke-test.yaml`, specPath, smokeTestResources(spec, endpoint)),
      provenance: [0, 1, 2, 3].map((doc) => ({ doc, pointer: '', spec: '/smokeTest' })),
    });
  }
  if (spec.variant === 'gke-native') {
    resources.push('gke-policies.yaml');
    files.push({ ...generated(`${dir}/gke-policies.yaml`, specPath, gkePolicies(endpoint)), provenance: whole(4) });
  }
  files.push(
    generated(`${dir}/kustomization.yaml`, specPath, [
      kustomization({
        namespace: endpoint.namespace,
        resources,
        // kserve-merge-keys: patches.yaml merges containers, env, ports, volumes by key, as on a Deployment.
        components: [
          '../../../components/kserve-merge-keys',
          `../../../components/variant-${spec.variant}`,
          `../../../components/env-${spec.environment}`,
        ],
        // By target, not by the patch's own apiVersion: the patch keeps applying when the LLMInferenceService
        // moves from v1alpha1 (the OpenDataHub build) to v1alpha2 (community KServe).
        patches: [
          {
            path: 'patches.yaml',
            target: { group: 'serving.kserve.io', kind: 'LLMInferenceService', name: endpoint.name },
          },
        ],
      }),
    ]),
  );
  files.push(
    personOwned(
      `${dir}/patches.yaml`,
      specPath,
      [
        '# Your changes to this endpoint (a strategic-merge patch on its LLMInferenceService).',
        '# Created once by `gitops generate` and never overwritten: edit freely, for example resources or',
        '# annotations. Containers, env, ports, volumes and volume mounts merge by name (the',
        '# kserve-merge-keys component), so name the container `main` and give only what changes:',
        '#   spec:',
        '#     template:',
        '#       containers:',
        '#         - name: main',
        '#           resources: {limits: {memory: 64Gi}}',
        '# Lists without a key (args, command, tolerations) are replaced whole: add vLLM flags through',
        '# `extraArgs` in cluster.yaml instead. `gitops validate` reports problems at the lines of this file.',
        `apiVersion: ${KSERVE_BUILDS[kserveBuild(spec.versions.kserve)].apiVersion}`,
        'kind: LLMInferenceService',
        'metadata:',
        `  name: ${endpoint.name}`,
        `  namespace: ${endpoint.namespace}`,
        '',
      ].join('\n'),
    ),
  );
  return files;
}

/** Where each field of the LLMInferenceService comes from in the spec (see PlannedFile.provenance). */
function serviceProvenance(spec: ClusterSpec, endpoint: EndpointSpec, e: string, p: string): Provenance[] {
  const c = '/spec/template/containers/0';
  const entries: Array<[string, string]> = [
    ['', e],
    ['/metadata/name', `${e}/name`],
    ['/metadata/namespace', `${e}/namespace`],
    ['/spec/model/uri', `${e}/model/uri`],
    ['/spec/model/name', `${e}/model/name`],
    ['/spec/replicas', `${e}/replicas`],
    ['/spec/router/gateway', '/gateway'],
    ['/spec/template/nodeSelector', `${p}/topology`],
    ['/spec/template/nodeSelector/cloud.google.com~1gke-tpu-accelerator', `${p}/accelerator`],
    ['/spec/template/imagePullSecrets', '/secrets/imagePull'],
    [`${c}/image`, `${e}/image`],
    [`${c}/resources`, `${p}/topology`],
    [`${c}/env/0`, `${p}/topology`],
    [`${c}/env/1`, `${p}/topology`],
    [`${c}/env/3`, '/secrets/huggingFaceToken'],
    [`${c}/args/1`, `${e}/model/name`],
    [`${c}/args/4`, `${e}/maxModelLen`],
    [`${c}/args/5`, `${p}/topology`],
  ];
  const extra = endpoint.extraArgs ?? [];
  const fixed = 7 + (endpoint.prefixCaching ? 1 : 0);
  if (endpoint.prefixCaching) entries.push([`${c}/args/6`, `${e}/prefixCaching`]);
  extra.forEach((_, k) => entries.push([`${c}/args/${fixed + k}`, `${e}/extraArgs/${k}`]));
  void spec;
  return entries.map(([pointer, specPointer]) => ({ doc: 0, pointer, spec: specPointer }));
}

function vllmArgs(endpoint: EndpointSpec, tensorParallel: number): string[] {
  return [
    '--model=/mnt/models',
    `--served-model-name=${endpoint.model.name}`,
    `--port=${VLLM_PORT}`,
    '--dtype=half',
    `--max-model-len=${endpoint.maxModelLen}`,
    `--tensor-parallel-size=${tensorParallel}`,
    ...(endpoint.prefixCaching ? ['--enable-prefix-caching'] : []),
    '--disable-log-requests',
    ...(endpoint.extraArgs ?? []),
  ];
}

function buildService(spec: ClusterSpec, endpoint: EndpointSpec, accelerator: string, shape: SliceShape) {
  // vLLM sees chips x devices-per-chip devices on its host (2 per chip on v5p and TPU7x).
  const tensorParallel = devicesFor(shape, accelerator, shape.hosts > 1 ? 'slice' : 'host');
  const tpu = String(shape.chipsPerHost);
  const pod: IPodSpec = {
    nodeSelector: {
      'cloud.google.com/gke-tpu-accelerator': accelerator,
      'cloud.google.com/gke-tpu-topology': shape.topology,
    },
    tolerations: [{ key: 'google.com/tpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
    containers: [
      {
        name: 'main',
        image: endpoint.image,
        command: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
        args: vllmArgs(endpoint, tensorParallel),
        env: [
          { name: 'TPU_CHIPS_PER_HOST_BOUNDS', value: shape.chipsPerHostBounds },
          { name: 'TPU_HOST_BOUNDS', value: shape.hostBounds },
          { name: 'PJRT_DEVICE', value: 'TPU' },
          {
            name: 'HF_TOKEN',
            valueFrom: {
              secretKeyRef: { name: spec.secrets.huggingFaceToken.name, key: spec.secrets.huggingFaceToken.key },
            },
          },
        ],
        ports: [{ name: 'http', containerPort: VLLM_PORT, protocol: 'TCP' }],
        resources: { requests: { 'google.com/tpu': tpu }, limits: { 'google.com/tpu': tpu } },
        // vLLM serves plain HTTP here (no --ssl-* flags), so every probe is HTTP.
        startupProbe: {
          httpGet: { path: '/health', port: VLLM_PORT, scheme: 'HTTP' },
          periodSeconds: 10,
          failureThreshold: TPU_STARTUP_SECONDS / 10,
          timeoutSeconds: 5,
        },
        livenessProbe: {
          httpGet: { path: '/health', port: VLLM_PORT, scheme: 'HTTP' },
          periodSeconds: 30,
          timeoutSeconds: 30,
          failureThreshold: 5,
        },
        readinessProbe: {
          httpGet: { path: '/v1/models', port: VLLM_PORT, scheme: 'HTTP' },
          periodSeconds: 10,
          timeoutSeconds: 10,
        },
      },
    ],
    ...(spec.secrets.imagePull ? { imagePullSecrets: [{ name: spec.secrets.imagePull.name }] } : {}),
  };
  const multiHost = shape.hosts > 1;
  const build = kserveBuild(spec.versions.kserve);
  const community = build === 'community';
  return llmInferenceService(
    {
      name: endpoint.name,
      namespace: endpoint.namespace,
      labels: { 'app.kubernetes.io/part-of': 'inference-gitops', 'inference-gitops.dev/endpoint': endpoint.name },
      annotations: {
        'argocd.argoproj.io/sync-wave': '0',
        // The weights each host downloads, for the boot-disk check of hand-edited trees (tpu-model-disk).
        ...(modelSizeGb(endpoint) !== undefined
          ? { [MODEL_SIZE_ANNOTATION]: `${Math.ceil(modelSizeGb(endpoint)!)}G` }
          : {}),
        // One group per slice: KServe copies leaderworkerset.sigs.k8s.io/* annotations to its LeaderWorkerSet.
        ...(multiHost ? { 'leaderworkerset.sigs.k8s.io/exclusive-topology': 'cloud.google.com/gke-nodepool' } : {}),
      },
    },
    {
      model: { uri: endpoint.model.uri, name: endpoint.model.name },
      replicas: endpoint.replicas,
      // Multi-host: KServe sizes the LeaderWorkerSet data / dataLocal = hosts of the slice. "data" is nominal:
      // the containers' own commands run one vLLM with tensor parallelism over the whole slice (Ray).
      ...(multiHost ? { parallelism: { data: shape.hosts, dataLocal: 1 } } : {}),
      router: {
        // The OpenDataHub preset's EPP scrapes vLLM's metrics over https; this vLLM serves plain HTTP (see
        // schedulerArgs). Community KServe's preset puts the EPP's flags in `command` (args would be appended)
        // and scrapes over http while TLS is off, its default: its scheduler is left as the preset makes it.
        scheduler: community ? {} : { template: { containers: [{ name: 'main', args: schedulerArgs(endpoint) }] } },
        gateway: { refs: [{ name: spec.gateway.name, namespace: spec.gateway.namespace }] },
        // The preset's catch-all rule targets KServe's workload Service (appProtocol https), and on GKE its
        // timeouts are refused (GWCER104): give the rules here (see routeRules).
        route: { http: { spec: { rules: routeRules(endpoint, spec.variant) } } },
      },
      template: multiHost ? leaderPod(pod, endpoint, tensorParallel) : pod,
      ...(multiHost ? { worker: workerPod(pod) } : {}),
    },
    KSERVE_BUILDS[build].apiVersion as LLMInferenceServiceVersion,
  );
}

/** The leader of a multi-host slice: Ray head, then the one vLLM server (the InferencePool's member). */
function leaderPod(pod: IPodSpec, endpoint: EndpointSpec, tensorParallel: number): IPodSpec {
  const main = pod.containers[0]!;
  const serve = ['python3', '-m', 'vllm.entrypoints.openai.api_server', ...vllmArgs(endpoint, tensorParallel)]
    .map(shellQuote)
    .join(' ');
  const script = [
    'ray start --head --port=6379 --disable-usage-stats || exit 1',
    '# Wait (at most 30 min) until every host of the slice has joined the Ray cluster.',
    'for i in $(seq 1 360); do',
    '  n=$(python3 -c \'import ray; ray.init(address="auto", logging_level="ERROR"); print(sum(x["Alive"] for x in ray.nodes()))\' 2>/dev/null || echo 0)',
    '  [ "$n" -ge "$LWS_GROUP_SIZE" ] && break; sleep 5',
    'done',
    '[ "$n" -ge "$LWS_GROUP_SIZE" ] || { echo "only $n of $LWS_GROUP_SIZE hosts joined Ray"; exit 1; }',
    `exec ${serve}`,
    '',
  ].join('\n');
  return {
    ...pod,
    containers: [
      {
        ...main,
        command: ['/bin/bash', '-c'],
        args: [script],
        env: [...(main.env ?? []), { name: 'TPU_MULTIHOST_BACKEND', value: 'ray' }],
        ports: [...(main.ports ?? []), { name: 'ray-gcs', containerPort: RAY_PORT, protocol: 'TCP' }],
        // Every field given: KServe merges the preset's probes field by field. Download, Ray join and XLA
        // compilation of a slice take long: up to an hour before the server answers.
        startupProbe: {
          httpGet: { path: '/health', port: VLLM_PORT, scheme: 'HTTP' },
          initialDelaySeconds: 0,
          periodSeconds: 10,
          timeoutSeconds: 5,
          failureThreshold: MULTI_HOST_STARTUP_SECONDS / 10,
        },
        livenessProbe: {
          httpGet: { path: '/health', port: VLLM_PORT, scheme: 'HTTP' },
          initialDelaySeconds: 0,
          periodSeconds: 30,
          timeoutSeconds: 30,
          failureThreshold: 5,
        },
        readinessProbe: {
          httpGet: { path: '/v1/models', port: VLLM_PORT, scheme: 'HTTP' },
          initialDelaySeconds: 0,
          periodSeconds: 10,
          timeoutSeconds: 10,
          failureThreshold: 3,
        },
      },
    ],
  };
}

/** The other hosts of the slice: Ray workers that lend their chips to the leader's vLLM; no server, no probes. */
function workerPod(pod: IPodSpec): IPodSpec {
  const main = pod.containers[0]!;
  const script = [
    'for i in $(seq 1 360); do',
    '  ray start --address="${LWS_LEADER_ADDRESS}:6379" --block && exit 0',
    '  sleep 5',
    'done',
    'exit 1',
    '',
  ].join('\n');
  return {
    ...pod,
    containers: [
      {
        name: 'main',
        image: main.image!,
        command: ['/bin/bash', '-c'],
        args: [script],
        env: [...(main.env ?? []), { name: 'TPU_MULTIHOST_BACKEND', value: 'ray' }],
        resources: main.resources!,
      },
    ],
  };
}

function shellQuote(word: string): string {
  return /^[-A-Za-z0-9_=.,/:@%+]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The preset route of KServe odh-v3.4-EA1, made concrete for one endpoint, with two changes. The catch-all
 * rule (/v1/models, /health, ...) targets our own Service `<name>-workload-http` (appProtocol http) instead of
 * KServe's `<name>-kserve-workload-svc`, which KServe creates with appProtocol https (hard-coded: odh
 * pkg/controller/llmisvc/workload.go reconcileWorkloadService) although this vLLM serves plain HTTP, so a
 * gateway that honours appProtocol (GKE: seed NG-6, NG-15) would speak TLS to it. On GKE the rules carry no
 * `timeouts` (GWCER104); Istio keeps the preset's `0s` (no limit).
 */
export function routeRules(endpoint: EndpointSpec, variant: ClusterSpec['variant']): HTTPRouteRuleSpec[] {
  const base = `/${endpoint.namespace}/${endpoint.name}`;
  const pool = {
    group: GKE_POOL_GROUP,
    kind: 'InferencePool',
    name: `${endpoint.name}-inference-pool`,
    port: VLLM_PORT,
    weight: 1,
  };
  const rewrite = (to: string) => [
    {
      type: 'URLRewrite' as const,
      urlRewrite: { path: { type: 'ReplacePrefixMatch' as const, replacePrefixMatch: to } },
    },
  ];
  const timeouts = variant === 'istio' ? { timeouts: { backendRequest: '0s', request: '0s' } } : {};
  return [
    {
      backendRefs: [pool],
      matches: [{ path: { type: 'PathPrefix', value: `${base}/v1/completions` } }],
      filters: rewrite('/v1/completions'),
      ...timeouts,
    },
    {
      backendRefs: [pool],
      matches: [{ path: { type: 'PathPrefix', value: `${base}/v1/chat/completions` } }],
      filters: rewrite('/v1/chat/completions'),
      ...timeouts,
    },
    {
      backendRefs: [{ kind: 'Service', name: workloadHttpServiceName(endpoint.name), port: VLLM_PORT, weight: 1 }],
      matches: [{ path: { type: 'PathPrefix', value: base } }],
      filters: rewrite('/'),
      ...timeouts,
    },
  ];
}

/** Our plain-HTTP Service in front of the vLLM server pods (KServe's own one says appProtocol https). */
export function workloadHttpServiceName(endpoint: string): string {
  return `${endpoint}-workload-http`;
}

/** LeaderWorkerSet's label with the pod's index in its group: 0 is the leader (LWS api/leaderworkerset/v1). */
const LWS_WORKER_INDEX = 'leaderworkerset.sigs.k8s.io/worker-index';

function workloadHttpService(endpoint: EndpointSpec, multiHost: boolean) {
  return service({
    metadata: {
      name: workloadHttpServiceName(endpoint.name),
      namespace: endpoint.namespace,
      labels: { 'app.kubernetes.io/part-of': 'inference-gitops', 'inference-gitops.dev/endpoint': endpoint.name },
      annotations: { 'argocd.argoproj.io/sync-wave': '0' },
    },
    spec: {
      type: 'ClusterIP',
      // KServe's workload selector (odh workload.go GetWorkloadLabelSelector); on a multi-host slice only the
      // leader serves, the workers run Ray.
      selector: {
        'app.kubernetes.io/part-of': 'llminferenceservice',
        ...workloadLabels(endpoint.name),
        ...(multiHost ? { [LWS_WORKER_INDEX]: '0' } : {}),
      },
      ports: [{ name: 'http', port: VLLM_PORT, targetPort: VLLM_PORT, protocol: 'TCP', appProtocol: 'http' }],
    },
  });
}

/**
 * The args of KServe's scheduler preset (odh-v3.4-EA1 config/llmisvc/config-llm-scheduler.yaml) made
 * concrete, with `--model-server-metrics-scheme http`: the preset scrapes over https, which only a vLLM
 * started with --ssl-certfile answers. Args are a list without a merge key, so the whole list is given.
 */
export function schedulerArgs(endpoint: EndpointSpec): string[] {
  return [
    '--pool-name',
    `${endpoint.name}-inference-pool`,
    '--pool-namespace',
    endpoint.namespace,
    '--pool-group',
    'inference.networking.x-k8s.io',
    '--zap-encoder',
    'json',
    '--grpc-port',
    String(EPP_PORT),
    '--grpc-health-port',
    '9003',
    '--secure-serving',
    '--model-server-metrics-scheme',
    'http',
    '--cert-path',
    '/var/run/kserve/tls',
  ];
}

function networkPolicies(spec: ClusterSpec, endpoint: EndpointSpec, multiHost = false) {
  const name = endpoint.name;
  const vllm = workloadLabels(name);
  const scheduler = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': SCHEDULER_COMPONENT };
  const gatewayPeers =
    spec.variant === 'istio'
      ? [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': spec.gateway.namespace } },
            podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': spec.gateway.name } },
          },
        ]
      : // GKE's managed proxies are not pods: they reach the pods from the region's proxy-only subnet, and
        // the load balancer's health checks from Google's health-check ranges.
        [spec.gcp.proxyOnlySubnet ?? '', ...GOOGLE_HEALTH_CHECK_RANGES]
          .filter((cidr) => cidr !== '')
          .map((cidr) => ({ ipBlock: { cidr } }));
  const labels = { 'inference-gitops.dev/endpoint': name };
  const meta = (suffix: string) => ({ name: `${name}-${suffix}`, namespace: endpoint.namespace, labels });
  const dnsAndHttps: INetworkPolicyEgressRule[] = [
    {
      to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
    { ports: [{ protocol: 'TCP', port: 443 }] },
  ];
  // A multi-host slice: the LeaderWorkerSet's pods talk to each other (Ray, the TPU interconnect setup) and
  // every host downloads the model; default-deny selects the workers too.
  const group = { 'leaderworkerset.sigs.k8s.io/name': `${name}-kserve-mn` };
  const groupPolicy = multiHost
    ? [
        networkPolicy({
          metadata: meta('allow-slice'),
          spec: {
            podSelector: { matchLabels: group },
            policyTypes: ['Ingress', 'Egress'],
            ingress: [{ from: [{ podSelector: { matchLabels: group } }] }],
            egress: [...dnsAndHttps, { to: [{ podSelector: { matchLabels: group } }] }],
          },
        }),
      ]
    : [];
  return [
    ...groupPolicy,
    networkPolicy({
      metadata: meta('default-deny'),
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': name } }, policyTypes: ['Ingress', 'Egress'] },
    }),
    networkPolicy({
      metadata: meta('allow-gateway-to-vllm'),
      spec: {
        podSelector: { matchLabels: vllm },
        policyTypes: ['Ingress'],
        ingress: [{ from: gatewayPeers, ports: [{ protocol: 'TCP', port: VLLM_PORT }] }],
      },
    }),
    networkPolicy({
      metadata: meta('allow-gateway-to-epp'),
      spec: {
        podSelector: { matchLabels: scheduler },
        policyTypes: ['Ingress'],
        ingress: [{ from: gatewayPeers, ports: [{ protocol: 'TCP', port: EPP_PORT }] }],
      },
    }),
    networkPolicy({
      metadata: meta('allow-epp-to-vllm'),
      spec: {
        podSelector: { matchLabels: vllm },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: scheduler } }], ports: [{ protocol: 'TCP', port: VLLM_PORT }] },
        ],
      },
    }),
    networkPolicy({
      metadata: meta('allow-vllm-egress'),
      spec: { podSelector: { matchLabels: vllm }, policyTypes: ['Egress'], egress: dnsAndHttps },
    }),
    networkPolicy({
      metadata: meta('allow-epp-egress'),
      spec: {
        podSelector: { matchLabels: scheduler },
        policyTypes: ['Egress'],
        egress: [
          ...dnsAndHttps,
          { to: [{ podSelector: { matchLabels: vllm } }], ports: [{ protocol: 'TCP', port: VLLM_PORT }] },
          { ports: [{ protocol: 'TCP', port: 6443 }] },
        ],
      },
    }),
  ];
}

function gkePolicies(endpoint: EndpointSpec) {
  const wave = { 'argocd.argoproj.io/sync-wave': '1' };
  const health = {
    timeoutSec: 15,
    checkIntervalSec: 15,
    healthyThreshold: 1,
    unhealthyThreshold: 2,
    logConfig: { enabled: true },
    config: { type: 'HTTP' as const, httpHealthCheck: { port: VLLM_PORT, requestPath: '/health' } },
  };
  const pool = { group: GKE_POOL_GROUP, kind: 'InferencePool', name: `${endpoint.name}-inference-pool` };
  const svc = { group: '', kind: 'Service', name: workloadHttpServiceName(endpoint.name) };
  const meta = (suffix: string) => ({
    name: `${endpoint.name}-${suffix}`,
    namespace: endpoint.namespace,
    annotations: wave,
  });
  return [
    healthCheckPolicy({ metadata: meta('pool-health'), spec: { default: health, targetRef: pool } }),
    healthCheckPolicy({ metadata: meta('workload-health'), spec: { default: health, targetRef: svc } }),
    // The load balancer's 30 s default cuts long generations; HTTPRoute timeouts are not available on GKE.
    gcpBackendPolicy({
      metadata: meta('pool-backend'),
      spec: { default: { timeoutSec: 300, logging: { enabled: true } }, targetRef: pool },
    }),
    gcpBackendPolicy({ metadata: meta('workload-backend'), spec: { default: { timeoutSec: 300 }, targetRef: svc } }),
  ];
}

export function acceleratorOf(spec: ClusterSpec, endpoint: EndpointSpec): string | undefined {
  const pool = spec.nodePools.find((p) => p.name === endpoint.nodePool);
  return pool && getAccelerator(pool.accelerator) ? pool.accelerator : undefined;
}
