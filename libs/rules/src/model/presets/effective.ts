// The LLMInferenceService KServe will actually run: the service merged over the well-known presets it
// names or defaults to, then over its own baseRefs, with the Go templates KServe renders substituted.
// Source: opendatahub-io/kserve odh-v3.4-EA1 pkg/controller/llmisvc/config_merge.go (preset choice and
// order), config/llmisvc/*.yaml (the presets, pinned in schemas/lock.yaml); kserve/kserve v0.20.0
// config/llmisvcconfig/*.yaml for community KServe, whose presets branch on `.GlobalConfig.EnableTLS`.
import type { Resource } from '@inference-gitops/core';
import odh from './kserve-presets-odh-v3.4-EA1.json' with { type: 'json' };
import upstream from './kserve-presets-v0.20.0.json' with { type: 'json' };
import { strategicMerge } from './merge.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** What a KServe release runs for every service: its presets and the inferenceservice-config it installs with. */
export interface KServeRelease {
  release: string;
  presets: Readonly<Record<string, Obj>>;
  /** `ingress.kserveIngressGateway`: the Gateway a route without refs attaches to. */
  gateway: { name: string; namespace: string };
  /** `ingress.enableLLMInferenceServiceTLS` (community KServe; the ODH build always serves TLS). */
  enableTLS: boolean;
  /** `.GlobalConfig.ModelBasedRoutingHeaderName`. */
  modelRoutingHeader: string;
  /** Whether it always writes the inference.networking.x-k8s.io v1alpha2 InferencePool (besides the v1 one). */
  writesAlphaPool: boolean;
  /** The appProtocol of `<name>-kserve-workload-svc`, the preset route's catch-all backend. */
  workloadAppProtocol: 'http' | 'https';
}

const RELEASES: Readonly<Record<string, KServeRelease>> = {
  // odh-xks inferenceservice-config: `$(NAMESPACE)/inference-gateway` in namespace opendatahub.
  'odh-v3.4-EA1': {
    release: odh.release,
    presets: odh.presets as Record<string, Obj>,
    gateway: { name: 'inference-gateway', namespace: 'opendatahub' },
    enableTLS: true,
    modelRoutingHeader: 'X-Gateway-Model-Name',
    writesAlphaPool: true,
    // Hard-coded: odh pkg/controller/llmisvc/workload.go reconcileWorkloadService.
    workloadAppProtocol: 'https',
  },
  // kserve/kserve v0.20.0 config/configmap/inferenceservice.yaml: kserve/kserve-ingress-gateway, TLS off by default
  // (research platform-versions.md 4).
  'v0.20.0': {
    release: upstream.release,
    presets: upstream.presets as Record<string, Obj>,
    gateway: { name: 'kserve-ingress-gateway', namespace: 'kserve' },
    enableTLS: false,
    modelRoutingHeader: 'X-Gateway-Model-Name',
    // Only where its CRD exists (pkg/controller/v1alpha2/llmisvc/scheduler.go reconcileV1Alpha2InferencePool).
    writesAlphaPool: false,
    // http unless EnableTLS (pkg/controller/v1alpha2/llmisvc/workload.go reconcileWorkloadService).
    workloadAppProtocol: 'http',
  },
};

/** The release the committed clusters run, and the model's default. */
export const DEFAULT_KSERVE_RELEASE = 'odh-v3.4-EA1';

/** A release's presets and global config (the default release for one the model does not know). */
export function kserveRelease(release: string | undefined): KServeRelease {
  return (release && RELEASES[release]) || RELEASES[DEFAULT_KSERVE_RELEASE]!;
}

/** The KServe releases whose presets are compiled in. */
export const KSERVE_RELEASES: readonly string[] = Object.keys(RELEASES);

export const PRESETS: Readonly<Record<string, Obj>> = kserveRelease(DEFAULT_KSERVE_RELEASE).presets;
export const PRESET_RELEASE: string = DEFAULT_KSERVE_RELEASE;

/** `ingress.kserveIngressGateway` of the odh-xks inferenceservice-config (`$(NAMESPACE)/inference-gateway`). */
export const GLOBAL_GATEWAY = kserveRelease(DEFAULT_KSERVE_RELEASE).gateway;

export interface EffectiveService {
  /** The merged spec. */
  spec: Obj;
  /** The presets and baseRefs merged in, in order. */
  bases: string[];
}

