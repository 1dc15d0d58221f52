/**
 * The workload fields beyond selectors, templates and counts (those are in workloads.ts), as kube-apiserver 1.32 with
 * default feature gates checks them, on the object after its defaults (pkg/apis/apps/v1/defaults.go,
 * pkg/apis/batch/v1/defaults.go), so an omitted field never gives a finding:
 * - StatefulSet (pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec, validateRollingUpdateStatefulSet,
 *   ValidatePersistentVolumeClaimRetentionPolicy): podManagementPolicy, updateStrategy, partition, ordinals.start,
 *   persistentVolumeClaimRetentionPolicy. rollingUpdate.maxUnavailable is not checked: with the MaxUnavailableStatefulSet
 *   gate off (alpha in 1.32) dropStatefulSetDisabledFields removes it before validation.
 * - DaemonSet (ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet): updateStrategy, maxUnavailable and
 *   maxSurge after their defaults (1 and 0).
 * - Job and a CronJob's jobTemplate.spec (pkg/apis/batch/validation/validation.go validateJobSpec,
 *   validatePodFailurePolicy, validatePodReplacementPolicy, ValidateJob): deadlines, completionMode and the per-index
 *   fields, successPolicy needing Indexed, podFailurePolicy rules, podReplacementPolicy.
 * - CronJob (validateCronJobSpec, validateScheduleFormat, validateTimeZone, validateConcurrencyPolicy): schedule as
 *   robfig/cron v3 ParseStandard parses it, TZ in the schedule, timeZone, concurrencyPolicy, deadlines, history limits.
 * minReadySeconds and revisionHistoryLimit of StatefulSets and DaemonSets are checked in workloads.ts.
 */
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, qualifiedNameProblem } from './formats.js';
import { kindOf } from './metadata.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';
import { intOrPercent } from './workloads.js';

const APPS = (fn: string) => `${SRC.apps} (${fn})`;
const BATCH = (fn: string) => `${SRC.batch} (${fn})`;

const has = (v: unknown): boolean => v !== undefined && v !== null;
const list = (values: readonly string[]) =>
  values.length === 2
    ? `"${values[0]}" or "${values[1]}"`
    : `${values
        .slice(0, -1)
        .map((v) => `"${v}"`)
        .join(', ')} or "${values[values.length - 1]}"`;

/** Both APIs: "must be greater than or equal to 0" (ValidateNonnegativeField). */
function nonNegative(value: unknown, at: string, hint: string, report: Report): void {
  if (typeof value === 'number' && value < 0)
    report.add(at, `${fieldOf(at)} is ${value}: it must be greater than or equal to 0.`, hint);
}

/**
 * An enum after defaulting: an absent value (and, where the default applies to it, an empty one) has been defaulted;
 * anything else must be listed.
 */
function oneOf(
  value: unknown,
  at: string,
  allowed: readonly string[],
  hint: string,
  report: Report,
  emptyIsDefaulted = true,
): boolean {
  if (typeof value !== 'string' || (value === '' && emptyIsDefaulted) || allowed.includes(value)) return true;
  report.add(at, `${fieldOf(at)} ${quote(value)} is not supported: it must be ${list(allowed)}.`, hint);
  return false;
}

export function checkWorkloadSpecs(object: Obj, report: Report): void {
  const k = kindOf(object);
  const spec = asObj(object.spec);
  if (!spec) return;
  if (k.group === 'apps' && k.kind === 'StatefulSet') checkStatefulSet(spec, report);
  else if (k.group === 'apps' && k.kind === 'DaemonSet') checkDaemonSet(spec, report);
  else if (k.group === 'batch' && k.kind === 'Job') {
    checkJobSpec(spec, '/spec', false, report);
    checkIndexedJobName(object, spec, report);
  } else if (k.group === 'batch' && k.kind === 'CronJob') checkCronJob(spec, report);
}

// ---------------------------------------------------------------------------------------------------------------
// StatefulSet: ValidateStatefulSetSpec. Defaults: podManagementPolicy OrderedReady, updateStrategy RollingUpdate with
// partition 0, persistentVolumeClaimRetentionPolicy Retain/Retain.

