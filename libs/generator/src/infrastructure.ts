// The GKE cluster and its TPU node pools as code: Config Connector ContainerCluster and
// ContainerNodePools (typed with @kubernetes-models/gke), applied in the Config Connector namespace of a
// management cluster by one Application per cluster. The settings follow the seeds' cluster script:
// VPC-native, Workload Identity, network policy enforcement, the Gateway API (standard channel, NG-3) and
// its HttpLoadBalancing add-on, regular release channel, shielded nodes; TPU pools with autoscaling
// bounds, the machine type, the zone, and for multi-host slices the COMPACT placement with the topology.
import {
  DELETION_POLICY_ANNOTATION,
  deletionPolicyOf,
  GKE_DEFAULT_DISK_GB,
  modelSizeGb,
  requiredDiskGb,
  slicePoolNames,
  TPU_TOPOLOGY_ANNOTATION,
  type ClusterSpec,
  type NodePoolSpec,
} from '@inference-gitops/cluster-spec';
import { lookupShape } from '@inference-gitops/tpu-catalog';
import { containerCluster, containerNodePool } from '@inference-gitops/k8s-builders';
import { generated, kustomization } from './emit.js';
import type { PlannedFile, Provenance } from './types.js';

export function infrastructureDir(spec: ClusterSpec): string {
  return `overlays/clusters/${spec.name}/infrastructure`;
}

export function planInfrastructure(spec: ClusterSpec, specPath: string): PlannedFile[] {
  const cc = spec.configConnector;
  if (!cc) return [];
  const dir = infrastructureDir(spec);
  // With abandon, deleting an object (a pool renamed or removed, the Application deleted) leaves the GKE
  // cluster or pool in GCP, and Argo CD's cascade keeps the object too (Delete=false).
  const keep: Record<string, string> =
    deletionPolicyOf(spec) === 'abandon'
      ? { [DELETION_POLICY_ANNOTATION]: 'abandon', 'argocd.argoproj.io/sync-options': 'Delete=false' }
      : {};
  const project: Record<string, string> = { 'cnrm.cloud.google.com/project-id': spec.gcp.project, ...keep };
  const cluster = containerCluster({
    metadata: {
      name: spec.name,
      namespace: cc.namespace,
      annotations: { ...project, 'cnrm.cloud.google.com/remove-default-node-pool': 'false' },
    },
    spec: {
      location: spec.gcp.zone,
      initialNodeCount: 2,
      nodeConfig: {
        machineType: 'n1-standard-4',
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {},
      networkPolicy: { enabled: true },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        networkPolicyConfig: { disabled: false },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
      },
      gatewayApiConfig: { channel: 'CHANNEL_STANDARD' },
      workloadIdentityConfig: { workloadPool: `${spec.gcp.project}.svc.id.goog` },
      releaseChannel: { channel: 'REGULAR' },
      enableShieldedNodes: true,
    } as never,
  });
  // One ContainerNodePool per slice of a multi-host pool (a slice cannot grow into a second one).
  const slices = spec.nodePools.flatMap((p, i) =>
    slicePoolNames(p, lookupShape(p.accelerator, p.topology, p.machineType)?.hosts ?? 1).map((name) => ({
      name,
      pool: p,
      index: i,
    })),
  );
  const pools = slices.map(({ name, pool }) => nodePool(spec, pool, name, cc.namespace, project));
  const provenance: Provenance[] = slices.flatMap(({ index: i }, doc) => [
    { doc, pointer: '', spec: `/nodePools/${i}` },
    { doc, pointer: '/spec/placementPolicy', spec: `/nodePools/${i}/topology` },
    { doc, pointer: '/spec/nodeConfig/machineType', spec: `/nodePools/${i}/machineType` },
    { doc, pointer: '/spec/autoscaling/minNodeCount', spec: `/nodePools/${i}/minNodes` },
    { doc, pointer: '/spec/autoscaling/maxNodeCount', spec: `/nodePools/${i}/maxNodes` },
    { doc, pointer: '/spec/nodeConfig/diskSizeGb', spec: `/nodePools/${i}/diskSizeGb` },
  ]);
  return [
    {
      ...generated(`${dir}/container-cluster.yaml`, specPath, [cluster]),
      provenance: [{ doc: 0, pointer: '', spec: '/gcp' }],
    },
    { ...generated(`${dir}/node-pools.yaml`, specPath, pools), provenance },
    generated(`${dir}/kustomization.yaml`, specPath, [
      kustomization({ resources: ['container-cluster.yaml', 'node-pools.yaml'] }),
    ]),
  ];
}

function nodePool(
  spec: ClusterSpec,
  pool: NodePoolSpec,
  name: string,
  namespace: string,
  annotations: Record<string, string>,
): unknown {
  const shape = lookupShape(pool.accelerator, pool.topology, pool.machineType);
  return containerNodePool({
    metadata: {
      name,
      namespace,
      // A workload policy hides the slice's topology from the object: the rules read it here.
      annotations: pool.workloadPolicy ? { ...annotations, [TPU_TOPOLOGY_ANNOTATION]: pool.topology } : annotations,
    },
    spec: {
      clusterRef: { name: spec.name },
      location: spec.gcp.zone,
      nodeLocations: [spec.gcp.zone],
      initialNodeCount: pool.minNodes,
      autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
      nodeConfig: {
        machineType: pool.machineType,
        ...(diskOf(spec, pool) ? { diskSizeGb: diskOf(spec, pool) } : {}),
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
      },
      // Multi-host slices need the topology and compact placement (one slice = hosts of one ICI domain); TPU7x
      // takes a workload policy instead (made outside Config Connector, see NodePoolSpec.workloadPolicy).
      ...(shape && shape.hosts > 1 ? { placementPolicy: placementPolicy(spec, pool) } : {}),
      management: { autoRepair: true, autoUpgrade: true },
    } as never,
  });
}

function placementPolicy(spec: ClusterSpec, pool: NodePoolSpec): Record<string, unknown> {
  if (!pool.workloadPolicy) return { type: 'COMPACT', tpuTopology: pool.topology };
  const external = pool.workloadPolicy.startsWith('projects/')
    ? pool.workloadPolicy
    : `projects/${spec.gcp.project}/regions/${spec.gcp.region}/resourcePolicies/${pool.workloadPolicy}`;
  return { policyNameRef: { external } };
}

/**
 * The boot disk of the pool's nodes: the spec's, else what the largest model of its endpoints needs when that
 * is more than GKE's default (each node downloads the weights); undefined keeps GKE's default.
 */
function diskOf(spec: ClusterSpec, pool: NodePoolSpec): number | undefined {
  if (pool.diskSizeGb !== undefined) return pool.diskSizeGb;
  const needed = Math.max(
    0,
    ...spec.endpoints
      .filter((e) => e.nodePool === pool.name)
      .map((e) => modelSizeGb(e))
      .filter((g): g is number => g !== undefined)
      .map(requiredDiskGb),
  );
  return needed > GKE_DEFAULT_DISK_GB ? needed : undefined;
}
