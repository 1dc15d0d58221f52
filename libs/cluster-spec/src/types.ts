// The declarative spec of one cluster: clusters/<name>/cluster.yaml.
// The JSON Schema in schemas/cluster-spec.schema.json is generated from these types
// (`npm run schemas:cluster-spec`); a test fails when the committed schema is stale.

/** Environment the cluster serves; drives sync policy, pinning strictness and rule severities. */
export type Environment = 'dev' | 'staging' | 'prod';

/** Which gateway implementation fronts the InferencePools. */
export type Variant = 'istio' | 'gke-native';

export type AcceleratorName = 'tpu-v5-lite-podslice' | 'tpu-v5p-slice' | 'tpu-v6e-slice' | 'tpu7x';

export interface ClusterSpec {
  /**
   * Cluster name; also the folder name under clusters/. A DNS label.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  name: string;
  environment: Environment;
  variant: Variant;
  gcp: GcpSpec;
  argocd: ArgoCdSpec;
  gateway: GatewaySpec;
  /** TPU node pools of the GKE cluster. */
  nodePools: NodePoolSpec[];
  /** Pinned versions of the platform components. */
  versions: PlatformVersions;
  /** How secrets reach the cluster. Values are never in this repository. */
  secrets: SecretsSpec;
  /** Model endpoints (one LLMInferenceService each). */
  endpoints: EndpointSpec[];
  /**
   * Where the cluster and its node pools are applied as Config Connector resources (ContainerCluster,
   * ContainerNodePool): a namespace of a management cluster that runs Config Connector.
   */
  configConnector?: ConfigConnectorSpec;
  /** The PostSync smoke test of every endpoint (on by default). */
  smokeTest?: SmokeTestSpec;
}

export interface ConfigConnectorSpec {
  /**
   * Config Connector namespace (bound to the GCP project) of the management cluster. `gitops validate` of a
   * cluster refuses it when another cluster of the repository names the same `server` and namespace for
   * another project (one namespace is bound to one project, and both infrastructure Applications set it).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   */
  namespace: string;
  /**
   * The management cluster that runs Config Connector and an Argo CD of its own, never this cluster (a
   * cluster cannot create itself). Its Argo CD syncs `clusters/<name>/argocd/infrastructure-root.yaml`, an
   * Application apart from this cluster's root: a Config Connector failure then never blocks the workload
   * waves. Clusters that name the same management cluster share its Config Connector.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   */
  managementCluster: string;
  /**
   * Where Config Connector runs, as the management cluster's Argo CD names it.
   * @default https://kubernetes.default.svc (Config Connector runs in the management cluster itself)
   */
  server?: string;
  /**
   * What happens in GCP when the cluster's or a node pool's Config Connector object is deleted (a pool
   * renamed or removed, `configConnector` removed, the infrastructure Application deleted): `abandon` keeps
   * the GKE cluster or pool (the `cnrm.cloud.google.com/deletion-policy: abandon` annotation, and Argo CD's
   * `Delete=false`); `delete` deletes it. Default: `abandon` in staging and prod, `delete` in dev.
   */
  deletionPolicy?: 'abandon' | 'delete';
  /**
   * Removals of the cluster or of a node pool a pull request makes on purpose, each with its reason:
   * `gitops validate --base` refuses any other removal of one whose deletion policy is `delete`.
   */
  removals?: InfrastructureRemoval[];
}

export interface InfrastructureRemoval {
  kind: 'ContainerCluster' | 'ContainerNodePool';
  /** The object's name: the cluster's name, or the node pool's. */
  name: string;
  /** Why the GKE cluster or node pool may go (recorded with the change). @minLength 1 */
  reason: string;
}

export interface SmokeTestSpec {
  /**
   * false: no PostSync hook Job; a sync is then done when Argo CD reports the resources Healthy.
   * @default true
   */
  enabled?: boolean;
  /** Base URL of the gateway as the Job reaches it; by default read from the Gateway's status.addresses. */
  gatewayURL?: string;
  /**
   * The credential the Job sends (`Authorization: Bearer`) when the gateway authenticates requests: a Secret
   * in each endpoint namespace, made outside this repository (never committed). Required with
   * `gateway.authentication`.
   */
  token?: SecretKeyRef;
}

export interface SecretKeyRef {
  /** @pattern ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ */
  name: string;
  key: string;
}

export interface GcpSpec {
  /** GCP project id. */
  project: string;
  /** Region, for example europe-west4. */
  region: string;
  /** Zone of the TPU node pools, for example europe-west4-a. */
  zone: string;
  /**
   * The region's proxy-only subnet (purpose REGIONAL_MANAGED_PROXY), as a CIDR: the source of the GKE
   * Gateway's proxies. Required by the gke-native variant, whose NetworkPolicies admit it (and Google's
   * health-check ranges) to the serving ports instead of any address.
   * `gcloud compute networks subnets list --filter=purpose=REGIONAL_MANAGED_PROXY`.
   * @pattern ^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$
   */
  proxyOnlySubnet?: string;
}

