import type { RuleFinding } from '@inference-gitops/core';
import type { Rule, RuleContext } from '../types.js';
import { containers, gateways, list, obj, onGke } from './shared/util.js';
import { podsSelected, policies, type PolicyView } from './shared/netpol.js';
import { VLLM_PORT } from '../model/kserve.js';

/** Ports that serve inference whatever pods a policy selects: vLLM and the EPP's ext_proc. */
export const SERVING_PORTS: ReadonlyArray<{ port: number; what: string }> = [
  { port: VLLM_PORT, what: 'vLLM' },
  { port: 9002, what: 'EPP ext_proc' },
];

/** Google Cloud health-check probe ranges (load-balancing/docs/health-check-concepts#ip-ranges). */
export const GOOGLE_HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'] as const;

/** A CIDR with prefix length 0 (0.0.0.0/0, ::/0, or any address written with /0) is every address. */
export function isWorldCidr(cidr: unknown): boolean {
  return typeof cidr === 'string' && /\/0+$/.test(cidr.trim());
}

interface PodPort {
  port: number;
  name?: string;
  protocol: string;
}

function podPorts(ctx: RuleContext, p: PolicyView): PodPort[] {
  const out: PodPort[] = [];
  for (const view of podsSelected(ctx, p))
    for (const c of containers(view))
      for (const port of list(c.container.ports)) {
        const n = Number(port.containerPort);
        if (!Number.isInteger(n)) continue;
        out.push({
          port: n,
          ...(typeof port.name === 'string' ? { name: port.name } : {}),
          protocol: String(port.protocol ?? 'TCP'),
        });
      }
  return out;
}

/**
 * The serving ports an ingress rule admits: 'any' when it is not restricted to ports (or a TCP entry
 * has no port), else the vLLM/EPP ports and the selected pods' own ports it covers, as labels.
 */
export function servingPortsAdmitted(ports: unknown, pods: PodPort[]): 'any' | string[] {
  if (!Array.isArray(ports) || ports.length === 0) return 'any';
  const labels = new Set<string>();
  for (const entry of list(ports)) {
    const protocol = String(entry.protocol ?? 'TCP');
    const suffix = protocol === 'TCP' ? '' : `/${protocol}`;
    // The ports worth protecting for this protocol, each once: vLLM and EPP first, then the pods' own.
    const known = new Map<number, string>();
    if (protocol === 'TCP') for (const s of SERVING_PORTS) known.set(s.port, `${s.port} (${s.what})`);
    for (const pp of pods) if (pp.protocol === protocol && !known.has(pp.port)) known.set(pp.port, String(pp.port));
    if (entry.port === undefined || entry.port === null) {
      if (protocol === 'TCP') return 'any';
      for (const label of known.values()) labels.add(`${label}${suffix}`);
      continue;
    }
    if (typeof entry.port === 'string' && !/^\d+$/.test(entry.port)) {
      const named = pods.find((pp) => pp.name === entry.port && pp.protocol === protocol);
      if (named) labels.add(`${entry.port} (${named.port})${suffix}`);
      continue;
    }
    const from = Number(entry.port);
    const to = entry.endPort !== undefined && entry.endPort !== null ? Number(entry.endPort) : from;
    for (const [port, label] of known) if (port >= from && port <= to) labels.add(`${label}${suffix}`);
  }
  return [...labels];
}

function hint(ctx: RuleContext): string {
  const gcp = ctx.spec?.gcp as { region?: string; proxyOnlySubnet?: string } | undefined;
  const subnet = gcp?.proxyOnlySubnet
    ? `${gcp.proxyOnlySubnet} (gcp.proxyOnlySubnet, the proxy-only subnet of ${gcp.region ?? 'the region'})`
    : `the proxy-only subnet of ${gcp?.region ?? 'the region'} (\`gcloud compute networks subnets list --filter=purpose=REGIONAL_MANAGED_PROXY\`)`;
  const gke = `on GKE admit only ${subnet}, where the Gateway's Envoy proxies connect from, and Google's health-check ranges ${GOOGLE_HEALTH_CHECK_RANGES.join(' and ')}`;
  const istio =
    'on Istio admit the gateway pods with a namespaceSelector (kubernetes.io/metadata.name: <gateway ' +
    "namespace>) and a podSelector for the gateway's labels in the same peer";
  const isIstio = ctx.spec?.variant === 'istio' || gateways(ctx).some((g) => g.className === 'istio');
  if (onGke(ctx) && !isIstio) return `Replace it: ${gke}.`;
  if (isIstio && !onGke(ctx)) return `Replace it: ${istio}.`;
  return `Replace it: ${gke}; ${istio}.`;
}

