import { docPage } from '@inference-gitops/rules';
import type { RuleInfo } from '@inference-gitops/report';

/**
 * A finding class the tool raises itself (the domain rules describe themselves in libs/rules). Each one
 * has a page with the same shape as a domain rule's: summary, why, fix, source.
 */
export interface BuiltinRule {
  id: string;
  severity: 'error' | 'warning' | 'info';
  summary: string;
  docs: { why: string; fix: string; source: string };
}

/**
 * Every rule id the tool can print besides the domain rules. A test fails when the code emits a
 * `rule: '...'` that is neither here nor in the rule registry.
 */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  {
    id: 'api-validation',
    severity: 'error',
    summary: "The API server's own validation refuses the object, although its schema accepts it.",
    docs: {
      why:
        'The API server checks far more than its OpenAPI schema: names by kind (a Service name is a DNS-1035 ' +
        'label), label keys and values, selectors that match the template, ConfigMap keys and size, Secret ' +
        'type keys, Service ports, pod templates (unique containers and volumes, mounts of defined volumes, ' +
        'requests not above limits, exactly one probe handler, quantities that parse), NetworkPolicy ports ' +
        'and CIDRs, duplicate list keys under server-side apply, and the size of last-applied-configuration ' +
        'under client-side apply. kubeconform checks none of it; Argo CD finds out at sync.',
      fix: 'Change the field as the message says; the hint names the Kubernetes rule. This is part of the schema pass: it runs with --no-rules too.',
      source:
        '[code] kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/validation (ObjectMeta), ' +
        'pkg/apis/core/validation, pkg/apis/apps/validation, pkg/apis/networking/validation; research ' +
        'api-fidelity 2.',
    },
  },
  {
    id: 'argocd-health',
    severity: 'error',
    summary:
      'The health check Argo CD runs for each kind a sync wave waits on says Progressing while the object starts, Healthy when it serves and Degraded on a failure it does not get past.',
    docs: {
      why:
        'Argo CD moves to the next sync wave (and to the PostSync hooks) only when the resources of the wave are ' +
        'Healthy, and fails the sync when one is Degraded. A check that maps a starting LLMInferenceService ' +
        '(KServe sets its conditions to False, not Unknown, while pods start) to Degraded fails every sync of a ' +
        'model that takes minutes to load; one that says Healthy too early runs the smoke test against a model ' +
        'that is not there; one that never says Healthy holds the waves forever (the sync timeout defaults to ' +
        "none). The check run is the tree's argocd-cm customization, else the built-in one of the Argo CD " +
        'release the spec names (versions.argocd), run in Lua 5.1 as Argo CD runs it, against start-up, ready ' +
        'and failed status fixtures of the kind (libs/validator/src/argocd-health/status-cases.ts). Needs ' +
        'lua5.1 on PATH; without it the check is listed as skipped.',
      fix: 'Map start-up to Progressing, a failure the controller does not get past to Degraded, and ready to Healthy: keep the generated argocd-cm (overlays/bases/argocd-config), or fix the customization the message names.',
      source:
        '[code] argo-cd v3.5.1 gitops-engine pkg/sync/sync_context.go (Degraded fails the operation; a wave ' +
        'waits for Healthy), resource_customizations (built-in scripts, libs/validator/src/argocd-health/' +
        'builtin-health.json); opendatahub-io/kserve odh-v3.4-EA1 llm_inference_service_lifecycle.go; research ' +
        'serving-safety.md A1-A3; issue #21.',
    },
  },
  {
    id: 'cel',
    severity: 'error',
    summary: "A CEL validation rule (x-kubernetes-validations) of the kind's CRD is false, or fails to evaluate.",
    docs: {
      why:
        'CRDs carry validation rules in CEL that the API server evaluates on every create and update, after ' +
        'applying the schema defaults: an HTTPRoute path without a leading "/", a Service backendRef without ' +
        'a port, an InferencePool with the same target port twice. A JSON-schema check (kubeconform) never ' +
        "runs them, so Argo CD finds out at sync. The rules are evaluated here with Kubernetes' semantics " +
        '(defaults first, escaped field names, integer typing, messageExpression, fieldPath, reason, the ' +
        'Kubernetes CEL libraries); a rule that fails to evaluate is reported as such. Rules the engine ' +
        'cannot evaluate are counted and named in the summary (none for the pinned CRDs).',
      fix: 'Change the field the message names; the hint quotes the rule. Transition rules (oldSelf) need the previous object: see --base.',
      source:
        '[code] kubernetes apiextensions-apiserver pkg/apiserver/schema/cel/validation.go; the CRDs pinned ' +
        'in schemas/lock.yaml; @bufbuild/cel with the Kubernetes libraries (libs/cel).',
    },
  },
  {
    id: 'cluster-spec',
    severity: 'error',
    summary: 'The cluster spec (clusters/<name>/cluster.yaml) is invalid.',
    docs: {
      why:
        'The generator and the cluster-aware rules (TPU node pools and capacity, the environment that sets ' +
        'severities, the repository URL of the Argo CD tree) read everything from the cluster spec; a spec ' +
        'that does not match its schema would give a wrong tree and wrong checks, so it is reported instead ' +
        'of guessed.',
      fix: 'Correct the field at the reported line; docs/cluster-spec.md lists every field and its allowed values. `gitops generate` reads the same file.',
      source: 'the cluster-spec schema (libs/cluster-spec, docs/cluster-spec.md).',
    },
  },
  {
    id: 'config',
    severity: 'error',
    summary: 'The repository configuration (.gitops.yaml) is invalid.',
    docs: {
      why:
        'A misspelt key, rule id or severity in .gitops.yaml would otherwise be ignored silently: a rule the ' +
        'team meant to turn off, or to make an error, would run as before.',
      fix:
        'Correct the entry at the reported line. docs/rules-config.md describes `rules` (disable, severity, ' +
        'environments), `schemas.allowMissing` and `kubernetesVersion`; `gitops rules` lists the rule ids.',
      source: 'the .gitops.yaml readers of the validator and of the rule engine (docs/rules-config.md).',
    },
  },
  {
    id: 'generated-drift',
    severity: 'error',
    summary: 'A generated file of the cluster does not match what its cluster.yaml generates.',
    docs: {
      why:
        'Argo CD syncs the files, not the spec: a cluster.yaml changed without `gitops generate`, or a ' +
        'generated file edited by hand, means the tree does something the spec does not say, and the next ' +
        '`gitops generate` silently reverts the hand edit. Validating only the files would pass a tree that ' +
        'no longer matches its spec.',
      fix:
        'Run `npx gitops generate` and commit the result. To change a generated value, change cluster.yaml ' +
        '(the finding points at the field); to change an endpoint beyond the spec, use its patches.yaml.',
      source:
        'the generator (libs/generator): the validator plans the cluster as `gitops generate` would and compares the files.',
    },
  },
  {
    id: 'immutable-field',
    severity: 'error',
    summary: 'A change from the base revision (--base, or $GITOPS_BASE) that the API server refuses on update.',
    docs: {
      why:
        'Some fields cannot change once an object exists: a Deployment/ReplicaSet/DaemonSet selector, most ' +
        'of a StatefulSet spec (volumeClaimTemplates, serviceName, ...), a Job selector and template, a ' +
        'Service clusterIP, a PersistentVolumeClaim spec except its storage request (which only grows), the ' +
        'data of an immutable ConfigMap or Secret, a Secret type, the parallelism size of an ' +
        'LLMInferenceService and of its prefill (KServe GetSize: data / dataLocal, else pipeline; tensor ' +
        'parallelism may change). The schema accepts the new manifest; only the update fails, at sync, and ' +
        'with Argo CD server-side diff it can even report Synced while nothing applied (argo-cd #28722). ' +
        'The same holds for what GCP cannot change in place on the GKE cluster and node pools Config ' +
        'Connector manages (location, machine type, disks, accelerators, TPU placement, ...): Config ' +
        'Connector refuses the update or turns UpdateFailed, and never recreates them. A changed sync hook ' +
        'that Argo CD deletes before creating it again (BeforeHookCreation) is never flagged.',
      fix:
        'Keep the old value, or plan the replacement: a new object under a new name, or delete and recreate ' +
        '(Argo CD Replace=true with Force=true on that resource), knowing what goes with it (pods, volumes). ' +
        'For a node pool: a new pool under a new name, the endpoints moved to it, then the old one removed ' +
        '(configConnector.removals). An object that is new at the head is never flagged.',
      source:
        '[code] kubernetes/kubernetes pkg/registry/apps/*/strategy.go, pkg/apis/apps/validation, ' +
        'pkg/apis/batch/validation, pkg/apis/core/validation; KServe llm_inference_service_validation.go; ' +
        'k8s-config-connector v1.155.1 CRDs ("Immutable.") and pkg/webhook/immutable_fields_validator.go; ' +
        'gitops-engine pkg/sync/hook/delete_policy.go; research api-fidelity 2 and 4, serving-safety B7.',
    },
  },
  {
    id: 'infrastructure-deletion',
    severity: 'error',
    summary:
      "A change from the base revision (--base) that removes the GKE cluster's or a node pool's Config Connector object whose deletion policy is not abandon.",
    docs: {
      why:
        'Config Connector deletes the GCP resource when its object is deleted, and never recreates one. ' +
        'Renaming a node pool in the spec, removing it, or removing configConnector removes the object; Argo ' +
        'CD prunes it (at once in dev, at the next prune-sync elsewhere) and the GKE cluster or TPU pool is ' +
        'gone, with the models on it. The schema and the API server see nothing wrong.',
      fix:
        'List the removal in the cluster spec (configConnector.removals: kind, name, reason) when the ' +
        'cluster or pool is meant to go; to keep it in GCP, first merge and sync ' +
        'configConnector.deletionPolicy: abandon (the objects then carry ' +
        'cnrm.cloud.google.com/deletion-policy: abandon), then remove it. A pool with an abandoned object ' +
        'keeps costing money until it is deleted in GCP.',
      source:
        '[doc] Config Connector resource annotations (deletion-policy); [code] k8s-config-connector v1.155.1 ' +
        'pkg/controller/tf/controller.go; Argo CD app_deletion.md; issue #21.',
    },
  },
  {
    id: 'kserve-derived-kinds',
    severity: 'error',
    summary:
      'The objects KServe writes for an LLMInferenceService (the InferencePool and InferenceModel of a managed scheduler, the LeaderWorkerSet of workers) are kinds the platform serves.',
    docs: {
      why:
        'Every object of the tree can be valid while the endpoint still never starts: the KServe controller writes ' +
        'objects of its own for each service, and a reconcile that cannot write one fails. The OpenDataHub build ' +
        'odh-v3.4-EA1 writes an inference.networking.x-k8s.io/v1alpha2 InferencePool and InferenceModel for a ' +
        'managed scheduler; the Inference Extension removed that InferencePool in v1.5.0, so an upgrade of the ' +
        'Inference Extension CRDs alone breaks every endpoint. Community KServe v0.20.0 writes the ' +
        'inference.networking.k8s.io/v1 pool instead. The platform is the one the cluster spec names ' +
        '(versions:), or --platform in an upgrade rehearsal.',
      fix: 'Keep the CRD release that serves the kind (versions: in the cluster spec), or move KServe to a release that writes what the platform serves.',
      source:
        '[code] opendatahub-io/kserve odh-v3.4-EA1 pkg/controller/llmisvc/scheduler.go (reconcileSchedulerInferenceModel, ' +
        'reconcileSchedulerInferencePool), workload_multi_node.go; gateway-api-inference-extension commit 5ddeecf9 ' +
        '(#2796, x-k8s.io InferencePool removed before v1.5.0); research platform-versions.md; issue #25.',
    },
  },
  {
    id: 'internal',
    severity: 'error',
    summary: 'A domain rule failed with an exception, so its check did not run.',
    docs: {
      why: 'A rule that crashes has checked nothing; reporting the crash as an error keeps a bug in the tool from passing a tree silently.',
      fix:
        'This is a bug in gitops, not in the manifests: report it with the message and the manifests that ' +
        'trigger it. Until it is fixed, `rules.disable` in .gitops.yaml turns the failing rule off so the ' +
        'rest of the report can be used.',
      source: 'the rule engine (libs/rules), which runs every rule in isolation.',
    },
  },
  {
    id: 'patch-drops-fields',
    severity: 'error',
    summary: 'A kustomize patch removes fields that the base of the resource sets.',
    docs: {
      why:
        'A strategic-merge patch replaces every list it has no merge key for, and kustomize knows no merge ' +
        'keys for custom resources: `containers: [{name: main, resources: ...}]` on an LLMInferenceService ' +
        'renders a container with no image, args, env or probes. KServe then fills the gaps from its preset ' +
        '(a CUDA image that serves TLS, without the TPU request), while the patch looks harmless. The same ' +
        'happens to `args` on any kind, and to anything under `$patch: replace`.',
      fix:
        'Give only the fields that change: the endpoint overlays include the kserve-merge-keys component, so ' +
        'containers, env, ports and volumes merge by name; add vLLM flags through extraArgs in cluster.yaml ' +
        'rather than by replacing args. To remove a field on purpose, use a JSON 6902 patch (op: remove), ' +
        'which is not flagged.',
      source:
        '[doc] kustomize patches and the kustomization `openapi` field (merge keys for custom resources); ' +
        '[code] KServe config_merge.go (presets fill what the service leaves out).',
    },
  },
  {
    id: 'pod-template',
    severity: 'error',
    summary:
      'The pod templates of a custom resource (LeaderWorkerSet leader and worker, LLMInferenceService template, worker, prefill and scheduler) pass the Pod validation the API server runs on the Pods its controller creates.',
    docs: {
      why:
        'A policy, stated as such: the API server accepts the custom resource itself, because its CRD schema does not ' +
        'run Pod validation on an embedded template. The LeaderWorkerSet or KServe controller then creates Pods from ' +
        'it, and the API server refuses every one (a TPU request that differs from its limit, two probe handlers, ' +
        'a mount of an undefined volume): the sync succeeds and the endpoint never starts. kubectl apply and ' +
        "kubeconform accept the manifest; the refusal shows only in the controller's events.",
      fix: 'Change the template as the message says; the hint names the Kubernetes rule the Pods fail.',
      source:
        '[code] kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidatePodCreate, ValidatePodSpec); ' +
        'sigs.k8s.io/lws pkg/webhooks/leaderworkerset_webhook.go (checks replicas, size and restartPolicy only); ' +
        'issue #24 (corpus fixture lws-tpu-request-differs).',
    },
  },
  {
    id: 'rejected-kind',
    severity: 'error',
    summary: 'The kind is rejected by --reject.',
    docs: {
      why:
        '`gitops validate --reject KINDS` names kinds that must not come out of this tree (for example ' +
        'Secrets, which belong in an external secret store); every object of such a kind is an error.',
      fix: 'Remove the object from the tree or move it where it belongs, or drop its kind from --reject.',
      source: 'the --reject flag of `gitops validate` (Kind, group/Kind or group/version/Kind).',
    },
  },
  {
    id: 'render',
    severity: 'error',
    summary: 'kustomize could not render the overlay, or the overlay is unsafe to render.',
    docs: {
      why:
        'What cannot be rendered cannot be validated, and Argo CD fails to sync it the same way. Overlays ' +
        'that reach the network (remote resources or bases), run KRM functions (exec or container), leave ' +
        "the repository through .. or a symlink, or include themselves are refused, as Argo CD's repo-server " +
        'refuses them. A cluster without a root Application and an Application whose path does not exist in ' +
        'the repository are reported here too.',
      fix:
        "Run the command in the hint to see kustomize's whole error and fix the kustomization; vendor remote " +
        'manifests into the repository; keep every path inside the repository; fix spec.source.path, or run ' +
        '`gitops generate` to rewrite the Argo CD tree.',
      source:
        "kustomize (the report names the version used; Argo CD v3.4/v3.5 bundle 5.8.1) and the renderer's safety checks (docs/rendering.md).",
    },
  },
  {
    id: 'schema',
    severity: 'error',
    summary: 'The object does not match the schema of its kind (strict: unknown fields are errors).',
    docs: {
      why:
        'The API server drops or rejects a field its schema does not know, so a misspelt field silently does ' +
        'nothing; a missing required field, a value of the wrong type or outside the allowed values makes ' +
        'the sync fail. Every object also needs `apiVersion` and `kind`.',
      fix:
        'Correct the field at the reported line (spelling, type, allowed value, required field). ' +
        'docs/schemas.md says which schema each kind is checked against.',
      source:
        'docs/schemas.md: CRDs in the rendered tree, the pinned schemas of schemas/lock.yaml, the embedded ' +
        'Kubernetes and @kubernetes-models schemas, --schema-location.',
    },
  },
  {
    id: 'schema-missing',
    severity: 'error',
    summary: 'No schema is known for this apiVersion and kind, so it cannot be checked.',
    docs: {
      why:
        'An object without a schema would pass unchecked; a typo in apiVersion or kind looks exactly like ' +
        'this, and Argo CD cannot sync a kind whose CRD the cluster does not have.',
      fix:
        'Check apiVersion and kind; add the CRD to the rendered tree or to schemas/lock.yaml, or pass ' +
        '--schema-location; or skip the kind with a reason in .gitops.yaml (`schemas.allowMissing`) or with ' +
        '--ignore-missing-schemas. Skipped resources are listed in every report.',
      source: 'docs/schemas.md.',
    },
  },
  {
    id: 'suppression',
    severity: 'warning',
    summary:
      'A suppression annotation has no reason, names an unknown rule, or is not a string, so it suppresses nothing.',
    docs: {
      why:
        'A suppression hides a finding in every report; without a reason nobody can tell later why it was ' +
        'fine, and a misspelt rule id suppresses nothing while looking as if it did.',
      fix: 'Write `inference-gitops.dev/suppress: "rule-id[,rule-id]: reason"` with domain rule ids from `gitops rules`; built-in checks cannot be suppressed.',
      source: 'docs/rules-config.md.',
    },
  },
  {
    id: 'yaml',
    severity: 'error',
    summary: 'The file is not valid YAML, or a document is not a Kubernetes object.',
    docs: {
      why:
        'kustomize and Argo CD cannot read such a file, or read it differently (with a duplicate key one ' +
        'value silently wins), so nothing in it is applied as written. Where YAML 1.2 and the Go readers ' +
        'differ, the Go reading decides: `\\/` in double quotes is refused ("found unknown escape character"), `\\\'` ' +
        'is an apostrophe, a plain number with a leading 0 is octal (0644 is 420); a plain yes/no/on/off is a ' +
        'warning (a string to kustomize, a boolean to kubectl).',
      fix:
        'Fix the syntax at the reported line: indent with spaces, close brackets and quotes, keep keys ' +
        'unique, save the file as UTF-8 text; every document must be a mapping (a Kubernetes object), and a ' +
        '.json file valid JSON.',
      source:
        'the manifest reader (YAML 1.2; JSON for .json files); go-yaml scannerc.go (the escapes kubectl and ' +
        'kustomize accept), checked with kubectl kustomize (libs/core/src/go-yaml-escapes.ts).',
    },
  },
];

const BY_ID = new Map(BUILTIN_RULES.map((r) => [r.id, r]));

/** The built-in rule with this id, if any. */
export function builtinRule(id: string): BuiltinRule | undefined {
  return BY_ID.get(id);
}

/** The finding classes the validator itself raises, as reporters (SARIF rules) describe them. */
export const BUILTIN_RULE_INFO: Record<string, RuleInfo> = Object.fromEntries(
  BUILTIN_RULES.map((r) => [
    r.id,
    { id: r.id, severity: r.severity, summary: r.summary, docs: `${r.docs.why}\n\n${r.docs.fix}` },
  ]),
);

/** One built-in rule's page, in the shape of a domain rule's page (`gitops explain`). */
export function builtinRulePage(rule: BuiltinRule, heading = '##'): string {
  return docPage(
    {
      ...rule,
      facts: `**${rule.severity}** · built-in check (the \`rules\` settings of .gitops.yaml and suppress annotations do not apply to it)`,
    },
    heading,
  );
}
