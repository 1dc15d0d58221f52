// Contracts of the rule engine. Rule modules depend on these types only.
import type { Resource, RuleFinding, RuleMeta, Severity } from '@inference-gitops/core';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): RuleFinding[];
}

/** Everything a rule may look at: one cluster's (or one target's) resource set plus context. */
export interface RuleContext {
  /** Every resource rendered for this cluster or target. */
  readonly resources: readonly Resource[];
  /** The cluster spec, when the target is a cluster or --cluster was given. */
  readonly spec?: ClusterSpec;
  /** Environment used for severities (from the spec; "dev" when unknown). */
  readonly environment: 'dev' | 'staging' | 'prod';
  /** The repository, when validating a cluster of this repo (for Application source checks). */
  readonly repo?: { root: string; repoURLs: string[] };
  /** The Argo CD Applications that render a resource, when a cluster is validated through its tree. */
  readonly applicationsOf?: (resource: Resource) => string[];
  /** What KServe will create from each LLMInferenceService in `resources`. */
  readonly kserve: readonly KServeDerived[];
  /** The KServe release whose presets and controller `kserve` models (the platform's versions.kserve). */
  readonly kserveRelease: string;
  /** Resources of a kind (optionally an apiVersion group), in input order. */
  byKind(kind: string, group?: string): Resource[];
  /**
   * Says the running rule could not judge part of the set (it is listed as skipped with the reason):
   * for cross-object checks on a set that cannot know, e.g. one InferencePool file without its workloads.
   */
  skip(reason: string): void;
  /** One resource by kind, namespace and name (namespace undefined = any). */
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
}

/** A pod template as the scheduler will see it, wherever it is written. */
export interface PodTemplateView {
  /** The resource that declares it (a Deployment, an LLMInferenceService, an LWS ...). */
  owner: Resource;
  /** JSON pointer of the PodSpec inside `owner.object` (e.g. /spec/template/spec, /spec/template). */
  specPath: string;
  /** The PodSpec itself. */
  spec: Record<string, unknown>;
  /** Labels the running pods will carry (for KServe-made pods: the labels KServe sets). */
  labels: Record<string, string>;
  /** Pods per group (1 unless LWS/worker), and groups (replicas). */
  podsPerReplica: number;
  replicas: number;
  /** How the pods are run. */
  controller:
    | 'Deployment'
    | 'StatefulSet'
    | 'DaemonSet'
    | 'Job'
    | 'Pod'
    | 'LeaderWorkerSet'
    | 'LLMInferenceService'
    | 'LLMInferenceService/worker'
    | 'LLMInferenceService/scheduler'
    | 'JobSet';
  /** Set when KServe creates the pods from an LLMInferenceService. */
  derived?: boolean;
  /** For KServe-made pods: the presets and baseRefs merged under the service's own spec. */
  presets?: string[];
}

/** The objects KServe (odh v0.15 / release-v0.15 presets) creates from one LLMInferenceService. */
export interface KServeDerived {
  service: Resource;
  /** The spec KServe runs: the service merged over its presets and baseRefs (model/presets/effective.ts). */
  effective: Record<string, unknown>;
  /** Presets and baseRefs merged in, in order. */
  presets: string[];
  /** Configs KServe would merge that resolve to nothing: baseRefs, and presets the release does not ship. */
  missingBaseRefs: string[];
  name: string;
  namespace: string;
  /** Model server pods (template/worker merged with the preset as far as labels and TPU matter). */
  workloadPods: PodTemplateView[];
  /** `<name>-kserve-workload-svc`: port 8000, port name https, appProtocol https. */
  workloadService: {
    name: string;
    namespace: string;
    port: number;
    appProtocol: string;
    selector: Record<string, string>;
  };
  /** `<name>-kserve-route`, unless `router.route.http.refs` brings one; null when no route is managed. */
  route: null | {
    name: string;
    namespace: string;
    parentRefs: Array<{ name: string; namespace: string; sectionName?: string }>;
    /** Rules as they will be applied (the preset's, or `router.route.http.spec.rules` when given). */
    rules: Array<Record<string, unknown>>;
    /** JSON pointer in the LLMInferenceService where the rules come from ("" when from the preset). */
    rulesPath: string;
    fromPreset: boolean;
  };
  /** Gateways the route attaches to (router.gateway.refs, or the default from inferenceservice-config). */
  gatewayRefs: Array<{ name: string; namespace: string; explicit: boolean }>;
  /** InferencePools KServe writes (x-k8s.io v1alpha2 and its k8s.io v1 mirror), unless pool.ref is used. */
  pools: Array<{
    group: string;
    version: string;
    name: string;
    namespace: string;
    selector: Record<string, string>;
    targetPort: number;
    eppService: string;
  }>;
  /** The EPP scheduler, when router.scheduler is set and no pool.ref. */
  scheduler: null | { deploymentName: string; serviceName: string; labels: Record<string, string>; ports: number[] };
  /** Every object name KServe derives (for the 63-character check and ownership checks). */
  childNames: Array<{ kind: string; name: string }>;
}

export type SeverityFor = (rule: RuleMeta) => Severity;
