import { it } from 'vitest';
import { apiValidation } from '../src/api-validation/index.js';
const dep = (spec: Record<string, unknown>, tpl: Record<string, unknown> = {}) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'vllm', namespace: 'llm' }, spec: { selector: { matchLabels: { app: 'vllm' } }, template: { metadata: { labels: { app: 'vllm' } }, spec: { containers: [{ name: 'main', image: 'vllm', ...tpl }] } }, ...spec } });
const cases: Record<string, Record<string, unknown>> = {
  cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Model-Config' } },
  svc: { apiVersion: 'v1', kind: 'Service', metadata: { name: '9vllm' } },
  label: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { app: 'x'.repeat(70), 'Bad Key': 'v' }, annotations: { 'a/b/c': 'x' }, finalizers: ['-bad'] } },
  genname: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'Web-', namespace: 'Team_A' }, spec: { containers: [{ name: 'a', image: 'x' }] } },
  mismatch: dep({ selector: { matchLabels: { app: 'vllm', tier: 'serve' } } }),
  empty: dep({ selector: {} }),
  expr: dep({ selector: { matchExpressions: [{ key: 'app', operator: 'In' }, { key: 'tier', operator: 'Exists', values: ['x'] }] } }),
  probe: dep({}, { readinessProbe: { httpGet: { path: '/health', port: 8000 }, tcpSocket: { port: 8000 } }, livenessProbe: { periodSeconds: 3 }, lifecycle: { preStop: { sleep: { seconds: 3 }, exec: { command: ['x'] } } } }),
  env: dep({}, { env: [{ name: 'A', value: '1' }, { name: 'B', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, { name: 'A', value: '2' }], ports: [{ containerPort: 8000, name: 'http' }, { containerPort: 8000, protocol: 'TCP', name: 'metrics-endpoint-x' }, { containerPort: 70000 }] }),
  res: dep({}, { resources: { requests: { cpu: '2', memory: '4GB', 'google.com/tpu': '2', 'nvidia.com/gpu': '1.5' }, limits: { cpu: '1', 'google.com/tpu': '4' } } }),
  vol: dep({ template: { metadata: { labels: { app: 'vllm' } }, spec: { restartPolicy: 'Never', volumes: [{ name: 'cache', emptyDir: {}, hostPath: { path: '/x' } }], containers: [{ name: 'main', image: 'x', volumeMounts: [{ name: 'models', mountPath: '/m' }, { name: 'cache', mountPath: '/m' }] }, { name: 'main', image: 'y' }] } } }),
  job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { selector: { matchLabels: { app: 'j' } }, template: { metadata: { labels: { app: 'j' } }, spec: { containers: [{ name: 'a', image: 'x' }] } } } },
  np: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egres'], ingress: [{ ports: [{ port: 9000, endPort: 8000 }, { port: 'http', endPort: 9000 }], from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16', '10.0.0.0/8', '10.1.0.0/16', 'fd00::/8'] } }, {}] }], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } },
  secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'not base64!', 'bad key': 'YQ==' } },
  docker: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'nope' } },
  service: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'vllm' }, spec: { selector: { app: 'vllm' }, ports: [{ name: 'http', port: 80, targetPort: 'http-metrics-long' }, { port: 80 }, { name: 'http', port: 81, protocol: 'UDP' }, { name: 'Grpc_port', port: 70000 }] } },
  cmdup: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { '..a': 'x', b: 'x'.repeat(600000) }, binaryData: { b: Buffer.alloc(600000).toString('base64') } },
  big: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { b: 'x'.repeat(300000) } },
};
it('scan', () => {
  for (const [k, o] of Object.entries(cases)) console.log(k, JSON.stringify(apiValidation(o, { clientSideApply: true }), null, 1));
});
