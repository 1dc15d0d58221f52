// Kinds the @kubernetes-models packages ship validators for (Gateway API, Argo CD, GKE, cert-manager,
// Istio, External Secrets): the fallback when no CRD or JSON schema of the kind is known.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** API group -> the package that models it. */
const PACKAGES: Record<string, string> = {
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
  'argoproj.io': '@kubernetes-models/argo-cd',
  'networking.gke.io': '@kubernetes-models/gke',
  'cloud.google.com': '@kubernetes-models/gke',
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'acme.cert-manager.io': '@kubernetes-models/cert-manager',
  'networking.istio.io': '@kubernetes-models/istio',
  'security.istio.io': '@kubernetes-models/istio',
  'telemetry.istio.io': '@kubernetes-models/istio',
  'external-secrets.io': '@kubernetes-models/external-secrets',
};

type ModelClass = { new (data: unknown): { validate(): void } };
const cache = new Map<string, ModelClass | null>();

export function thirdPartyModel(apiVersion: string, kind: string): ModelClass | undefined {
  const k = `${apiVersion}|${kind}`;
  if (!cache.has(k)) {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    // Config Connector kinds (*.cnrm.cloud.google.com) are modelled by @kubernetes-models/gke too.
    const pkg = PACKAGES[group] ?? (group.endsWith('.cnrm.cloud.google.com') ? '@kubernetes-models/gke' : undefined);
    let model: ModelClass | null = null;
    if (pkg) {
      try {
        const mod = require(`${pkg}/${apiVersion}`) as Record<string, unknown>;
        if (typeof mod[kind] === 'function') model = mod[kind] as ModelClass;
      } catch {
        model = null;
      }
    }
    cache.set(k, model);
  }
  return cache.get(k) ?? undefined;
}
