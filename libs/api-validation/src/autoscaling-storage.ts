// HorizontalPodAutoscaler and PersistentVolumeClaim: the checks people trip over
// (kube-apiserver pkg/apis/autoscaling/validation/validation.go validateHorizontalPodAutoscalerSpec;
// pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimSpec).
import { asArr, asObj, type Obj, type Report } from './report.js';

const AUTOSCALING =
  'kube-apiserver: pkg/apis/autoscaling/validation/validation.go (validateHorizontalPodAutoscalerSpec)';
const CORE_PVC = 'kube-apiserver: pkg/apis/core/validation/validation.go (ValidatePersistentVolumeClaimSpec)';

export function checkHorizontalPodAutoscaler(object: Obj, report: Report): void {
  const spec = asObj(object.spec);
  if (!spec) return;
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  // Scale to zero needs the HPAScaleToZero feature gate (alpha, off by default).
  if (typeof min === 'number' && min < 1)
    report.add('/spec/minReplicas', `spec.minReplicas is ${min}: it must be greater than or equal to 1.`, AUTOSCALING);
  if (typeof max === 'number' && max < 1)
    report.add('/spec/maxReplicas', `spec.maxReplicas is ${max}: it must be greater than 0.`, AUTOSCALING);
  else if (typeof max === 'number' && typeof min === 'number' && max < min)
    report.add(
      '/spec/maxReplicas',
      `spec.maxReplicas is ${max}: it must be greater than or equal to minReplicas (${min}).`,
      AUTOSCALING,
    );
}

export function checkPersistentVolumeClaim(object: Obj, report: Report): void {
  const spec = asObj(object.spec);
  if (!spec) return;
  if (asArr(spec.accessModes).length === 0)
    report.add('/spec/accessModes', 'spec.accessModes needs at least 1 access mode.', CORE_PVC);
  const requests = asObj(asObj(spec.resources)?.requests);
  // A claim bound to a data source populator may leave storage out only with a dataSourceRef; the common case needs it.
  if (!spec.dataSourceRef && requests?.storage === undefined)
    report.add('/spec/resources/requests', 'spec.resources.requests.storage is required.', CORE_PVC);
}
