// What Config Connector does in GCP when the cluster's or a pool's object is deleted, as the spec says.
import type { ClusterSpec } from './types.js';

/** The Config Connector annotation that keeps the GCP resource when its object is deleted (values none|abandon). */
export const DELETION_POLICY_ANNOTATION = 'cnrm.cloud.google.com/deletion-policy';

/** The spec's deletion policy, or its default: abandon in staging and prod, delete in dev. */
export function deletionPolicyOf(spec: Pick<ClusterSpec, 'environment' | 'configConnector'>): 'abandon' | 'delete' {
  return spec.configConnector?.deletionPolicy ?? (spec.environment === 'dev' ? 'delete' : 'abandon');
}