export interface ArgoCdSpec {
  /** Git URL of this repository, as Argo CD reaches it. */
  repoURL: string;
  /** Revision Argo CD syncs from this repository (branch in dev, tag or commit in prod). */
  targetRevision: string;
  /** Namespace Argo CD runs in. @default argocd */
  namespace?: string;
  /**
   * How Argo CD renders this repository's overlays: plain kustomize, or the validating
   * config management plugin that refuses invalid output.
   * @default "plain" outside prod, "gated" in prod
   */
  render?: 'plain' | 'gated';
}

export interface GatewaySpec {
  /** @default inference-gateway */
  name: string;
  /** @default opendatahub */
  namespace: string;
  /** GatewayClass: `istio`, or a GKE class such as gke-l7-regional-external-managed. */
  className: string;
  /**
   * Who can reach the gateway. `internal`: the VPC only (GKE: the regional internal class gke-l7-rilb;
   * Istio: an internal load balancer for its Service). `external`: the internet (GKE:
   * gke-l7-regional-external-managed), which in prod needs TLS and authentication in front of the models.
   * Default: internal in prod, external elsewhere.
   */
  exposure?: 'internal' | 'external';
  listeners: ListenerSpec[];
  /** TLS for HTTPS listeners. */
  tls?: TlsSpec;
  /**
   * Istio only: requests must carry a JWT of this issuer. The generator attaches a RequestAuthentication and
   * an AuthorizationPolicy that requires a request principal to the Gateway (a RequestAuthentication alone
   * lets requests without a token through). On GKE no authentication in front of InferencePool backends is
   * verified: keep that gateway internal.
   */
  authentication?: { jwt: JwtSpec };
}

export interface JwtSpec {
  /** The `iss` of accepted tokens. */
  issuer: string;
  /** Where the issuer's keys are (JWKS). @pattern ^https:// */
  jwksUri: string;
  /** Accepted `aud` values; any when absent. */
  audiences?: string[];
}

export interface ListenerSpec {
  name: string;
  protocol: 'HTTP' | 'HTTPS';
  /**
   * @minimum 1
   * @maximum 65535
   */
  port: number;
  /**
   * Namespaces whose routes may attach: `Endpoints`, the endpoint namespaces of this spec (a Selector on
   * `kubernetes.io/metadata.name`, which only the API server sets); `All`, any namespace (a warning, refused
   * in prod); `Same`, the gateway's own namespace only, where no endpoint's route lives.
   * @default Endpoints
   */
  allowedRoutes?: 'Endpoints' | 'All' | 'Same';
}

export interface TlsSpec {
  /** cert-manager ClusterIssuer that signs the gateway certificate. */
  issuer: string;
  /** Secret the certificate is written to (created by cert-manager, never committed). */
  secretName: string;
  /** DNS names on the certificate. */
  dnsNames: string[];
}

export interface NodePoolSpec {
  /**
   * Node pool name, a DNS label.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  name: string;
  accelerator: AcceleratorName;
  /** Slice topology, e.g. 2x2 or 2x2x1; must be valid for the accelerator. */
  topology: string;
  /** GKE machine type, e.g. ct6e-standard-4t; must match accelerator and topology. */
  machineType: string;
  /**
   * Nodes the pool keeps at least. A multi-host slice is all or nothing: 0 or its hosts.
   * @minimum 0
   */
  minNodes: number;
  /**
   * Nodes the pool may grow to. A multi-host slice cannot grow: exactly its hosts (see `slices`).
   * @minimum 1
   */
  maxNodes: number;
  /**
   * Boot disk of each node in GB. It holds the images and the weights each host downloads, so it must fit
   * the largest model of the pool's endpoints plus room for the images and the system; GCP cannot resize it
   * in place (a new size is a new pool). Default: GKE's 100, or what the largest model needs.
   * @minimum 10
   */
  diskSizeGb?: number;
  /**
   * Multi-host topologies only: how many slices the pool holds. A slice is a GKE node pool of its own
   * (`<name>`, then `<name>-2`, `<name>-3`, ...) that cannot grow into a second slice, and each replica of a
   * multi-host endpoint takes one slice. Adding one creates a node pool; removing one deletes it, which
   * `configConnector.removals` must allow where the deletion policy is `delete`.
   * @minimum 1
   * @default 1
   */
  slices?: number;
  /**
   * TPU7x multi-host only (required there): the workload policy that places the slice, a Compute Engine
   * resource policy made outside this repository, since Config Connector's ComputeResourcePolicy (v1.155.1)
   * has no workload-policy fields: `gcloud compute resource-policies create workload-policy NAME
   * --type=HIGH_THROUGHPUT --accelerator-topology=<topology> --region=<gcp.region>`. Its name, or
   * `projects/P/regions/R/resourcePolicies/NAME`. The node pool references it instead of a TPU topology.
   * @pattern ^([a-z]([-a-z0-9]*[a-z0-9])?|projects/[^/]+/regions/[^/]+/resourcePolicies/[a-z]([-a-z0-9]*[a-z0-9])?)$
   */
  workloadPolicy?: string;
}