function checkStatefulSet(spec: Obj, report: Report): void {
  const hint = APPS('ValidateStatefulSetSpec');
  oneOf(spec.podManagementPolicy, '/spec/podManagementPolicy', ['OrderedReady', 'Parallel'], hint, report);

  const strategy = asObj(spec.updateStrategy) ?? {};
  const type = typeof strategy.type === 'string' && strategy.type !== '' ? strategy.type : 'RollingUpdate';
  const rolling = asObj(strategy.rollingUpdate);
  if (oneOf(strategy.type, '/spec/updateStrategy/type', ['RollingUpdate', 'OnDelete'], hint, report)) {
    if (type === 'OnDelete' && rolling) {
      report.add(
        '/spec/updateStrategy/rollingUpdate',
        'spec.updateStrategy.rollingUpdate is set with updateStrategy type OnDelete; it is only allowed for updateStrategy "RollingUpdate", so remove it or use type RollingUpdate.',
        hint,
      );
    } else if (type === 'RollingUpdate' && rolling) {
      // validateRollingUpdateStatefulSet. maxUnavailable: MaxUnavailableStatefulSet is alpha (off) in 1.32, and
      // dropStatefulSetDisabledFields clears the field before validation, so no value of it is refused.
      nonNegative(
        rolling.partition,
        '/spec/updateStrategy/rollingUpdate/partition',
        APPS('validateRollingUpdateStatefulSet'),
        report,
      );
    }
  }

  nonNegative(asObj(spec.ordinals)?.start, '/spec/ordinals/start', hint, report);

  const retention = asObj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention)
    for (const field of ['whenDeleted', 'whenScaled'])
      oneOf(
        retention[field],
        ptr('/spec/persistentVolumeClaimRetentionPolicy', field),
        ['Retain', 'Delete'],
        APPS('ValidatePersistentVolumeClaimRetentionPolicyType'),
        report,
      );
}

// ---------------------------------------------------------------------------------------------------------------
// DaemonSet: ValidateDaemonSetUpdateStrategy. Defaults: type RollingUpdate, rollingUpdate.maxUnavailable 1, maxSurge 0.

