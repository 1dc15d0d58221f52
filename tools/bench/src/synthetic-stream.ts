// A flat stream of K resources for raw schema throughput: the kinds this repository renders, with a
// deterministic share of invalid ones so the error path is measured too.

const KINDS = [
  'Deployment',
  'Service',
  'NetworkPolicy',
  'LLMInferenceService',
  'InferencePool',
  'HTTPRoute',
  'Application',
] as const;

export interface StreamOptions {
  count: number;
  /** Every n-th resource carries a schema error (unknown field or wrong type). 0 = none. */
  invalidEvery?: number;
}

export function syntheticStream({ count, invalidEvery = 10 }: StreamOptions): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const invalid = invalidEvery > 0 && i % invalidEvery === invalidEvery - 1;
    docs.push(documentFor(kind, i, invalid));
  }
  return docs.join('---\n');
}

function documentFor(kind: (typeof KINDS)[number], i: number, invalid: boolean): string {
  const name = `bench-${i}`;
  switch (kind) {
    case 'Deployment':
      return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: bench
  labels: {app: ${name}}
spec:
  replicas: ${invalid ? '"two"' : 2}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: registry.example.com/app:1.0.${i % 50}
        ports:
        - containerPort: 8000
        resources:
          requests: {cpu: 100m, memory: 128Mi}
`;
    case 'Service':
      return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: bench
spec:
  selector: {app: ${name}}
  ports:
  - name: http
    port: 80
    targetPort: 8000
${invalid ? '  clusterIPs: 10.0.0.1\n' : ''}`;
    case 'NetworkPolicy':
      return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: bench
spec:
  podSelector:
    matchLabels: {app: ${name}}
  policyTypes: [Ingress]
  ingress:
  - ports:
    - {protocol: TCP, port: 8000}
${invalid ? '  egres: []\n' : ''}`;
    case 'LLMInferenceService':
      return `apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata:
  name: ${name}
  namespace: bench
spec:
  model:
    uri: hf://Qwen/Qwen2.5-3B-Instruct
    name: Qwen/Qwen2.5-3B-Instruct
  replicas: 1
  router:
    scheduler: {}
    gateway:
      refs:
      - {name: inference-gateway, namespace: opendatahub}
  template:
    containers:
    - name: main
      image: registry.example.com/vllm-tpu:1.0
${invalid ? '  scorerWeights: {prefix: 2}\n' : ''}`;
    case 'InferencePool':
      return `apiVersion: inference.networking.k8s.io/v1
kind: InferencePool
metadata:
  name: ${name}
  namespace: bench
spec:
  selector:
    matchLabels: {app: ${name}}
  targetPorts:
  - number: ${invalid ? '"8000x"' : 8000}
  endpointPickerRef:
    name: ${name}-epp
    port: {number: 9002}
`;
    case 'HTTPRoute':
      return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: bench
spec:
  parentRefs:
  - name: inference-gateway
    namespace: opendatahub
  rules:
  - matches:
    - path: {type: ${invalid ? 'Regex' : 'PathPrefix'}, value: /${name}}
    backendRefs:
    - group: inference.networking.k8s.io
      kind: InferencePool
      name: ${name}
      port: 8000
`;
    case 'Application':
      return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/inference-gitops.git
    path: overlays/endpoints/${name}
    targetRevision: v0.1.0
  destination:
    server: https://kubernetes.default.svc
    namespace: bench
${invalid ? '  syncPolicy: {automated: {prune: "yes"}}\n' : ''}`;
  }
}
