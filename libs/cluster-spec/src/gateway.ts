// The Gateway the spec describes, as far as the generator and the rules both need it.
import type { ClusterSpec, ListenerSpec } from './types.js';

/** The label the API server sets on every namespace to its name (no one else can set it). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A listener's allowedRoutes as Gateway API writes it. `Endpoints` (the default) admits the endpoint
 * namespaces by a Selector on kubernetes.io/metadata.name: the Gateway API security model recommends that key,
 * since anyone who may label namespaces could widen a selector on another label.
 */
export function allowedRoutesOf(spec: Pick<ClusterSpec, 'endpoints'>, listener: Pick<ListenerSpec, 'allowedRoutes'>) {
  const from = listener.allowedRoutes ?? 'Endpoints';
  if (from !== 'Endpoints') return { namespaces: { from } };
  const namespaces = [...new Set(spec.endpoints.map((e) => e.namespace))].sort();
  return {
    namespaces: {
      from: 'Selector' as const,
      selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In' as const, values: namespaces }] },
    },
  };
}

/** Who can reach the gateway: the spec's choice, else internal in prod and external elsewhere. */
export function exposureOf(spec: Pick<ClusterSpec, 'environment' | 'gateway'>): 'internal' | 'external' {
  return spec.gateway.exposure ?? (spec.environment === 'prod' ? 'internal' : 'external');
}

/** GKE's Service annotation for an internal passthrough load balancer (GKE "LoadBalancer Service parameters"). */
export const GKE_LB_TYPE_ANNOTATION = 'networking.gke.io/load-balancer-type';
/** GKE's Gateway classes by who reaches them (GKE "GatewayClass capabilities"). */
export const GKE_INTERNAL_CLASSES = ['gke-l7-rilb', 'gke-l7-cross-regional-internal-managed-mc'];
