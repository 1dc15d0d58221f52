// Small readers shared by rule modules: pod templates, containers, vLLM flags, TPU requests, gateways.
import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { KServeDerived, PodTemplateView, RuleContext } from '../../types.js';
import { allowedRoutesOf, NAMESPACE_NAME_LABEL } from '@inference-gitops/cluster-spec';
import { lookupShape, machineTypesFor, type SliceShape } from '@inference-gitops/tpu-catalog';
import { podTemplates } from '../../model/pods.js';

export const TPU_RESOURCE = 'google.com/tpu';
export const ACCELERATOR_LABEL = 'cloud.google.com/gke-tpu-accelerator';
export const TOPOLOGY_LABEL = 'cloud.google.com/gke-tpu-topology';

export function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function list(v: unknown): Array<Record<string, unknown>> {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!obj(x)) : [];
}

const podCache = new WeakMap<RuleContext, PodTemplateView[]>();
export function pods(ctx: RuleContext): PodTemplateView[] {
  let p = podCache.get(ctx);
  if (!p) {
    p = podTemplates(ctx.resources, ctx.kserve);
    podCache.set(ctx, p);
  }
  return p;
}

export interface ContainerView {
  pod: PodTemplateView;
  container: Record<string, unknown>;
  path: string;
  name: string;
}

export function containers(view: PodTemplateView): ContainerView[] {
  return list(view.spec.containers).map((container, i) => ({
    pod: view,
    container,
    path: `${view.specPath}/containers/${i}`,
    name: String(container.name ?? ''),
  }));
}

/** The TPU request and limit of a container (strings as written), if it asks for TPUs. */
export function tpuOf(c: ContainerView): { request?: string; limit?: string } | undefined {
  const res = obj(c.container.resources);
  const request = obj(res?.requests)?.[TPU_RESOURCE];
  const limit = obj(res?.limits)?.[TPU_RESOURCE];
  if (request === undefined && limit === undefined) return undefined;
  return {
    ...(request !== undefined ? { request: String(request) } : {}),
    ...(limit !== undefined ? { limit: String(limit) } : {}),
  };
}

export function tpuContainers(ctx: RuleContext): ContainerView[] {
  return pods(ctx)
    .flatMap(containers)
    .filter((c) => tpuOf(c) !== undefined);
}

export function nodeSelector(view: PodTemplateView): Record<string, string> {
  return (obj(view.spec.nodeSelector) ?? {}) as Record<string, string>;
}

/** All argument words of a container: command + args, shell strings split into words. */
export function argWords(c: ContainerView): string[] {
  const raw = [
    ...(Array.isArray(c.container.command) ? c.container.command : []),
    ...(Array.isArray(c.container.args) ? c.container.args : []),
  ].map(String);
  return raw.flatMap((a) => a.replace(/\\\n/g, ' ').split(/\s+/)).filter(Boolean);
}

/** A vLLM flag's value from `--flag=value` or `--flag value`; true for a bare flag; undefined if absent. */
export function flag(words: string[], name: string): string | true | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === name) return words[i + 1] !== undefined && !words[i + 1]!.startsWith('--') ? words[i + 1]! : true;
    if (w.startsWith(`${name}=`)) return w.slice(name.length + 1);
  }
  return undefined;
}

/** Index of the argument entry that mentions a flag, for pointing at it. */
export function argPath(c: ContainerView, name: string): string {
  const args = Array.isArray(c.container.args) ? c.container.args.map(String) : [];
  const i = args.findIndex((a) => a.includes(name));
  if (i >= 0) return `${c.path}/args/${i}`;
  const cmd = Array.isArray(c.container.command) ? c.container.command.map(String) : [];
  const j = cmd.findIndex((a) => a.includes(name));
  return j >= 0 ? `${c.path}/command/${j}` : `${c.path}/args`;
}

export function envValue(c: ContainerView, name: string): { value?: string; index: number } | undefined {
  const env = list(c.container.env);
  const index = env.findIndex((e) => e.name === name);
  if (index < 0) return undefined;
  const value = env[index]!.value;
  return { ...(typeof value === 'string' ? { value } : {}), index };
}

/** A container runs vLLM when its image or command says so, or it is KServe's `main`. */
export function isVllm(c: ContainerView): boolean {
  const image = String(c.container.image ?? '');
  // A Ray worker of a multi-host slice runs `ray start` and no server, even in a vLLM image.
  const words = argWords(c);
  if (words.includes('ray') && words.includes('start') && !words.some((w) => /vllm\.|vllm$|^vllm/.test(w)))
    return false;
  return (
    /vllm/i.test(image) ||
    argWords(c).some((w) => /vllm/.test(w)) ||
    (c.pod.controller.startsWith('LLMInferenceService') &&
      c.name === 'main' &&
      c.pod.controller !== 'LLMInferenceService/scheduler')
  );
}