export const rule: Rule = {
  id: 'networkpolicy-world-open',
  severity: 'error',
  summary:
    'No NetworkPolicy ingress rule admits a serving port (any port, 8000, 9002 or a port of the selected ' +
    'pods) from 0.0.0.0/0, ::/0 or, having no `from`, from everyone.',
  docs: {
    why:
      'NetworkPolicies are additive: one ingress rule that admits a port from `ipBlock` 0.0.0.0/0 (or ' +
      '::/0), or that has no `from` at all (which matches all sources), opens that port of the selected ' +
      "pods to every address the network routes there, and so cancels the namespace's default-deny for " +
      'the model server (vLLM 8000) or the EPP (9002). Allowing the GKE Gateway this way "because its ' +
      'proxies are not pods" lets in every other client of the VPC, and the internet wherever the pod ' +
      'network is reachable. Egress rules are not checked.',
    fix:
      "On GKE, admit the region's proxy-only subnet (the source of every connection from the regional " +
      "Gateway's Envoy proxies) and Google's health-check probe ranges 35.191.0.0/16 and 130.211.0.0/22, " +
      'each as an `ipBlock`. On Istio, admit the gateway pods with one peer that has both a ' +
      '`namespaceSelector` (kubernetes.io/metadata.name of the gateway namespace) and a `podSelector`. ' +
      'Always give ingress rules a `from`.',
    source:
      'Kubernetes NetworkPolicy docs ' +
      '(https://kubernetes.io/docs/concepts/services-networking/network-policies/; ' +
      'NetworkPolicyIngressRule.from: "If this field is empty or missing, this rule matches all sources"); ' +
      'GKE/Cloud Load Balancing proxy-only subnets ' +
      '(https://cloud.google.com/load-balancing/docs/proxy-only-subnets: packets from the proxies to ' +
      'backends have a source address in the proxy-only subnet); health-check probe ranges ' +
      '(https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges, also listed in ' +
      'https://cloud.google.com/load-balancing/docs/firewall-rules); seed-repo INV-N3, X-4.',
  },
  kinds: ['NetworkPolicy'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const p of policies(ctx)) {
      if (!p.types.includes('Ingress')) continue;
      const ingress = (obj(p.policy.object.spec) ?? {}).ingress;
      if (!Array.isArray(ingress)) continue;
      let pods: PodPort[] | undefined;
      for (let i = 0; i < ingress.length; i++) {
        const r = obj(ingress[i]);
        if (!r) continue;
        pods ??= podPorts(ctx, p);
        const admitted = servingPortsAdmitted(r.ports, pods);
        if (admitted !== 'any' && admitted.length === 0) continue;
        const portText =
          admitted === 'any' ? 'any port' : `${admitted.length > 1 ? 'ports' : 'port'} ${admitted.join(', ')}`;
        const what = `NetworkPolicy ${p.policy.name} admits ${portText}`;
        const tail = 'which cancels default-deny for the model server';
        if (!Array.isArray(r.from) || r.from.length === 0) {
          out.push({
            resource: p.policy,
            path: `/spec/ingress/${i}`,
            message: `${what} from every source (ingress rule ${i} has no \`from\`), ${tail}`,
            hint: hint(ctx),
          });
          continue;
        }
        r.from.forEach((rawPeer: unknown, j: number) => {
          const block = obj(obj(rawPeer)?.ipBlock);
          if (!block || !isWorldCidr(block.cidr)) return;
          const except =
            Array.isArray(block.except) && block.except.length > 0
              ? ` (except ${block.except.map(String).join(', ')})`
              : '';
          out.push({
            resource: p.policy,
            path: `/spec/ingress/${i}/from/${j}/ipBlock/cidr`,
            message: `${what} from ipBlock ${String(block.cidr).trim()}${except}, i.e. from any address, ${tail}`,
            hint: hint(ctx),
          });
        });
      }
    }
    return out;
  },
};
