// API versions the Kubernetes API server no longer serves at the embedded version (1.32). The typings of
// kubernetes-models still know some of them; the server answers "no matches for kind". Source:
// kubernetes.io/docs/reference/using-api/deprecation-guide (removed in 1.16, 1.22, 1.25, 1.26, 1.27, 1.29).

/** `group/version` -> the release that removed it and what to use instead (per kind where it differs). */
export const REMOVED_APIS: Record<string, { removedIn: string; use: string | Record<string, string> }> = {
  'extensions/v1beta1': {
    removedIn: '1.16 (Ingress: 1.22)',
    use: {
      Ingress: 'networking.k8s.io/v1',
      NetworkPolicy: 'networking.k8s.io/v1',
      PodSecurityPolicy: 'none (Pod Security Admission)',
      default: 'apps/v1',
    },
  },
  'apps/v1beta1': { removedIn: '1.16', use: 'apps/v1' },
  'apps/v1beta2': { removedIn: '1.16', use: 'apps/v1' },
  'apiextensions.k8s.io/v1beta1': { removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1': { removedIn: '1.22', use: 'admissionregistration.k8s.io/v1' },
  'apiregistration.k8s.io/v1beta1': { removedIn: '1.22', use: 'apiregistration.k8s.io/v1' },
  'authentication.k8s.io/v1beta1': { removedIn: '1.22', use: 'authentication.k8s.io/v1' },
  'authorization.k8s.io/v1beta1': { removedIn: '1.22', use: 'authorization.k8s.io/v1' },
  'certificates.k8s.io/v1beta1': { removedIn: '1.22', use: 'certificates.k8s.io/v1' },
  'coordination.k8s.io/v1beta1': { removedIn: '1.22', use: 'coordination.k8s.io/v1' },
  'networking.k8s.io/v1beta1': { removedIn: '1.22', use: 'networking.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1': { removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { removedIn: '1.22', use: 'scheduling.k8s.io/v1' },
  'storage.k8s.io/v1beta1': { removedIn: '1.22 (CSIStorageCapacity: 1.27)', use: 'storage.k8s.io/v1' },
  'batch/v1beta1': { removedIn: '1.25', use: 'batch/v1' },
  'discovery.k8s.io/v1beta1': { removedIn: '1.25', use: 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1': { removedIn: '1.25', use: 'events.k8s.io/v1' },
  'node.k8s.io/v1beta1': { removedIn: '1.25', use: 'node.k8s.io/v1' },
  'policy/v1beta1': {
    removedIn: '1.25',
    use: { PodSecurityPolicy: 'none (Pod Security Admission)', default: 'policy/v1' },
  },
  'autoscaling/v2beta1': { removedIn: '1.25', use: 'autoscaling/v2' },
  'autoscaling/v2beta2': { removedIn: '1.26', use: 'autoscaling/v2' },
  'flowcontrol.apiserver.k8s.io/v1beta1': { removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
};

/** What replaces a removed apiVersion for a kind, or undefined when the version is served. */
export function removedApi(apiVersion: string, kind: string): { removedIn: string; use: string } | undefined {
  const removed = REMOVED_APIS[apiVersion];
  if (!removed) return undefined;
  const use = typeof removed.use === 'string' ? removed.use : (removed.use[kind] ?? removed.use.default ?? '');
  return { removedIn: removed.removedIn, use };
}