export interface PlatformVersions {
  /** cert-manager Helm chart version, e.g. v1.16.2. */
  certManager: string;
  /** LeaderWorkerSet release tag, e.g. v0.8.0. */
  lws: string;
  /** Gateway API Inference Extension release tag (InferencePool CRDs), e.g. v1.2.0. */
  inferenceExtension: string;
  /**
   * Inference Extension tag whose InferenceModel CRD the OpenDataHub KServe build still writes, e.g. v0.3.0.
   * Required with an OpenDataHub build; community KServe writes none.
   */
  inferenceModel?: string;
  /**
   * The KServe that serves the endpoints: an opendatahub-io/kserve tag (the odh-xks overlay), e.g. odh-v3.4-EA1, or a
   * community kserve/kserve release, e.g. v0.20.0 (LLMInferenceService v1alpha2, installed in namespace kserve).
   */
  kserve: string;
  /**
   * The Argo CD release that syncs this cluster: `gitops validate` judges the health checks its waves wait on
   * with that release's built-in checks (and the tree's argocd-cm), e.g. v3.5.1.
   * @pattern ^v[0-9]+\.[0-9]+\.[0-9]+$
   * @default v3.5.1
   */
  argocd?: string;
  /** sail-operator Helm chart version (istio variant only). */
  sailOperator?: string;
  /** Istio version the sail-operator runs (istio variant only), e.g. v1.27.3. */
  istio?: string;
  /**
   * The Kubernetes minor GKE runs, e.g. 1.32: the core schemas and removed APIs the tree is judged by. Default:
   * the lock's default platform.
   * @pattern ^v?[0-9]+\.[0-9]+(\.[0-9]+)?$
   */
  kubernetes?: string;
  /**
   * The Gateway API release whose CRDs the cluster serves (GKE installs and manages them with
   * `--gateway-api=standard`), e.g. v1.4.0. Default: the lock's default platform.
   */
  gatewayApi?: string;
  /** The external-secrets release whose CRDs the cluster serves, e.g. v1.3.2. Default: the lock's default platform. */
  externalSecrets?: string;
  /**
   * The Config Connector release of the management cluster, e.g. v1.155.1: the ContainerCluster and
   * ContainerNodePool schemas. Default: the lock's default platform.
   */
  configConnector?: string;
}

export interface SecretsSpec {
  /**
   * `external-secrets`: ExternalSecret objects are generated and a ClusterSecretStore named
   * `store` provides the values. `pre-created`: the Secrets are created out of band and only
   * referenced.
   */
  provider: 'external-secrets' | 'pre-created';
  /** ClusterSecretStore name, with provider external-secrets. */
  store?: string;
  /** Hugging Face token: Secret name and key in each endpoint namespace. */
  huggingFaceToken: SecretRef;
  /**
   * Image pull secret (type kubernetes.io/dockerconfigjson) in each endpoint namespace, wired into the
   * model pods' imagePullSecrets. Needed for images from registries that require credentials
   * (registry.redhat.io): GKE nodes have none for them.
   */
  imagePull?: SecretRef;
}

export interface SecretRef {
  /** Secret name in the cluster. */
  name: string;
  /** Key inside the Secret. */
  key: string;
  /** Key in the external store (provider external-secrets). */
  remoteKey?: string;
}

export interface EndpointSpec {
  /**
   * LLMInferenceService name, a DNS label; KServe derives child names from it.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  name: string;
  /**
   * Namespace of the endpoint, a DNS label.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  namespace: string;
  model: ModelSpec;
  /** Node pool (from nodePools) the endpoint runs on. */
  nodePool: string;
  /**
   * Model replicas (one TPU slice each).
   * @minimum 1
   */
  replicas: number;
  /** vLLM TPU image, with a tag or digest. */
  image: string;
  /**
   * vLLM --max-model-len.
   * @minimum 1
   */
  maxModelLen: number;
  /** vLLM --enable-prefix-caching. @default false */
  prefixCaching?: boolean;
  /** Extra vLLM arguments, appended as given. */
  extraArgs?: string[];
}

export interface ModelSpec {
  /** Where KServe loads the model from: hf://, s3://, pvc:// or oci://. */
  uri: string;
  /** Served model name (the `model` field of OpenAI requests). */
  name: string;
  /**
   * Size of the weights on disk, e.g. `141G` (G/Gi/T/Ti). Every host downloads them to its boot disk, which
   * is sized from it. Default: from the known models (libs/cluster-spec/src/model-size.ts) by the uri.
   * @pattern ^[0-9]+(\.[0-9]+)?(G|Gi|T|Ti)$
   */
  size?: string;
}
