/**
 * What the Kubernetes API server's native (hand-written) validation refuses, decided from the manifest alone: the
 * checks an OpenAPI schema check (kubeconform) misses. Pure: no cluster, no I/O. One family per file:
 * - metadata.ts: names by kind, generateName, namespace, labels, annotations, finalizers, ownerReferences;
 * - selectors.ts: label selectors; workloads.ts: selector <-> template labels, restartPolicy, where pod specs live;
 * - pod-spec.ts: containers, volumes, mounts, env, ports, resources (quantity.ts), probes, lifecycle, tolerations;
 *   pod-spec-extras.ts: affinity, topology spread, DNS, security contexts and the other scalar PodSpec fields;
 * - config-data.ts: ConfigMap and Secret; service.ts: Service; network-policy.ts: NetworkPolicy;
 * - disruption-budget.ts: PodDisruptionBudget; size.ts: last-applied-configuration and request size;
 * - rbac.ts: Role and ClusterRole rules; RoleBinding and ClusterRoleBinding, after the defaults of defaults.ts;
 * - autoscaling-storage.ts: HorizontalPodAutoscaler replica bounds, PersistentVolumeClaim access modes and size;
 * - service-types.ts: a Service's type-specific fields (ExternalName, clusterIPs, traffic policies, load balancers);
 * - ingress.ts: Ingress rules, paths, backends and TLS, IngressClass;
 * - workload-specs.ts: StatefulSet and DaemonSet update strategies, Job and CronJob fields (cron schedule, time zone).
 */
import { checkConfigMap, checkSecret } from './config-data.js';
import { checkPodDisruptionBudget } from './disruption-budget.js';
import { checkObjectMeta, kindOf } from './metadata.js';
import { checkNetworkPolicy } from './network-policy.js';
import { Report, asArr, isObj, ptr, type ApiViolation, type Obj } from './report.js';
import { checkService } from './service.js';
import { checkHorizontalPodAutoscaler, checkPersistentVolumeClaim } from './autoscaling-storage.js';
import { builtinDefaults } from './defaults.js';
import { checkRole, checkRoleBinding } from './rbac.js';
import { checkSize } from './size.js';
import { checkWorkload } from './workloads.js';
import { checkIngress, checkIngressClass } from './ingress.js';
import { checkServiceType } from './service-types.js';
import { checkWorkloadSpecs } from './workload-specs.js';

export type { ApiViolation } from './report.js';
export { parseQuantity, compareQuantities, type Quantity } from './quantity.js';
export { parseCidr } from './network-policy.js';
export { builtinDefaults } from './defaults.js';

export interface ApiValidationOptions {
  /**
   * The object is applied client-side (kubectl apply, or Argo CD without ServerSideApply=true), so it must also fit
   * in the last-applied-configuration annotation.
   */
  clientSideApply?: boolean;
  /** Whether the kind is namespaced, when known: a cluster-scoped object's namespace is ignored by the server. */
  namespaced?: boolean;
}

/** Native validation of one object. `namespaced` tells whether the kind is namespaced when known. */
export function apiValidation(object: Record<string, unknown>, options: ApiValidationOptions = {}): ApiViolation[] {
  const k = kindOf(object);
  // A v1 List is split by kubectl into its items.
  if (k.kind.endsWith('List') && Array.isArray(object.items)) {
    const out: ApiViolation[] = [];
    asArr(object.items).forEach((item, i) => {
      if (!isObj(item)) return;
      for (const v of apiValidation(item, { ...options, namespaced: undefined }))
        out.push({ ...v, path: ptr('/items', i) + v.path });
    });
    return out;
  }
  const report = new Report();
  // What the server checks is the object after its built-in defaults.
  object = builtinDefaults(object);
  checkObjectMeta(object, k, options.namespaced, report);
  if (k.group === 'rbac.authorization.k8s.io' && (k.kind === 'RoleBinding' || k.kind === 'ClusterRoleBinding'))
    checkRoleBinding(object, k.kind, report);
  if (k.group === 'rbac.authorization.k8s.io' && (k.kind === 'Role' || k.kind === 'ClusterRole'))
    checkRole(object, k.kind, report);
  if (k.group === '') {
    if (k.kind === 'ConfigMap') checkConfigMap(object, report);
    else if (k.kind === 'Secret') checkSecret(object, report);
    else if (k.kind === 'Service') {
      checkService(object, report);
      checkServiceType(object, report);
    }
  }
  if (k.group === 'networking.k8s.io' && k.kind === 'NetworkPolicy') checkNetworkPolicy(object, report);
  if (k.group === 'networking.k8s.io' && k.kind === 'Ingress') checkIngress(object, report);
  if (k.group === 'networking.k8s.io' && k.kind === 'IngressClass') checkIngressClass(object, report);
  if (k.group === 'autoscaling' && k.kind === 'HorizontalPodAutoscaler') checkHorizontalPodAutoscaler(object, report);
  if (k.group === '' && k.kind === 'PersistentVolumeClaim') checkPersistentVolumeClaim(object, report);
  if (k.group === 'policy' && k.kind === 'PodDisruptionBudget') checkPodDisruptionBudget(object, report);
  checkWorkload(object as Obj, k, report);
  checkWorkloadSpecs(object as Obj, report);
  checkSize(object, options.clientSideApply === true, report);
  return report.violations;
}
