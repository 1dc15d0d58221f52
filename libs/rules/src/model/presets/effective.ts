// The LLMInferenceService KServe will actually run: the service merged over the well-known presets it
// names or defaults to, then over its own baseRefs, with the Go templates KServe renders substituted.
// Source: opendatahub-io/kserve odh-v3.4-EA1 pkg/controller/llmisvc/config_merge.go (preset choice and
// order), config/llmisvc/*.yaml (the presets, pinned in schemas/lock.yaml).
import type { Resource } from '@inference-gitops/core';
import compiled from './kserve-presets.json' with { type: 'json' };
import { strategicMerge } from './merge.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export const PRESETS: Readonly<Record<string, Obj>> = (compiled as { presets: Record<string, Obj> }).presets;
export const PRESET_RELEASE: string = (compiled as { release: string }).release;

/** `ingress.kserveIngressGateway` of the odh-xks inferenceservice-config (`$(NAMESPACE)/inference-gateway`). */
export const GLOBAL_GATEWAY = { name: 'inference-gateway', namespace: 'opendatahub' } as const;

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
): EffectiveService & { missing: string[] } {
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
    const base = config && isObj(config.object.spec) ? config.object.spec : PRESETS[name];
    if (!base) {
      missing.push(name);
      continue;
    }
    spec = strategicMerge(spec, base);
    bases.push(name);
  }
  spec = strategicMerge(spec, own);
  return { spec: substitute(spec, service) as Obj, bases, missing };
}

/** The Go template expressions the presets use, as KServe renders them for this service. */
function substitute(value: unknown, service: Resource): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    const model = isObj(service.object.spec) && isObj(service.object.spec.model) ? service.object.spec.model : {};
    return value
      .replace(/\{\{\s*ChildName \.ObjectMeta\.Name `([^`]*)`\s*\}\}/g, (_, suffix: string) => service.name + suffix)
      .replace(/\{\{\s*\.ObjectMeta\.Name\s*\}\}/g, service.name)
      .replace(/\{\{\s*\.ObjectMeta\.Namespace\s*\}\}/g, service.namespace ?? 'default')
      .replace(/\{\{\s*\.Spec\.Model\.Name\s*\}\}/g, typeof model.name === 'string' ? model.name : service.name)
      .replace(/\{\{\s*\.GlobalConfig\.IngressGatewayName\s*\}\}/g, GLOBAL_GATEWAY.name)
      .replace(/\{\{\s*\.GlobalConfig\.IngressGatewayNamespace\s*\}\}/g, GLOBAL_GATEWAY.namespace);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, service));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, service)]));
  return value;
}
