/**
 * Workloads: where each kind keeps its pod spec, and the checks of the workload itself.
 * - apps (pkg/apis/apps/validation/validation.go): ValidateDeploymentSpec, ValidateReplicaSetSpec,
 *   ValidateDaemonSetSpec, ValidateStatefulSetSpec, ValidatePodTemplateSpecForReplicaSet, ValidateRollingUpdateDeployment:
 *   selector non-empty and matching the template labels, restartPolicy Always, no activeDeadlineSeconds.
 * - batch (pkg/apis/batch/validation/validation.go): validateJobSpec, validateGeneratedSelector, ValidateJobTemplateSpec,
 *   ValidateCronJob: restartPolicy OnFailure or Never, the selector only with manualSelector, none in a CronJob.
 * - Pod: ValidatePodCreate.
 * - LeaderWorkerSet (leaderTemplate / workerTemplate, PodTemplateSpecs) and KServe LLMInferenceService (spec.template,
 *   spec.worker, spec.prefill.template, spec.prefill.worker, spec.router.scheduler.template, PodSpecs merged with the
 *   LLMInferenceServiceConfig templates): the Pods they create go through the same Pod validation.
 */
import { checkAnnotations, checkLabels, type Kind } from './metadata.js';
import { checkPodSpec, type PodSpecContext } from './pod-spec.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';
import {
  checkLabelSelector,
  describeSelector,
  selectorIsEmpty,
  selectorIsWellFormed,
  selectorMatches,
} from './selectors.js';

const APPS_WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const ALWAYS = ['Always'] as const;
const JOB_POLICIES = ['OnFailure', 'Never'] as const;

function context(owner: string, over: Partial<PodSpecContext> = {}): PodSpecContext {
  return {
    owner,
    isPod: false,
    partial: false,
    customResource: false,
    claimTemplates: new Set(),
    forbidActiveDeadline: false,
    ...over,
  };
}

function claimTemplateNames(templates: unknown): Set<string> {
  return new Set(
    asArr(templates)
      .map((t) => asStr(asObj(asObj(t)?.metadata)?.name))
      .filter((n): n is string => !!n),
  );
}

/** A PodTemplateSpec: metadata labels and annotations, then the pod spec. */
function checkTemplate(template: Obj, base: string, ctx: PodSpecContext, report: Report): void {
  const meta = asObj(template.metadata);
  checkLabels(meta?.labels, ptr(base, 'metadata', 'labels'), report);
  checkAnnotations(meta?.annotations, ptr(base, 'metadata', 'annotations'), report);
  const spec = asObj(template.spec);
  if (spec) checkPodSpec(spec, ptr(base, 'spec'), ctx, report);
}

/** Selector present: valid, non-empty, and selecting the template's labels. */
function checkWorkloadSelector(
  selector: Obj,
  template: Obj | undefined,
  base: string,
  owner: string,
  source: string,
  report: Report,
): void {
  checkLabelSelector(selector, ptr(base, 'selector'), report);
  if (selectorIsEmpty(selector)) {
    report.add(
      ptr(base, 'selector'),
      `${fieldOf(ptr(base, 'selector'))} is empty, but a ${owner} needs a selector that picks its Pods; add matchLabels with the template's labels.`,
      source,
    );
    return;
  }
  if (!selectorIsWellFormed(selector)) return;
  const labels = asObj(asObj(template?.metadata)?.labels) ?? {};
  if (!selectorMatches(selector, labels)) {
    const at = ptr(base, 'template', 'metadata', 'labels');
    const shown = Object.entries(labels)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',');
    report.add(
      at,
      `${fieldOf(at)} {${shown}} do not match ${fieldOf(ptr(base, 'selector'))} (${describeSelector(selector)}); the API server refuses a ${owner} whose Pods its selector would not select, so give the template every label the selector requires.`,
      `${source} ("\`selector\` does not match template \`labels\`")`,
    );
  }
}