function checkDaemonSet(spec: Obj, report: Report): void {
  const strategy = asObj(spec.updateStrategy) ?? {};
  if (
    !oneOf(
      strategy.type,
      '/spec/updateStrategy/type',
      ['RollingUpdate', 'OnDelete'],
      APPS('ValidateDaemonSetUpdateStrategy'),
      report,
    )
  )
    return;
  // OnDelete: the rollingUpdate block is not looked at.
  if (strategy.type === 'OnDelete') return;
  const rolling = asObj(strategy.rollingUpdate) ?? {};
  const base = '/spec/updateStrategy/rollingUpdate';
  const hint = APPS('ValidateRollingUpdateDaemonSet');
  const values: Record<string, number | undefined> = {};
  for (const [field, fallback] of [
    ['maxUnavailable', 1],
    ['maxSurge', 0],
  ] as const) {
    const value = rolling[field];
    if (!has(value)) {
      values[field] = fallback;
      continue;
    }
    const at = ptr(base, field);
    const n = intOrPercent(value, at, report);
    values[field] = n !== undefined && n >= 0 ? n : undefined;
    if (typeof value === 'string' && n !== undefined && n > 100)
      report.add(at, `${fieldOf(at)} ${quote(value)} is more than 100%; lower it.`, APPS('IsNotMoreThan100Percent'));
  }
  const unavailable = values.maxUnavailable;
  const surge = values.maxSurge;
  if (unavailable === undefined || surge === undefined) return;
  if (unavailable !== 0 && surge !== 0) {
    const shown = has(rolling.maxUnavailable) ? quote(rolling.maxUnavailable) : '1 (the default when it is omitted)';
    report.add(
      ptr(base, 'maxSurge'),
      `${fieldOf(ptr(base, 'maxSurge'))} is ${quote(rolling.maxSurge)} while maxUnavailable is ${shown}: a DaemonSet either surges new Pods or takes old ones down, and maxSurge may not be set when maxUnavailable is non-zero; set maxUnavailable: 0 to surge, or remove maxSurge.`,
      hint,
    );
  } else if (unavailable === 0 && surge === 0) {
    report.add(
      ptr(base, 'maxUnavailable'),
      `${fieldOf(ptr(base, 'maxUnavailable'))} is 0 while maxSurge is 0 (the default when it is omitted), so a rollout could never make progress; maxUnavailable cannot be 0 when maxSurge is 0, so raise one of them.`,
      hint,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Job spec (a Job's spec or a CronJob's jobTemplate.spec): validateJobSpec. SetDefaults_Job fills completionMode
// NonIndexed, and completions and parallelism 1 when both are omitted; it does not run on a CronJob's jobTemplate,
// where an omitted completionMode counts as NonIndexed all the same.

const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const MAX_PFP_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const PFP_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'] as const;

function checkJobSpec(spec: Obj, base: string, inCronJob: boolean, report: Report): void {
  const hint = BATCH('validateJobSpec');
  const at = (field: string) => ptr(base, field);
  for (const field of ['activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'])
    nonNegative(spec[field], at(field), hint, report);

  const perIndex = has(spec.backoffLimitPerIndex);
  const maxFailed = spec.maxFailedIndexes;
  if (has(maxFailed) && !perIndex)
    report.add(
      at('backoffLimitPerIndex'),
      `${fieldOf(at('backoffLimitPerIndex'))} is required when maxFailedIndexes is specified; set backoffLimitPerIndex or remove maxFailedIndexes.`,
      hint,
    );

  const mode = has(spec.completionMode) ? spec.completionMode : 'NonIndexed';
  // A pointer field: only nil is defaulted, so "" is refused.
  oneOf(mode, at('completionMode'), ['NonIndexed', 'Indexed'], hint, report, false);
  // SetDefaults_Job sets completions only when parallelism is omitted too; a CronJob's template gets no such default.
  const completions = !has(spec.completions) && !has(spec.parallelism) && !inCronJob ? 1 : spec.completions;
  if (mode === 'Indexed') {
    if (!has(completions))
      report.add(
        at('completions'),
        `${fieldOf(at('completions'))} is required when completionMode is Indexed; set completions to the number of indexes.`,
        hint,
      );
    if (typeof spec.parallelism === 'number' && spec.parallelism > MAX_PARALLELISM_INDEXED)
      report.add(
        at('parallelism'),
        `${fieldOf(at('parallelism'))} is ${spec.parallelism}: it must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed; lower it.`,
        hint,
      );
    if (typeof maxFailed === 'number' && typeof completions === 'number' && maxFailed > completions)
      report.add(
        at('maxFailedIndexes'),
        `${fieldOf(at('maxFailedIndexes'))} is ${maxFailed}: it must be less than or equal to completions (${completions}); lower it.`,
        hint,
      );
    if (typeof maxFailed === 'number' && maxFailed > MAX_FAILED_INDEXES)
      report.add(
        at('maxFailedIndexes'),
        `${fieldOf(at('maxFailedIndexes'))} is ${maxFailed}: it must be less than or equal to ${MAX_FAILED_INDEXES}; lower it.`,
        hint,
      );
  } else if (mode === 'NonIndexed') {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes'])
      if (has(spec[field]))
        report.add(
          at(field),
          `${fieldOf(at(field))} is set, but it requires indexed completion mode; set completionMode: Indexed (with completions) or remove ${field}.`,
          hint,
        );
    if (has(spec.successPolicy))
      report.add(
        at('successPolicy'),
        `${fieldOf(at('successPolicy'))} is set, but it requires indexed completion mode; set completionMode: Indexed (with completions) or remove successPolicy.`,
        hint,
      );
  }

  const failurePolicy = asObj(spec.podFailurePolicy);
  if (failurePolicy) checkPodFailurePolicy(spec, failurePolicy, base, report);

  // validatePodReplacementPolicy (JobPodReplacementPolicy: beta, on by default in 1.32).
  const replacement = spec.podReplacementPolicy;
  if (failurePolicy && typeof replacement === 'string' && replacement !== 'Failed')
    report.add(
      at('podReplacementPolicy'),
      `${fieldOf(at('podReplacementPolicy'))} ${quote(replacement)} is not supported with a podFailurePolicy: it must be "Failed"; set it to Failed or remove it.`,
      BATCH('validatePodReplacementPolicy'),
    );
  else if (!failurePolicy)
    oneOf(
      replacement,
      at('podReplacementPolicy'),
      ['Failed', 'TerminatingOrFailed'],
      BATCH('validatePodReplacementPolicy'),
      report,
      false,
    );
}

/** validatePodFailurePolicy / validatePodFailurePolicyRule (JobPodFailurePolicy: GA in 1.31). */
function checkPodFailurePolicy(spec: Obj, policy: Obj, jobBase: string, report: Report): void {
  const hint = BATCH('validatePodFailurePolicyRule');
  const base = ptr(jobBase, 'podFailurePolicy');
  const podSpec = asObj(asObj(spec.template)?.spec);
  // Only the restart policy the other checks let through: OnFailure (Always and others are refused in workloads.ts).
  if (podSpec?.restartPolicy === 'OnFailure') {
    const at = ptr(jobBase, 'template', 'spec', 'restartPolicy');
    report.add(
      at,
      `${fieldOf(at)} is "OnFailure", but only "Never" is supported when podFailurePolicy is specified; set restartPolicy: Never.`,
      BATCH('validateJobSpec'),
    );
  }
  const rules = asArr(policy.rules);
  const rulesAt = ptr(base, 'rules');
  if (rules.length > MAX_PFP_RULES)
    report.add(
      rulesAt,
      `${fieldOf(rulesAt)} has ${rules.length} rules, but at most ${MAX_PFP_RULES} are allowed; merge or drop some.`,
      BATCH('validatePodFailurePolicy'),
    );
  const containerNames = new Set(
    [...asArr(podSpec?.containers), ...asArr(podSpec?.initContainers)]
      .map((c) => asStr(asObj(c)?.name))
      .filter((n): n is string => n !== undefined),
  );
  const knowsContainers = Array.isArray(podSpec?.containers);

  rules.forEach((raw, i) => {
    const rule = asObj(raw);
    if (!rule) return;
    const ruleAt = ptr(rulesAt, i);
    const actionAt = ptr(ruleAt, 'action');
    const action = rule.action;
    if (!has(action) || action === '')
      report.add(actionAt, `${fieldOf(actionAt)} is required: set it to ${list(PFP_ACTIONS)}.`, hint);
    else if (action === 'FailIndex' && !has(spec.backoffLimitPerIndex))
      report.add(
        actionAt,
        `${fieldOf(actionAt)} is "FailIndex", which requires the backoffLimitPerIndex to be set; set backoffLimitPerIndex (with completionMode: Indexed) or use another action.`,
        hint,
      );
    else oneOf(action, actionAt, PFP_ACTIONS, hint, report);

    const exitCodes = asObj(rule.onExitCodes);
    const conditions = asArr(rule.onPodConditions);
    if (exitCodes) checkOnExitCodes(exitCodes, ptr(ruleAt, 'onExitCodes'), knowsContainers, containerNames, report);
    if (conditions.length > 0) checkOnPodConditions(conditions, ptr(ruleAt, 'onPodConditions'), report);
    if (exitCodes && conditions.length > 0)
      report.add(
        ruleAt,
        `${fieldOf(ruleAt)} specifies both onExitCodes and onPodConditions, which is not supported; split it into two rules.`,
        hint,
      );
    if (!exitCodes && conditions.length === 0)
      report.add(
        ruleAt,
        `${fieldOf(ruleAt)} has neither onExitCodes nor onPodConditions; specifying one of them is required.`,
        hint,
      );
  });
}

function checkOnExitCodes(
  req: Obj,
  base: string,
  knowsContainers: boolean,
  containerNames: Set<string>,
  report: Report,
): void {
  const hint = BATCH('validatePodFailurePolicyRuleOnExitCodes');
  const opAt = ptr(base, 'operator');
  if (!has(req.operator) || req.operator === '')
    report.add(opAt, `${fieldOf(opAt)} is required: set it to "In" or "NotIn".`, hint);
  else oneOf(req.operator, opAt, ['In', 'NotIn'], hint, report);
  const container = req.containerName;
  if (typeof container === 'string' && knowsContainers && !containerNames.has(container)) {
    const at = ptr(base, 'containerName');
    report.add(
      at,
      `${fieldOf(at)} ${quote(container)} must be one of the container or initContainer names in the pod template; fix the name or remove containerName.`,
      hint,
    );
  }
  const valuesAt = ptr(base, 'values');
  const values = asArr(req.values);
  if (values.length === 0) {
    report.add(valuesAt, `${fieldOf(valuesAt)} is empty: at least one value is required.`, hint);
    return;
  }
  if (values.length > MAX_EXIT_CODES)
    report.add(
      valuesAt,
      `${fieldOf(valuesAt)} has ${values.length} values, but at most ${MAX_EXIT_CODES} are allowed.`,
      hint,
    );
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    if (typeof v !== 'number') return;
    const at = ptr(valuesAt, j);
    if (req.operator === 'In' && v === 0)
      report.add(
        at,
        `${fieldOf(at)} is 0, which must not be used with the In operator (exit code 0 is success); remove it.`,
        hint,
      );
    if (seen.has(v)) report.add(at, `${fieldOf(at)} ${v} is a duplicate value; remove it.`, hint);
    seen.add(v);
    const previous = values[j - 1];
    if (j > 0 && typeof previous === 'number' && previous > v) ordered = false;
  });
  if (!ordered)
    report.add(valuesAt, `${fieldOf(valuesAt)} must be ordered; sort the exit codes in increasing order.`, hint);
}

function checkOnPodConditions(patterns: unknown[], base: string, report: Report): void {
  const hint = BATCH('validatePodFailurePolicyRuleOnPodConditions');
  if (patterns.length > MAX_CONDITION_PATTERNS)
    report.add(
      base,
      `${fieldOf(base)} has ${patterns.length} patterns, but at most ${MAX_CONDITION_PATTERNS} are allowed.`,
      hint,
    );
  patterns.forEach((raw, j) => {
    const pattern = asObj(raw);
    if (!pattern) return;
    const typeAt = ptr(base, j, 'type');
    if (typeof pattern.type === 'string') {
      const problem = qualifiedNameProblem(pattern.type);
      if (problem)
        report.add(
          typeAt,
          `${fieldOf(typeAt)} ${quote(pattern.type)} is not a valid condition type: ${problem}; use a Pod condition type such as DisruptionTarget.`,
          hint,
        );
    }
    // SetDefaults_PodFailurePolicyOnPodConditionsPattern: an empty status is True.
    oneOf(pattern.status, ptr(base, j, 'status'), ['True', 'False', 'Unknown'], hint, report);
  });
}

/** ValidateJob: an Indexed Job's Pods are named `<job>-<index>`, which must be a DNS label. */
function checkIndexedJobName(object: Obj, spec: Obj, report: Report): void {
  const name = asStr(asObj(object.metadata)?.name);
  const completions = spec.completions;
  if (spec.completionMode !== 'Indexed' || !name || typeof completions !== 'number' || completions <= 0) return;
  // A name that is not a valid Job name is reported by the metadata checks.
  if (name.length > DNS1123_SUBDOMAIN.max || !DNS1123_SUBDOMAIN.re.test(name)) return;
  const hostname = `${name}-${completions - 1}`;
  if (hostname.length <= DNS1123_LABEL.max && DNS1123_LABEL.re.test(hostname)) return;
  report.add(
    '/metadata/name',
    `metadata.name ${quote(name)} gives an Indexed Job with ${completions} completions the Pod hostname ${quote(hostname)}, which is not a valid DNS label (${DNS1123_LABEL.rule}); shorten the name (and drop any '.').`,
    BATCH('ValidateJob'),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// CronJob: validateCronJobSpec. Defaults: concurrencyPolicy Allow, successfulJobsHistoryLimit 3, failedJobsHistoryLimit 1.

function checkCronJob(spec: Obj, report: Report): void {
  const hint = BATCH('validateCronJobSpec');
  const schedule = spec.schedule;
  const timeZone = spec.timeZone;
  if (!has(schedule) || schedule === '') {
    report.add(
      '/spec/schedule',
      'spec.schedule is required; set a cron schedule such as "0 * * * *" or a descriptor such as @hourly.',
      hint,
    );
  } else if (typeof schedule === 'string') {
    const problem = cronProblem(schedule);
    if (problem)
      report.add(
        '/spec/schedule',
        `spec.schedule ${quote(schedule)} is not a valid cron schedule (${problem}); write five fields, minute hour day-of-month month day-of-week (e.g. "*/5 * * * *"), or a descriptor such as @hourly, @daily or @every 1h.`,
        BATCH('validateScheduleFormat'),
      );
    // On create any "TZ" in the schedule is refused; on update only if the old schedule had it and timeZone is unset.
    if (schedule.includes('TZ'))
      report.add(
        '/spec/schedule',
        has(timeZone)
          ? `spec.schedule ${quote(schedule)} contains TZ or CRON_TZ while spec.timeZone is set; both cannot be used, so remove the TZ= prefix from the schedule.`
          : `spec.schedule ${quote(schedule)} contains TZ or CRON_TZ; the API server refuses that in a new CronJob ("use timeZone field instead"), so move the zone to spec.timeZone (e.g. timeZone: Europe/Berlin) and drop it from the schedule.`,
        BATCH('validateScheduleFormat'),
      );
  }

  if (typeof timeZone === 'string') {
    const problem = timeZoneProblem(timeZone);
    if (problem)
      report.add(
        '/spec/timeZone',
        `spec.timeZone ${quote(timeZone)} is invalid: ${problem}; use an IANA time zone name such as "Etc/UTC" or "Europe/Berlin", or remove timeZone.`,
        BATCH('validateTimeZone'),
      );
  }

  oneOf(
    spec.concurrencyPolicy,
    '/spec/concurrencyPolicy',
    ['Allow', 'Forbid', 'Replace'],
    BATCH('validateConcurrencyPolicy'),
    report,
  );
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'])
    nonNegative(spec[field], ptr('/spec', field), hint, report);

  const jobSpec = asObj(asObj(spec.jobTemplate)?.spec);
  if (jobSpec) checkJobSpec(jobSpec, '/spec/jobTemplate/spec', true, report);
}

// validateTimeZone: each '/'-separated part 1-14 characters of [A-Za-z.-_0-9+], not '.', '..' or starting with '-';
// not "Local"; then time.LoadLocation, modelled by Intl (conservative: only a name Intl rejects is refused).
const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;
const GO_ONLY_ZONES = new Set(['UTC', 'Etc/UTC', 'Factory']);

function intlKnowsZone(name: string): boolean | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: 'America/New_York' });
  } catch {
    return undefined; // no time zone data in this Node build: do not judge
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function timeZoneProblem(zone: string): string | undefined {
  if (zone === '') return 'timeZone must be nil or non-empty string';
  for (const part of zone.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part))
      return `unknown time zone ${zone}`;
  if (zone.toLowerCase() === 'local')
    return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  if (!GO_ONLY_ZONES.has(zone) && intlKnowsZone(zone) === false) return `unknown time zone ${zone}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// robfig/cron v3 ParseStandard (parser.go): Minute | Hour | Dom | Month | Dow | Descriptor. Returns its error text.

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DOW_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
// strings.Fields splits on unicode.IsSpace.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
// time.ParseDuration: [-+]? then "0", or one or more <decimal><unit>.
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

function cronProblem(input: string): string | undefined {
  let spec = input;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    // robfig/cron slices spec[eq+1:-1] here and panics; the request fails either way.
    if (space < 0) return 'a TZ= or CRON_TZ= prefix must be followed by a space and the schedule';
    const location = spec.slice(spec.indexOf('=') + 1, space);
    if (location !== '' && !GO_ONLY_ZONES.has(location) && intlKnowsZone(location) === false)
      return `provided bad location ${location}: unknown time zone ${location}`;
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const duration = spec.slice('@every '.length);
      return GO_DURATION.test(duration)
        ? undefined
        : `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(duration)}`;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(GO_SPACE).filter((f) => f !== '');
  if (fields.length !== FIELDS.length)
    return `expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < FIELDS.length; i++) {
    // getField: a comma-separated list of ranges; empty items are skipped (strings.FieldsFunc).
    for (const expr of fields[i]!.split(',').filter((r) => r !== '')) {
      const problem = rangeProblem(expr, FIELDS[i]!);
      if (problem) return problem;
    }
  }
  return undefined;
}

type Parsed = { value: number } | { error: string };

/** mustParseInt: strconv.Atoi, then not negative. */
function parseInt10(expr: string): Parsed {
  if (!/^[+-]?\d+$/.test(expr))
    return {
      error: `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    };
  const value = Number(expr);
  return value < 0 ? { error: `negative number (${value}) not allowed: ${expr}` } : { value };
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): Parsed {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? { value: named } : parseInt10(expr);
}

/** getRange: `*` | `?` | number ["-" number] ["/" step], names for months and weekdays. */
function rangeProblem(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const low = parseIntOrName(lowAndHigh[0]!, r.names);
    if ('error' in low) return low.error;
    start = low.value;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = parseIntOrName(lowAndHigh[1]!, r.names);
      if ('error' in high) return high.error;
      end = high.value;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = parseInt10(rangeAndStep[1]!);
    if ('error' in parsed) return parsed.error;
    step = parsed.value;
    if (lowAndHigh.length === 1) end = r.max; // "N/step" means "N-max/step"
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}
