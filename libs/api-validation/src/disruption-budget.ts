/**
 * PodDisruptionBudget (pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudgetSpec): minAvailable and
 * maxUnavailable exclusive, each an integer >= 0 or a percentage <= 100%, the selector valid.
 */
import { SRC, asObj, fieldOf, quote, type Obj, type Report } from './report.js';
import { checkLabelSelector } from './selectors.js';
import { intOrPercent } from './workloads.js';

export function checkPodDisruptionBudget(object: Obj, report: Report): void {
  const spec = asObj(object.spec);
  if (!spec) return;
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(spec.minAvailable) && has(spec.maxUnavailable)) {
    report.add(
      '/spec',
      'spec sets both minAvailable and maxUnavailable, but a PodDisruptionBudget takes only one of them; remove one.',
      `${SRC.policy} (ValidatePodDisruptionBudgetSpec)`,
    );
  }
  for (const field of ['minAvailable', 'maxUnavailable']) {
    const value = spec[field];
    if (!has(value)) continue;
    const at = `/spec/${field}`;
    const n = intOrPercent(value, at, report);
    if (typeof value === 'string' && n !== undefined && n > 100)
      report.add(
        at,
        `${fieldOf(at)} ${quote(value)} is more than 100%; lower it.`,
        `${SRC.policy} (IsNotMoreThan100Percent)`,
      );
  }
  checkLabelSelector(spec.selector, '/spec/selector', report);
}
