// Clusters of one repository whose infrastructure Applications meet on a management cluster. Config
// Connector's namespaced mode binds a namespace to one GCP project (annotation
// cnrm.cloud.google.com/project-id): two cluster specs that apply their ContainerCluster and node pools in
// the same namespace of the same management cluster, for different projects, each set that annotation
// (managedNamespaceMetadata of their infrastructure Application) and undo the other, and one of them
// creates its resources in the other's project. The management cluster's name and the destination its Argo CD
// uses (configConnector.server, in-cluster by default) say where Config Connector runs.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseYamlDocument, type Finding } from '@inference-gitops/core';
import { listClusterNames, loadClusterSpec, type ClusterSpec } from '@inference-gitops/cluster-spec';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const normalizeServer = (server: string) => server.replace(/\/+$/, '').toLowerCase();
/** Where a spec's Config Connector runs: the management cluster, and the destination its Argo CD names. */
const placeOf = (cc: NonNullable<ClusterSpec['configConnector']>) =>
  `${cc.managementCluster} ${normalizeServer(cc.server ?? IN_CLUSTER)}`;

/** `cluster-spec` findings at this cluster's configConnector.namespace, one per other cluster it collides with. */
export async function sharedInfrastructureFindings(
  cluster: string,
  spec: ClusterSpec,
  repoRoot: string,
  cwd: string,
): Promise<Finding[]> {
  const cc = spec.configConnector;
  if (!cc?.managementCluster) return [];
  const out: Finding[] = [];
  for (const other of listClusterNames(repoRoot)) {
    if (other === cluster) continue;
    const file = join(repoRoot, 'clusters', other, 'cluster.yaml');
    if (!existsSync(file)) continue;
    const theirs = (await loadClusterSpec(file)).spec;
    const their = theirs?.configConnector;
    if (!theirs || !their?.managementCluster || placeOf(their) !== placeOf(cc) || their.namespace !== cc.namespace)
      continue;
    if (theirs.gcp.project === spec.gcp.project) continue;
    const specFile = join(repoRoot, 'clusters', cluster, 'cluster.yaml');
    const where = parseYamlDocument(readFileSync(specFile, 'utf8'), specFile).locator.locate(
      '/configConnector/namespace',
    ).position;
    out.push({
      rule: 'cluster-spec',
      severity: 'error',
      message: `clusters ${cluster} and ${other} both apply their infrastructure in Config Connector namespace ${cc.namespace} of management cluster ${cc.managementCluster}, for projects ${spec.gcp.project} and ${theirs.gcp.project}: a Config Connector namespace is bound to one project (cnrm.cloud.google.com/project-id), which both infrastructure Applications set, each undoing the other`,
      hint: `Give each project its own Config Connector namespace (configConnector.namespace here or in ${relative(cwd, file) || file}).`,
      path: '/configConnector/namespace',
      file: specFile,
      ...(where ? { line: where.line, column: where.column } : {}),
    });
  }
  return out;
}
