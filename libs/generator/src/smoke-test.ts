// Per endpoint, an Argo CD PostSync hook Job that proves the endpoint serves (smoke-script.ts), with its
// script, service account and a NetworkPolicy that lets it reach DNS, the API server (to read the
// Gateway's address) and the gateway's listener ports, nothing else. Per cluster, in the gateway's
// namespace, the Role and RoleBinding that let those service accounts read the Gateway.
import type { ClusterSpec, EndpointSpec } from '@inference-gitops/cluster-spec';
import { configMap, job, networkPolicy, role, roleBinding, serviceAccount } from '@inference-gitops/k8s-builders';
import { SMOKE_TEST_SCRIPT } from './smoke-script.js';

/** Pinned: a Node image runs the dependency-free script. */
export const SMOKE_TEST_IMAGE = 'docker.io/library/node:20.19-alpine';
const ATTEMPTS = 20;
const DELAY_SECONDS = 10;
const TIMEOUT_SECONDS = 60;

export function smokeTestEnabled(spec: ClusterSpec): boolean {
  return spec.smokeTest?.enabled !== false;
}

export function smokeTestName(endpoint: EndpointSpec): string {
  return `${endpoint.name}-smoke-test`;
}

/**
 * How the Job reaches the gateway when it reads the address from the Gateway's status: the scheme and port
 * of the listener it calls (an HTTPS one when there is one: a protected endpoint is served there), and for
 * HTTPS the certificate's first DNS name as TLS server name and Host (rule smoke-test-gateway-listener).
 */
export function gatewayListenerEnv(spec: ClusterSpec): Array<{ name: string; value: string }> {
  const listener = spec.gateway.listeners.find((l) => l.protocol === 'HTTPS') ?? spec.gateway.listeners[0];
  if (!listener) return [];
  const https = listener.protocol === 'HTTPS';
  return [
    { name: 'GATEWAY_SCHEME', value: https ? 'https' : 'http' },
    { name: 'GATEWAY_PORT', value: String(listener.port) },
    { name: 'GATEWAY_HOST', value: https ? (spec.gateway.tls?.dnsNames[0] ?? '') : '' },
  ];
}

export function smokeTestResources(spec: ClusterSpec, endpoint: EndpointSpec): unknown[] {
  const name = smokeTestName(endpoint);
  const labels = { 'inference-gitops.dev/smoke-test': endpoint.name };
  const meta = { name, namespace: endpoint.namespace, labels };
  const hook = { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' };
  const env = [
    { name: 'GATEWAY_URL', value: spec.smokeTest?.gatewayURL ?? '' },
    { name: 'GATEWAY_NAME', value: spec.gateway.name },
    { name: 'GATEWAY_NAMESPACE', value: spec.gateway.namespace },
    ...gatewayListenerEnv(spec),
    { name: 'ROUTE_PREFIX', value: `/${endpoint.namespace}/${endpoint.name}` },
    { name: 'MODEL', value: endpoint.model.name },
    { name: 'ATTEMPTS', value: String(ATTEMPTS) },
    { name: 'DELAY_SECONDS', value: String(DELAY_SECONDS) },
    { name: 'TIMEOUT_SECONDS', value: String(TIMEOUT_SECONDS) },
    // The credential an authenticating gateway asks for (a Secret made outside the repository).
    ...(spec.smokeTest?.token
      ? [
          {
            name: 'GATEWAY_TOKEN',
            valueFrom: { secretKeyRef: { name: spec.smokeTest.token.name, key: spec.smokeTest.token.key } },
          },
        ]
      : []),
  ];
  const listenerPorts = [...new Set(spec.gateway.listeners.map((l) => l.port))].sort((a, b) => a - b);
  const gatewayPeer =
    spec.variant === 'istio'
      ? [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': spec.gateway.namespace } },
            podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': spec.gateway.name } },
          },
        ]
      : undefined;
  return [
    configMap({ metadata: meta, data: { 'smoke-test.mjs': SMOKE_TEST_SCRIPT } }),
    serviceAccount({ metadata: meta }),
    networkPolicy({
      metadata: meta,
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          {
            to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
          // The API server (the Gateway's address), then the gateway's listeners.
          { ports: [{ protocol: 'TCP', port: 443 }] },
          {
            ...(gatewayPeer ? { to: gatewayPeer } : {}),
            ports: listenerPorts.map((port) => ({ protocol: 'TCP' as const, port })),
          },
        ],
      },
    }),
    job({
      metadata: { ...meta, annotations: hook },
      spec: {
        backoffLimit: 0,
        // Bounded: every attempt of both requests, with margin.
        activeDeadlineSeconds: 2 * ATTEMPTS * (DELAY_SECONDS + TIMEOUT_SECONDS) + 60,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            restartPolicy: 'Never',
            securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'smoke-test',
                image: SMOKE_TEST_IMAGE,
                command: ['node', '/smoke/smoke-test.mjs'],
                env,
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'script', mountPath: '/smoke', readOnly: true }],
              },
            ],
            volumes: [{ name: 'script', configMap: { name } }],
          },
        },
      },
    }),
  ];
}

/** In the gateway's namespace: the endpoints' smoke tests may read the Gateway (for its address). */
export function smokeTestGatewayAccess(spec: ClusterSpec): unknown[] {
  if (!smokeTestEnabled(spec) || spec.endpoints.length === 0) return [];
  const name = 'inference-gitops-smoke-test-gateway-reader';
  return [
    role({
      metadata: { name, namespace: spec.gateway.namespace },
      rules: [
        {
          apiGroups: ['gateway.networking.k8s.io'],
          resources: ['gateways'],
          resourceNames: [spec.gateway.name],
          verbs: ['get'],
        },
      ],
    }),
    roleBinding({
      metadata: { name, namespace: spec.gateway.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: spec.endpoints.map((e) => ({ kind: 'ServiceAccount', name: smokeTestName(e), namespace: e.namespace })),
    }),
  ];
}