export function finding(
  resource: Resource,
  path: string,
  message: string,
  hint?: string,
  derived?: KServeDerived,
): RuleFinding {
  return {
    resource,
    path,
    message,
    ...(hint ? { hint } : {}),
    ...(derived
      ? {
          derivedFrom: {
            apiVersion: resource.apiVersion,
            kind: resource.kind,
            name: resource.name,
            ...(resource.namespace ? { namespace: resource.namespace } : {}),
          },
        }
      : {}),
  };
}

export function label(r: Resource): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** Gateways in the set, plus the spec's gateway when the set has none of that name. */
export interface GatewayView {
  name: string;
  namespace: string;
  className: string;
  resource?: Resource;
  listeners: Array<Record<string, unknown>>;
}

export function gateways(ctx: RuleContext): GatewayView[] {
  const out: GatewayView[] = ctx.byKind('Gateway', 'gateway.networking.k8s.io').map((g) => {
    const spec = obj(g.object.spec) ?? {};
    return {
      name: g.name,
      namespace: g.namespace ?? 'default',
      className: String(spec.gatewayClassName ?? ''),
      resource: g,
      listeners: list(spec.listeners),
    };
  });
  const s = ctx.spec?.gateway;
  if (s && !out.some((g) => g.name === s.name && g.namespace === s.namespace)) {
    out.push({
      name: s.name,
      namespace: s.namespace,
      className: s.className,
      listeners: s.listeners.map((l) => ({
        name: l.name,
        protocol: l.protocol,
        port: l.port,
        allowedRoutes: allowedRoutesOf(ctx.spec!, l),
      })),
    });
  }
  return out;
}

export function isGkeClass(className: string): boolean {
  return className.startsWith('gke-l7-');
}

/** Is this cluster/target behind GKE's Gateway (a gke-l7 Gateway in the set, or the spec says so)? */
export function onGke(ctx: RuleContext): boolean {
  return ctx.spec?.variant === 'gke-native' || gateways(ctx).some((g) => isGkeClass(g.className));
}

export function listenerAdmits(
  listener: Record<string, unknown>,
  gatewayNamespace: string,
  routeNamespace: string,
): boolean {
  const from = String(obj(obj(listener.allowedRoutes)?.namespaces)?.from ?? 'Same');
  if (from === 'All') return true;
  if (from === 'Same') return gatewayNamespace === routeNamespace;
  // Selector: decided when it reads only kubernetes.io/metadata.name (the namespace's own name); otherwise the
  // namespace labels are not known here, so no failure is guessed.
  const selector = obj(obj(obj(listener.allowedRoutes)?.namespaces)?.selector) ?? {};
  const labels = obj(selector.matchLabels) ?? {};
  const expressions = list(selector.matchExpressions);
  const others =
    Object.keys(labels).some((k) => k !== NAMESPACE_NAME_LABEL) ||
    expressions.some((e) => e.key !== NAMESPACE_NAME_LABEL);
  if (others || (Object.keys(labels).length === 0 && expressions.length === 0)) return true;
  if (NAMESPACE_NAME_LABEL in labels && labels[NAMESPACE_NAME_LABEL] !== routeNamespace) return false;
  return expressions.every((e) => {
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    if (e.operator === 'In') return values.includes(routeNamespace);
    if (e.operator === 'NotIn') return !values.includes(routeNamespace);
    return e.operator === 'Exists';
  });
}

export function syncWave(r: Resource): number {
  const v = obj(obj(r.object.metadata)?.annotations)?.['argocd.argoproj.io/sync-wave'];
  const n = Number.parseInt(String(v ?? '0'), 10);
  return Number.isFinite(n) ? n : 0;
}

export function appSources(app: Resource): Array<{ source: Record<string, unknown>; path: string }> {
  const spec = obj(app.object.spec) ?? {};
  if (Array.isArray(spec.sources))
    return list(spec.sources).map((source, i) => ({ source, path: `/spec/sources/${i}` }));
  const source = obj(spec.source);
  return source ? [{ source, path: '/spec/source' }] : [];
}

/** Pod templates with at least one TPU container, each once. */
export function tpuPods(ctx: RuleContext): PodTemplateView[] {
  return [...new Set(tpuContainers(ctx).map((c) => c.pod))];
}

