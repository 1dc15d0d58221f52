// networkpolicy-selects-pods and the gateway's own pods: Istio deploys a Gateway in the cluster and labels
// its pods with the Gateway's name (gateway.networking.k8s.io/gateway-name); GKE's managed gateway runs none.
// Written for this test, after the Gateway API and Istio samples of an in-cluster gateway.
import { describe, expect, it } from 'vitest';
import { parseManifests } from '@inference-gitops/core';
import { runRules } from '../src/index.js';

const gateway = (className: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: inference-gateway, namespace: opendatahub}
spec:
  gatewayClassName: ${className}
  listeners: [{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]
`;

const policy = (selector: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: gateway-ingress, namespace: opendatahub}
spec:
  podSelector:
    matchLabels: {${selector}}
  policyTypes: [Ingress]
  ingress: [{ports: [{port: 80}]}]
`;

const findings = (...docs: string[]) =>
  runRules(parseManifests(docs.join('---\n'), { file: '/t.yaml' }).resources)
    .findings.filter((f) => f.rule === 'networkpolicy-selects-pods')
    .map((f) => f.message);

describe('a NetworkPolicy that selects the gateway by its name label', () => {
  it('selects the pods Istio runs for the Gateway', () => {
    expect(findings(gateway('istio'), policy('gateway.networking.k8s.io/gateway-name: inference-gateway'))).toEqual([]);
  });

  it('selects nothing when it names another gateway, or when the gateway is GKE-managed (no pods), and says why', () => {
    expect(findings(gateway('istio'), policy('gateway.networking.k8s.io/gateway-name: other-gateway'))).toEqual([
      'NetworkPolicy gateway-ingress selects no pod of the tree ({"gateway.networking.k8s.io/gateway-name":"other-gateway"})',
    ]);
    expect(
      findings(
        gateway('gke-l7-regional-external-managed'),
        policy('gateway.networking.k8s.io/gateway-name: inference-gateway'),
      ),
    ).toEqual([
      'NetworkPolicy gateway-ingress selects no pod of the tree ({"gateway.networking.k8s.io/gateway-name":"inference-gateway"}): Gateway inference-gateway is GKE\'s managed gateway (gke-l7-regional-external-managed), which runs no pods in the cluster',
    ]);
  });
});
