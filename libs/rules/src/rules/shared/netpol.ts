import type { Resource } from '@inference-gitops/core';
import type { PodTemplateView, RuleContext } from '../../types.js';
import { selectorMatches } from '../../model/pods.js';
import { list, obj, pods } from './util.js';

export interface PolicyView {
  policy: Resource;
  namespace: string;
  selector: Record<string, string>;
  hasExpressions: boolean;
  types: string[];
  ingress: Array<Record<string, unknown>>;
  egress: Array<Record<string, unknown>>;
}

export function policies(ctx: RuleContext): PolicyView[] {
  return ctx.byKind('NetworkPolicy', 'networking.k8s.io').map((p) => {
    const spec = obj(p.object.spec) ?? {};
    const ps = obj(spec.podSelector) ?? {};
    const types = Array.isArray(spec.policyTypes)
      ? spec.policyTypes.map(String)
      : ['Ingress', ...(spec.egress ? ['Egress'] : [])];
    return {
      policy: p,
      namespace: p.namespace ?? 'default',
      selector: (obj(ps.matchLabels) ?? {}) as Record<string, string>,
      hasExpressions: list(ps.matchExpressions).length > 0,
      types,
      ingress: list(spec.ingress),
      egress: list(spec.egress),
    };
  });
}

export function podsSelected(ctx: RuleContext, p: PolicyView): PodTemplateView[] {
  return pods(ctx).filter(
    (v) => (v.owner.namespace ?? 'default') === p.namespace && selectorMatches(p.selector, v.labels),
  );
}

/**
 * Does a policy rule's peer list (from/to) admit the pods with these labels in `namespace`? An empty
 * list admits everything. A namespaceSelector is judged by its kubernetes.io/metadata.name label when
 * it has one (other namespace labels cannot be known offline, so they admit).
 */
export function peersAdmit(peers: unknown, labels: Record<string, string> | 'gateway', namespace?: string): boolean {
  const list_ = list(peers);
  if (!Array.isArray(peers) || peers.length === 0) return true;
  return list_.some((peer) => {
    if (peer.ipBlock) return true;
    if (labels === 'gateway') return peer.namespaceSelector !== undefined || peer.podSelector !== undefined;
    const ns = obj(peer.namespaceSelector);
    if (ns) {
      const name = (obj(ns.matchLabels) ?? {})['kubernetes.io/metadata.name'];
      if (name !== undefined && namespace !== undefined && name !== namespace) return false;
    }
    const ps = obj(peer.podSelector);
    return ps ? selectorMatches((obj(ps.matchLabels) ?? {}) as Record<string, string>, labels) : true;
  });
}

export function portsAdmit(ports: unknown, port: number, protocol = 'TCP'): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return list(ports).some(
    (p) => (p.port === undefined || Number(p.port) === port) && String(p.protocol ?? 'TCP') === protocol,
  );
}

/** Pods whose ingress (or egress) is isolated by some policy selecting them. */
export function isolated(ctx: RuleContext, view: PodTemplateView, type: 'Ingress' | 'Egress'): PolicyView[] {
  return policies(ctx).filter(
    (p) =>
      p.types.includes(type) &&
      (view.owner.namespace ?? 'default') === p.namespace &&
      selectorMatches(p.selector, view.labels),
  );
}
