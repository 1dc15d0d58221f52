// `--base`: a pull request that removes the GKE cluster's or a node pool's Config Connector object. Config
// Connector deletes the GCP resource when its object goes (unless the object says deletion-policy: abandon)
// and never recreates one: a pool renamed in the spec is a pool deleted. Such a removal passes only when
// the cluster's spec lists it in configConnector.removals, with a reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocument, type Finding, type Resource } from '@inference-gitops/core';
import { DELETION_POLICY_ANNOTATION, type ClusterSpec } from '@inference-gitops/cluster-spec';
import { identity } from './immutable.js';

const GROUP = 'container.cnrm.cloud.google.com';
const KINDS: Record<string, string> = { ContainerCluster: 'cluster', ContainerNodePool: 'node pool' };

const annotationOf = (r: Resource, key: string): unknown =>
  ((r.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {})[key];

/** `infrastructure-deletion` findings, at the cluster spec's configConnector (where a removal is allowed). */
export function infrastructureRemovals(
  base: readonly Resource[],
  head: readonly Resource[],
  cluster: { name: string; spec: ClusterSpec; repoRoot: string } | undefined,
): Finding[] {
  const kept = new Set(head.map(identity));
  const allowed = cluster?.spec.configConnector?.removals ?? [];
  const out: Finding[] = [];
  for (const r of base) {
    const what = KINDS[r.kind];
    if (!what || !r.apiVersion.startsWith(`${GROUP}/`) || kept.has(identity(r))) continue;
    if (annotationOf(r, DELETION_POLICY_ANNOTATION) === 'abandon') continue; // kept in GCP
    if (allowed.some((a) => a.kind === r.kind && a.name === r.name)) continue;
    const place = cluster ? specPlace(cluster) : {};
    out.push({
      rule: 'infrastructure-deletion',
      severity: 'error',
      message: `this change removes ${r.kind} ${r.name}${r.namespace ? ` (namespace ${r.namespace})` : ''}, and Config Connector then deletes the GKE ${what} in GCP: its deletion policy is not abandon, and Config Connector never recreates it`,
      hint: `If the ${what} is to go, list it in configConnector.removals (kind ${r.kind}, name ${r.name}, and a reason); to keep it in GCP, first merge and sync configConnector.deletionPolicy: abandon (the objects then carry ${DELETION_POLICY_ANNOTATION}: abandon), then remove it.`,
      resource: {
        apiVersion: r.apiVersion,
        kind: r.kind,
        name: r.name,
        ...(r.namespace ? { namespace: r.namespace } : {}),
      },
      ...place,
    });
  }
  return out;
}

function specPlace(cluster: { name: string; repoRoot: string }): Pick<Finding, 'file' | 'line' | 'column' | 'path'> {
  const file = join(cluster.repoRoot, 'clusters', cluster.name, 'cluster.yaml');
  try {
    const doc = parseYamlDocument(readFileSync(file, 'utf8'), file);
    const removals = doc.locator.locate('/configConnector/removals').position;
    const at = removals ?? doc.locator.locate('/configConnector').position;
    return {
      file,
      path: removals ? '/configConnector/removals' : '/configConnector',
      ...(at ? { line: at.line, column: at.column } : {}),
    };
  } catch {
    return { file };
  }
}
