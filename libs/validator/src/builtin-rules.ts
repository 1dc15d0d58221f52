import type { RuleInfo } from '@inference-gitops/report';

/** The finding classes the validator itself raises (domain rules describe themselves in libs/rules). */
export const BUILTIN_RULE_INFO: Record<string, RuleInfo> = {
  schema: { id: 'schema', severity: 'error', summary: 'The object does not match the schema of its kind (strict: unknown fields are errors).' },
  'schema-missing': { id: 'schema-missing', severity: 'error', summary: 'No schema is known for this apiVersion and kind, so it cannot be checked.' },
  yaml: { id: 'yaml', severity: 'error', summary: 'The file is not valid YAML, or a document is not a Kubernetes object.' },
  render: { id: 'render', severity: 'error', summary: 'kustomize could not render the overlay, or the overlay is unsafe to render.' },
  'rejected-kind': { id: 'rejected-kind', severity: 'error', summary: 'The kind is rejected by --reject.' },
  config: { id: 'config', severity: 'error', summary: 'The repository configuration (.gitops.yaml) is invalid.' },
  'cluster-spec': { id: 'cluster-spec', severity: 'error', summary: 'The cluster spec (clusters/<name>/cluster.yaml) is invalid.' },
};
