// Spec checks about what reaches the pods on GKE: network sources and registry credentials.
import type { Finding, Severity } from '@inference-gitops/core';
import type { ClusterSpec } from './types.js';

type At = (pointer: string, message: string, hint?: string, severity?: Severity) => Finding;

/** Registries whose images GKE nodes cannot pull without credentials. */
export const CREDENTIALED_REGISTRIES = ['registry.redhat.io', 'registry.connect.redhat.com'] as const;

export function registryOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'docker.io';
}

export function deliveryChecks(spec: ClusterSpec, at: At): Finding[] {
  const out: Finding[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (spec.variant === 'gke-native' && isObj(spec.gcp) && typeof spec.gcp.proxyOnlySubnet !== 'string') {
    out.push(
      at(
        '/gcp',
        "the gke-native variant needs gcp.proxyOnlySubnet: the Gateway's proxies reach the model servers " +
          "from it, and the NetworkPolicies admit only it and Google's health-check ranges",
        'Add proxyOnlySubnet: <CIDR> under gcp (gcloud compute networks subnets list --filter=purpose=REGIONAL_MANAGED_PROXY).',
      ),
    );
  }
  const pullSecret = isObj(spec.secrets) && isObj(spec.secrets.imagePull);
  const endpoints = Array.isArray(spec.endpoints) ? spec.endpoints : [];
  endpoints.forEach((ep, i) => {
    if (!isObj(ep) || typeof ep.image !== 'string' || pullSecret) return;
    const registry = registryOf(ep.image);
    if ((CREDENTIALED_REGISTRIES as readonly string[]).includes(registry)) {
      out.push(
        at(
          `/endpoints/${i}/image`,
          `image "${ep.image}" comes from ${registry}, which needs credentials, but secrets.imagePull is not set: the pods would end in ImagePullBackOff`,
          'Set secrets.imagePull (a kubernetes.io/dockerconfigjson Secret in each endpoint namespace), or use an image from a public registry.',
        ),
      );
    }
  });
  return out;
}