/** The well-known presets KServe merges under a service, by what its spec holds. */
export function presetsFor(spec: Obj): string[] {
  const out: string[] = [];
  const worker = isObj(spec.worker);
  const prefill = isObj(spec.prefill);
  const p = isObj(spec.parallelism) ? spec.parallelism : {};
  const data = p.data !== undefined || p.dataLocal !== undefined;
  // KServe looks the pipeline-parallel presets up by name even though this release ships none.
  const multi = data ? 'data-parallel' : p.pipeline !== undefined ? 'pipeline-parallel' : undefined;
  if (prefill) {
    out.push(
      isObj((spec.prefill as Obj).worker)
        ? `kserve-config-llm-prefill-worker-${multi ?? 'data-parallel'}`
        : 'kserve-config-llm-prefill-template',
    );
    out.push(worker && multi ? `kserve-config-llm-decode-worker-${multi}` : 'kserve-config-llm-decode-template');
  } else out.push(worker && multi ? `kserve-config-llm-worker-${multi}` : 'kserve-config-llm-template');
  const router = isObj(spec.router) ? spec.router : undefined;
  const scheduler = isObj(router?.scheduler) ? (router!.scheduler as Obj) : undefined;
  if (scheduler && !(isObj(scheduler.pool) && isObj((scheduler.pool as Obj).ref)))
    out.push('kserve-config-llm-scheduler');
  const route = isObj(router?.route) ? (router!.route as Obj) : undefined;
  const http = isObj(route?.http) ? (route!.http as Obj) : undefined;
  if (route && !(Array.isArray(http?.refs) && http!.refs.length > 0)) out.push('kserve-config-llm-router-route');
  return out;
}

/**
 * Merges `service` over its presets and baseRefs. baseRefs resolve to LLMInferenceServiceConfigs of the
 * validated set (same namespace first) or to a well-known preset; unknown ones are listed in `missing`.
 */
export function effectiveSpec(
  service: Resource,
  configs: readonly Resource[] = [],
  release: string = DEFAULT_KSERVE_RELEASE,
): EffectiveService & { missing: string[] } {
  const kserve = kserveRelease(release);
  const own = isObj(service.object.spec) ? service.object.spec : {};
  const missing: string[] = [];
  const bases: string[] = [];
  let spec: unknown = {};
  // The presets the shape picks, then the baseRefs; each looked up in the set first (service namespace
  // first), as KServe looks in the cluster, then among the release's well-known presets.
  const refs = (Array.isArray(own.baseRefs) ? own.baseRefs : [])
    .map((ref) => (isObj(ref) && typeof ref.name === 'string' ? ref.name : undefined))
    .filter((n): n is string => n !== undefined);
  for (const name of [...presetsFor(own), ...refs]) {
    const config =
      configs.find((c) => c.name === name && c.namespace === service.namespace) ?? configs.find((c) => c.name === name);
    const base = config && isObj(config.object.spec) ? config.object.spec : kserve.presets[name];
    if (!base) {
      missing.push(name);
      continue;
    }
    spec = strategicMerge(spec, base);
    bases.push(name);
  }
  spec = strategicMerge(spec, own);
  return { spec: substitute(spec, service, kserve) as Obj, bases, missing };
}

/** `{{ if .GlobalConfig.EnableTLS }}A{{ else }}B{{ end }}` (the only branch the presets take on global config). */
const TLS_BRANCH =
  /\{\{-?\s*if \.GlobalConfig\.EnableTLS\s*-?\}\}([\s\S]*?)(?:\{\{-?\s*else\s*-?\}\}([\s\S]*?))?\{\{-?\s*end\s*-?\}\}/g;

/** The Go template expressions the presets use, as KServe renders them for this service. */
function substitute(value: unknown, service: Resource, kserve: KServeRelease): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    const model = isObj(service.object.spec) && isObj(service.object.spec.model) ? service.object.spec.model : {};
    return value
      .replace(TLS_BRANCH, (_, yes: string, no: string | undefined) => (kserve.enableTLS ? yes : (no ?? '')))
      .replace(/\{\{\s*ChildName \.ObjectMeta\.Name `([^`]*)`\s*\}\}/g, (_, suffix: string) => service.name + suffix)
      .replace(/\{\{\s*\.ObjectMeta\.Name\s*\}\}/g, service.name)
      .replace(/\{\{\s*\.ObjectMeta\.Namespace\s*\}\}/g, service.namespace ?? 'default')
      .replace(/\{\{\s*\.Spec\.Model\.Name\s*\}\}/g, typeof model.name === 'string' ? model.name : service.name)
      .replace(/\{\{\s*\.GlobalConfig\.IngressGatewayName\s*\}\}/g, kserve.gateway.name)
      .replace(/\{\{\s*\.GlobalConfig\.IngressGatewayNamespace\s*\}\}/g, kserve.gateway.namespace)
      .replace(/\{\{\s*\.GlobalConfig\.ModelBasedRoutingHeaderName\s*\}\}/g, kserve.modelRoutingHeader);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, service, kserve));
  if (isObj(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, service, kserve)]));
  return value;
}