export function checkWorkload(object: Obj, k: Kind, report: Report): void {
  const spec = asObj(object.spec);
  if (!spec) return;

  if (k.group === '' && k.kind === 'Pod') {
    checkPodSpec(spec, '/spec', context('Pod', { isPod: true }), report);
    return;
  }

  if (k.group === 'apps' && APPS_WORKLOADS.has(k.kind)) {
    // ValidateStatefulSetSpec does not check revisionHistoryLimit (Deployment and DaemonSet do): no false positive.
    const fields =
      k.kind === 'StatefulSet'
        ? ['replicas', 'minReadySeconds']
        : ['replicas', 'minReadySeconds', 'revisionHistoryLimit'];
    for (const field of fields)
      checkNonNegative(spec[field], ptr('/spec', field), `${SRC.apps} (ValidateNonnegativeField)`, report);
    const template = asObj(spec.template);
    const selector = asObj(spec.selector);
    if (selector)
      checkWorkloadSelector(selector, template, '/spec', k.kind, `${SRC.apps} (Validate${k.kind}Spec)`, report);
    if (template)
      checkTemplate(
        template,
        '/spec/template',
        context(k.kind, {
          restartPolicies: ALWAYS,
          forbidActiveDeadline: true,
          claimTemplates: k.kind === 'StatefulSet' ? claimTemplateNames(spec.volumeClaimTemplates) : new Set(),
        }),
        report,
      );
    if (k.kind === 'Deployment') {
      checkDeploymentStrategy(asObj(spec.strategy), report);
      const deadline = spec.progressDeadlineSeconds;
      const ready = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
      if (typeof deadline === 'number' && deadline <= ready)
        report.add(
          '/spec/progressDeadlineSeconds',
          `spec.progressDeadlineSeconds is ${deadline}: it must be greater than minReadySeconds (${ready}).`,
          `${SRC.apps} (ValidateDeploymentSpec)`,
        );
    }
    return;
  }

  if (k.group === 'batch' && k.kind === 'Job') {
    checkJobSpec(spec, '/spec', 'Job', report);
    const selector = asObj(spec.selector);
    if (selector && spec.manualSelector !== true) {
      // The server adds controller-uid to the selector and then wants it to select the generated labels.
      const name = asStr(asObj(object.metadata)?.name) ?? '';
      const uid = '\u0000uid-assigned-on-create';
      const generated = {
        'controller-uid': uid,
        'batch.kubernetes.io/controller-uid': uid,
        'job-name': name,
        'batch.kubernetes.io/job-name': name,
      };
      if (!selectorIsEmpty(selector) && selectorIsWellFormed(selector) && !selectorMatches(selector, generated)) {
        report.add(
          '/spec/selector',
          `spec.selector (${describeSelector(selector)}) is set without spec.manualSelector: true; the API server generates a Job's selector itself and refuses one that does not select the generated labels ("\`selector\` not auto-generated"), so remove the selector (or set manualSelector: true if you really manage it).`,
          `${SRC.batch} (validateGeneratedSelector)`,
        );
      }
    } else if (selector) {
      checkWorkloadSelector(selector, asObj(spec.template), '/spec', 'Job', `${SRC.batch} (validateJobSpec)`, report);
    }
    return;
  }

  if (k.group === 'batch' && k.kind === 'CronJob') {
    const jobSpec = asObj(asObj(spec.jobTemplate)?.spec);
    if (!jobSpec) return;
    const base = '/spec/jobTemplate/spec';
    checkJobSpec(jobSpec, base, 'CronJob', report);
    if (jobSpec.selector !== undefined && jobSpec.selector !== null) {
      report.add(
        ptr(base, 'selector'),
        `${fieldOf(ptr(base, 'selector'))} is set, but the selector of a CronJob's Jobs is always generated ("\`selector\` will be auto-generated"); remove it.`,
        `${SRC.batch} (ValidateJobTemplateSpec)`,
      );
    }
    if (jobSpec.manualSelector === true) {
      report.add(
        ptr(base, 'manualSelector'),
        `${fieldOf(ptr(base, 'manualSelector'))} is true, but a CronJob's Jobs always get a generated selector; remove manualSelector.`,
        `${SRC.batch} (ValidateJobTemplateSpec)`,
      );
    }
    return;
  }

  if (k.group === 'leaderworkerset.x-k8s.io' && k.kind === 'LeaderWorkerSet') {
    const lwt = asObj(spec.leaderWorkerTemplate);
    if (!lwt) return;
    const ctx = context(k.kind, {
      customResource: true,
      restartPolicies: ALWAYS,
      forbidActiveDeadline: true,
      claimTemplates: claimTemplateNames(lwt.volumeClaimTemplates),
    });
    for (const field of ['leaderTemplate', 'workerTemplate']) {
      const template = asObj(lwt[field]);
      if (template) checkTemplate(template, ptr('/spec/leaderWorkerTemplate', field), ctx, report);
    }
    return;
  }

  if (k.group === 'serving.kserve.io' && k.kind === 'LLMInferenceService') {
    const ctx = context(k.kind, {
      customResource: true,
      partial: true,
      restartPolicies: ALWAYS,
      forbidActiveDeadline: true,
    });
    const at = (path: string[]) => {
      let node: unknown = spec;
      for (const p of path) node = asObj(node)?.[p];
      const podSpec = asObj(node);
      if (podSpec) checkPodSpec(podSpec, ptr('/spec', ...path), ctx, report);
    };
    at(['template']);
    at(['worker']);
    at(['prefill', 'template']);
    at(['prefill', 'worker']);
    at(['router', 'scheduler', 'template']);
  }
}

