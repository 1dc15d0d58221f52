// The Argo CD projects that bound each Application of a cluster's tree. Argo CD checks every Application
// against its project: the repositories it may render, the destinations (cluster and namespace) and the kinds
// it may create (cluster-scoped kinds are an allow-list: an empty list permits none). The `default` project
// permits everything, so nothing here uses it. Source: argo-cd v3.5.1 docs/user-guide/projects.md,
// pkg/apis/application/v1alpha1/app_project_types.go (IsSourcePermitted, IsDestinationPermitted,
// IsGroupKindNamePermitted); research serving-safety.md A6.
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import { appProject } from '@inference-gitops/k8s-builders';
import { endpointNamespaces } from './namespaces.js';

export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** The project of each kind of Application the generator writes. */
export const PROJECTS = {
  /** The root Application: Argo CD's own settings, the projects and the child Applications, in its namespace. */
  root: 'gitops-root',
  /** CRDs, controllers and cluster-wide setup, from the pinned upstream sources and this repository. */
  platform: 'gitops-platform',
  /** The gateway and the endpoints: this repository only, their namespaces only, namespaced kinds only. */
  serving: 'gitops-serving',
  /** The people's Applications of custom/: Applications only, in Argo CD's namespace. */
  custom: 'gitops-custom',
} as const;

/** The infrastructure root's project on the management cluster, one per cluster it serves. */
export const infrastructureProjectName = (cluster: string) => `gitops-infrastructure-${cluster}`;

const app = (kind: string) => ({ group: 'argoproj.io', kind });

/** The root's project, the one Application a person applies by hand (it lives in root.yaml). */
export function rootProject(spec: ClusterSpec, argoNs: string) {
  return appProject({
    metadata: { name: PROJECTS.root, namespace: argoNs },
    spec: {
      description: `root of cluster ${spec.name}: Argo CD's settings, the projects and the child Applications`,
      sourceRepos: [spec.argocd.repoURL],
      destinations: [{ server: IN_CLUSTER, namespace: argoNs }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [app('Application'), app('AppProject'), { group: '', kind: 'ConfigMap' }],
    },
  });
}

/** The projects of the child Applications (synced by the root before any Application that uses them). */
export function childProjects(spec: ClusterSpec, argoNs: string, upstreams: readonly string[]) {
  const wave = { 'argocd.argoproj.io/sync-wave': '-10' };
  const servingNamespaces = [...new Set([spec.gateway.namespace, ...endpointNamespaces(spec)])].sort();
  return [
    appProject({
      metadata: { name: PROJECTS.platform, namespace: argoNs, annotations: wave },
      spec: {
        description: `platform of cluster ${spec.name}: CRDs, controllers and cluster-wide setup from pinned sources`,
        sourceRepos: [spec.argocd.repoURL, ...upstreams].sort(),
        destinations: [{ server: IN_CLUSTER, namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    }),
    appProject({
      metadata: { name: PROJECTS.serving, namespace: argoNs, annotations: wave },
      spec: {
        description: `serving of cluster ${spec.name}: the gateway and the endpoints, namespaced kinds in their namespaces`,
        sourceRepos: [spec.argocd.repoURL],
        destinations: servingNamespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        clusterResourceWhitelist: [],
      },
    }),
    appProject({
      metadata: { name: PROJECTS.custom, namespace: argoNs, annotations: wave },
      spec: {
        description: `the Applications people add in clusters/${spec.name}/argocd/custom: Applications only`,
        sourceRepos: [spec.argocd.repoURL],
        destinations: [{ server: IN_CLUSTER, namespace: argoNs }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [app('Application')],
      },
    }),
  ];
}

/** The infrastructure root's project, on the management cluster (it lives in infrastructure-root.yaml). */
export function infrastructureProject(spec: ClusterSpec, argoNs: string) {
  const cc = spec.configConnector!;
  return appProject({
    metadata: { name: infrastructureProjectName(spec.name), namespace: argoNs },
    spec: {
      description: `GKE clusters and node pools as Config Connector objects, in namespace ${cc.namespace}`,
      sourceRepos: [spec.argocd.repoURL],
      destinations: [{ server: cc.server ?? IN_CLUSTER, namespace: cc.namespace }],
      // CreateNamespace=true creates the Config Connector namespace.
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      namespaceResourceWhitelist: [
        { group: 'container.cnrm.cloud.google.com', kind: 'ContainerCluster' },
        { group: 'container.cnrm.cloud.google.com', kind: 'ContainerNodePool' },
      ],
    },
  });
}
