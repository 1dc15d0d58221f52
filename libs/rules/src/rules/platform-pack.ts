import type { Rule } from '../types.js';
import { rule as gatewayClass } from './gke-gatewayclass-regional.js';
import { rule as noTimeouts } from './gke-httproute-no-timeouts.js';
import { rule as healthCheck } from './gke-healthcheck-policy.js';
import { rule as policyTarget } from './gke-policy-target-resolves.js';
import { rule as backendTimeout } from './gke-backend-timeout.js';
import { rule as noRegex } from './gke-no-regex-path.js';
import { rule as noGatewayCrds } from './gke-no-gateway-api-crds.js';
import { rule as parentResolves } from './httproute-parent-resolves.js';
import { rule as backendGrant } from './httproute-backend-grant.js';
import { rule as poolSelector } from './inferencepool-selector-matches.js';
import { rule as poolApi } from './inferencepool-api-supported.js';
import { rule as poolPlainHttp } from './inferencepool-backend-plain-http.js';
import { rule as backendScheme } from './backend-scheme-matches-server.js';
import { rule as ccOwnRoot } from './config-connector-own-root.js';
import { rule as projectBounds } from './argocd-project-bounds.js';
import { rule as allowedRoutes } from './gateway-allowed-routes.js';
import { rule as exposure } from './gateway-exposure.js';
import { rule as smokeCredential } from './smoke-test-credential.js';
import { rule as poolEpp } from './inferencepool-epp.js';
import { rule as schedulerPoolGroup } from './scheduler-pool-group.js';
import { rule as istioExtension } from './istio-inference-extension.js';
import { rule as envoyFilterRoute } from './istio-envoyfilter-route.js';
import { rule as selectsPods } from './networkpolicy-selects-pods.js';
import { rule as modelDownload } from './networkpolicy-model-download.js';
import { rule as servingPath } from './networkpolicy-serving-path.js';
import { rule as worldOpen } from './networkpolicy-world-open.js';
import { rule as istioSidecar } from './networkpolicy-istio-sidecar.js';
import { rule as serverSide } from './argocd-server-side-apply.js';
import { rule as syncOrder } from './argocd-sync-order.js';
import { rule as pinned } from './argocd-pinned-revision.js';
import { rule as sourceExists } from './argocd-source-exists.js';
import { rule as pluginExists } from './argocd-plugin-exists.js';
import { rule as pluginDiscovery } from './argocd-plugin-discovery.js';
import { rule as ccDeletionPolicy } from './config-connector-deletion-policy.js';
import { rule as smokeTestListener } from './smoke-test-gateway-listener.js';
import { rule as argocdHealthCheck } from './argocd-health-check.js';
import { rule as sharedResource } from './argocd-shared-resource.js';
import { rule as namespaceExists } from './argocd-namespace-exists.js';
import { rule as annotationValues } from './argocd-annotation-values.js';
import { rule as secrets } from './no-plaintext-secrets.js';
import { rule as imagePinned } from './image-pinned.js';
import { rule as imagePullSecret } from './image-pull-secret.js';

/** Gateway, GKE, Istio, NetworkPolicy, Argo CD, secrets and image rules. */
export const PLATFORM_RULES: Rule[] = [
  gatewayClass,
  noTimeouts,
  healthCheck,
  policyTarget,
  backendTimeout,
  noRegex,
  noGatewayCrds,
  parentResolves,
  backendGrant,
  poolSelector,
  poolApi,
  poolPlainHttp,
  backendScheme,
  ccOwnRoot,
  projectBounds,
  allowedRoutes,
  exposure,
  smokeCredential,
  poolEpp,
  schedulerPoolGroup,
  istioExtension,
  envoyFilterRoute,
  selectsPods,
  modelDownload,
  servingPath,
  worldOpen,
  istioSidecar,
  serverSide,
  syncOrder,
  pinned,
  sourceExists,
  pluginExists,
  pluginDiscovery,
  ccDeletionPolicy,
  smokeTestListener,
  argocdHealthCheck,
  sharedResource,
  namespaceExists,
  annotationValues,
  secrets,
  imagePinned,
  imagePullSecret,
];