/** ValidateNonnegativeField: "must be greater than or equal to 0". */
function checkNonNegative(value: unknown, at: string, source: string, report: Report): void {
  if (typeof value === 'number' && value < 0)
    report.add(at, `${fieldOf(at)} is ${value}: it must be greater than or equal to 0.`, source);
}

function checkJobSpec(spec: Obj, base: string, owner: string, report: Report): void {
  for (const field of ['parallelism', 'completions', 'backoffLimit'])
    checkNonNegative(spec[field], ptr(base, field), `${SRC.batch} (validateJobSpec)`, report);
  const template = asObj(spec.template);
  if (template)
    checkTemplate(template, ptr(base, 'template'), context(owner, { restartPolicies: JOB_POLICIES }), report);
}

/** ValidateDeploymentStrategy / ValidateRollingUpdateDeployment: int-or-percent values, not both zero, at most 100%. */
function checkDeploymentStrategy(strategy: Obj | undefined, report: Report): void {
  if (!strategy) return;
  const rolling = asObj(strategy.rollingUpdate);
  if (!rolling) return;
  if (strategy.type === 'Recreate') {
    report.add(
      '/spec/strategy/rollingUpdate',
      'spec.strategy.rollingUpdate is set with strategy type Recreate, which takes no rollingUpdate; remove it or use type RollingUpdate.',
      `${SRC.apps} (ValidateDeploymentStrategy)`,
    );
    return;
  }
  const values: Record<string, number | undefined> = {};
  for (const field of ['maxUnavailable', 'maxSurge']) {
    const at = ptr('/spec/strategy/rollingUpdate', field);
    const value = rolling[field];
    if (value === undefined || value === null) {
      values[field] = 25; // the default, 25%
      continue;
    }
    values[field] = intOrPercent(value, at, report);
    if (
      field === 'maxUnavailable' &&
      typeof value === 'string' &&
      /^\d+%$/.test(value) &&
      Number.parseInt(value, 10) > 100
    ) {
      report.add(
        at,
        `${fieldOf(at)} ${quote(value)} is more than 100%; lower it.`,
        `${SRC.apps} (IsNotMoreThan100Percent)`,
      );
    }
  }
  if (values.maxUnavailable === 0 && values.maxSurge === 0) {
    report.add(
      '/spec/strategy/rollingUpdate/maxUnavailable',
      'spec.strategy.rollingUpdate.maxUnavailable and maxSurge are both 0, so a rollout could never make progress; allow at least one of them to be above 0.',
      `${SRC.apps} (ValidateRollingUpdateDeployment: "may not be 0 when \`maxSurge\` is 0")`,
    );
  }
}

/** ValidatePositiveIntOrPercent; returns the number (or percentage) when valid. */
export function intOrPercent(value: unknown, at: string, report: Report): number | undefined {
  if (typeof value === 'number') {
    if (value < 0)
      report.add(
        at,
        `${fieldOf(at)} ${value} is negative; it must be zero or more.`,
        `${SRC.apps} (ValidatePositiveIntOrPercent)`,
      );
    return value;
  }
  if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value)) {
      report.add(
        at,
        `${fieldOf(at)} ${quote(value)} is neither a number nor a percentage; write an integer or a percentage such as "25%".`,
        `${SRC.apps} (ValidatePositiveIntOrPercent)`,
      );
      return undefined;
    }
    return Number.parseInt(value, 10);
  }
  return undefined;
}