/** The value at a JSON pointer of an object as written (not as KServe merges it). */
export function valueAt(object: unknown, pointer: string): unknown {
  let node: unknown = object;
  for (const seg of pointer.split('/').slice(1))
    node =
      node && typeof node === 'object'
        ? (node as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')]
        : undefined;
  return node;
}

/** The Service backends (core group) of the route KServe manages for a service, once each, with their port. */
export function routeServiceBackends(k: KServeDerived): Array<{ name: string; port: number; pointer: string }> {
  const seen = new Map<string, { name: string; port: number; pointer: string }>();
  k.route?.rules.forEach((rule, i) =>
    list(rule.backendRefs).forEach((ref, j) => {
      if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '' || typeof ref.name !== 'string') return;
      if (typeof ref.namespace === 'string' && ref.namespace !== k.namespace) return;
      const pointer = k.route!.rulesPath ? `${k.route!.rulesPath}/${i}/backendRefs/${j}` : '/spec/router/route';
      if (!seen.has(ref.name)) seen.set(ref.name, { name: ref.name, port: Number(ref.port ?? 8000), pointer });
    }),
  );
  return [...seen.values()];
}

/** The node label GKE sets to the machine type (a pod may select it to pick one of two shapes of a topology). */
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

/**
 * The slice shape a TPU pod runs on. One topology can exist on two machine types (v6e 2x4: one host of
 * ct6e-standard-8t, or two of ct6e-standard-4t): the machine type the pod selects decides, else the one whose
 * chips per host its TPU request matches, else the catalog's first.
 */
export function podShape(view: PodTemplateView): SliceShape | undefined {
  const sel = nodeSelector(view);
  const accelerator = sel[ACCELERATOR_LABEL];
  const topology = sel[TOPOLOGY_LABEL];
  if (!accelerator || !topology) return undefined;
  const selected = sel[INSTANCE_TYPE_LABEL];
  if (selected) return lookupShape(accelerator, topology, selected) ?? lookupShape(accelerator, topology);
  const shapes = machineTypesFor(accelerator, topology)
    .map((m) => lookupShape(accelerator, topology, m))
    .filter((s): s is SliceShape => s !== undefined);
  const asked = containers(view)
    .map((c) => tpuOf(c))
    .map((t) => Number(t?.request ?? t?.limit ?? 0))
    .find((n) => n > 0);
  return shapes.find((s) => s.chipsPerHost === asked) ?? shapes[0] ?? lookupShape(accelerator, topology);
}

/** Kinds that live outside namespaces (the ones this tree and its platform render). */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
  'RuntimeClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'ClusterIssuer',
  'GatewayClass',
  'ClusterSecretStore',
  'Istio',
  'IstioCNI',
  'ClusterExternalSecret',
]);

/** An Istio AuthorizationPolicy on this Gateway that lets only requests with a principal through. */
export function requiresPrincipal(ctx: RuleContext, g: Resource): boolean {
  return ctx.byKind('AuthorizationPolicy', 'security.istio.io').some((p) => {
    if ((p.namespace ?? 'default') !== (g.namespace ?? 'default')) return false;
    const spec = obj(p.object.spec) ?? {};
    const refs = [...list(spec.targetRefs), ...(obj(spec.targetRef) ? [obj(spec.targetRef)!] : [])];
    if (!refs.some((r) => r.kind === 'Gateway' && r.name === g.name)) return false;
    const action = String(spec.action ?? 'ALLOW');
    const rules = list(spec.rules);
    // ALLOW with every rule requiring a request principal; or DENY of requests without one (notRequestPrincipals ["*"]).
    const needsPrincipal = (r: Record<string, unknown>) =>
      list(r.from).some((f) => (obj(f.source)?.requestPrincipals as unknown[] | undefined)?.length);
    const deniesAnonymous = (r: Record<string, unknown>) =>
      list(r.from).some((f) => ((obj(f.source)?.notRequestPrincipals as unknown[] | undefined) ?? []).includes('*'));
    return action === 'ALLOW'
      ? rules.length > 0 && rules.every(needsPrincipal)
      : action === 'DENY' && rules.some(deniesAnonymous);
  });
}

/**
 * A finding that says "nothing here matches", made a warning when the set cannot know: without the cluster's spec
 * (or its Argo CD tree) the pods or routes may live in files not validated here. Consistent across the rules that
 * look for what a selector or reference names (issue #24, item 5).
 */
export function unlessPartial(ctx: RuleContext, f: RuleFinding): RuleFinding {
  if (ctx.spec || ctx.applicationsOf) return f;
  return {
    ...f,
    severity: 'warning',
    hint: `${f.hint ? `${f.hint} ` : ''}(A warning: without the cluster's spec, what it names may live in files not validated here; validate the cluster, or pass --cluster.)`,
  };
}
