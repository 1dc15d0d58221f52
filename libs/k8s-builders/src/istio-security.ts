// Istio's request authentication objects, typed here for the fields the generator writes: the
// @kubernetes-models/istio 2.3.0 typings predate `targetRefs` (a policy attached to a Gateway API Gateway), which
// the pinned Istio 1.27.3 CRDs have (schemas/pinned/istio-api@1.27.3 checks them).
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

export interface PolicyTargetReference {
  group: 'gateway.networking.k8s.io';
  kind: 'Gateway';
  name: string;
}

export interface RequestAuthentication {
  apiVersion: 'security.istio.io/v1';
  kind: 'RequestAuthentication';
  metadata: IObjectMeta;
  spec: {
    targetRefs: PolicyTargetReference[];
    jwtRules: Array<{ issuer: string; jwksUri: string; audiences?: string[] }>;
  };
}

export interface AuthorizationPolicy {
  apiVersion: 'security.istio.io/v1';
  kind: 'AuthorizationPolicy';
  metadata: IObjectMeta;
  spec: {
    targetRefs: PolicyTargetReference[];
    action: 'ALLOW' | 'DENY';
    rules: Array<{ from: Array<{ source: { requestPrincipals?: string[]; notRequestPrincipals?: string[] } }> }>;
  };
}

export function requestAuthentication(
  metadata: IObjectMeta,
  spec: RequestAuthentication['spec'],
): RequestAuthentication {
  return { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata, spec };
}

export function authorizationPolicy(metadata: IObjectMeta, spec: AuthorizationPolicy['spec']): AuthorizationPolicy {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata, spec };
}
