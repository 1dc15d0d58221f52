import { describe, expect, it } from 'vitest';
import { Report } from '../src/report.js';
import { checkWorkloadSpecs } from '../src/workload-specs.js';

type O = Record<string, unknown>;

const HINT = /^kube-apiserver: pkg\/apis\/(apps|batch)\/validation\/validation\.go \(\w+\)$/;

/** The findings as {path, message}; every finding must carry a hint naming the Go function. */
function run(object: O): { path: string; message: string }[] {
  const report = new Report();
  checkWorkloadSpecs(object, report);
  for (const v of report.violations) expect(v.hint).toMatch(HINT);
  return report.violations.map(({ path, message }) => ({ path, message }));
}

const template = (podSpec: O = {}): O => ({
  metadata: { labels: { app: 'vllm' } },
  spec: { containers: [{ name: 'main', image: 'vllm/vllm-openai:v0.6.3' }], ...podSpec },
});
const statefulSet = (spec: O = {}): O => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'vllm', namespace: 'llm' },
  spec: { serviceName: 'vllm', selector: { matchLabels: { app: 'vllm' } }, template: template(), ...spec },
});
const daemonSet = (spec: O = {}): O => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-agent', namespace: 'llm' },
  spec: { selector: { matchLabels: { app: 'vllm' } }, template: template(), ...spec },
});
const job = (spec: O = {}, podSpec: O = {}, name = 'warmup'): O => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'llm' },
  spec: { template: template({ restartPolicy: 'Never', ...podSpec }), ...spec },
});
const cronJob = (spec: O = {}, jobSpec: O = {}): O => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'refresh', namespace: 'llm' },
  spec: {
    schedule: '0 * * * *',
    jobTemplate: { spec: { template: template({ restartPolicy: 'OnFailure' }), ...jobSpec } },
    ...spec,
  },
});
const rolling = (r: O) => ({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: r } });
const schedule = (s: unknown) => run(cronJob({ schedule: s }));

describe('minimal valid workloads', () => {
  it('gives no finding for a minimal StatefulSet, DaemonSet, Job and CronJob', () => {
    expect(run(statefulSet())).toEqual([]);
    expect(run(daemonSet())).toEqual([]);
    expect(run(job())).toEqual([]);
    expect(run(cronJob())).toEqual([]);
  });

  it('ignores other kinds and objects without a spec', () => {
    expect(run({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { updateStrategy: { type: 'Nope' } } })).toEqual([]);
    expect(run({ apiVersion: 'batch/v1', kind: 'CronJob' })).toEqual([]);
  });
});

describe('StatefulSet (ValidateStatefulSetSpec)', () => {
  it('refuses an unknown podManagementPolicy and accepts Parallel', () => {
    expect(run(statefulSet({ podManagementPolicy: 'Ordered' }))).toEqual([
      {
        path: '/spec/podManagementPolicy',
        message: 'spec.podManagementPolicy "Ordered" is not supported: it must be "OrderedReady" or "Parallel".',
      },
    ]);
    expect(run(statefulSet({ podManagementPolicy: 'Parallel' }))).toEqual([]);
    expect(run(statefulSet({ podManagementPolicy: '' }))).toEqual([]);
  });

  it('refuses an unknown updateStrategy type and accepts OnDelete', () => {
    expect(run(statefulSet({ updateStrategy: { type: 'Rolling' } }))).toEqual([
      {
        path: '/spec/updateStrategy/type',
        message: 'spec.updateStrategy.type "Rolling" is not supported: it must be "RollingUpdate" or "OnDelete".',
      },
    ]);
    expect(run(statefulSet({ updateStrategy: { type: 'OnDelete' } }))).toEqual([]);
  });

  it('refuses rollingUpdate with OnDelete and accepts it with RollingUpdate (or the defaulted type)', () => {
    expect(run(statefulSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 0 } } }))).toEqual([
      {
        path: '/spec/updateStrategy/rollingUpdate',
        message:
          'spec.updateStrategy.rollingUpdate is set with updateStrategy type OnDelete; it is only allowed for updateStrategy "RollingUpdate", so remove it or use type RollingUpdate.',
      },
    ]);
    expect(run(statefulSet(rolling({ partition: 2 })))).toEqual([]);
    expect(run(statefulSet({ updateStrategy: { rollingUpdate: { partition: 1 } } }))).toEqual([]);
  });

  it('refuses a negative partition and accepts 0', () => {
    expect(run(statefulSet(rolling({ partition: -1 })))).toEqual([
      {
        path: '/spec/updateStrategy/rollingUpdate/partition',
        message: 'spec.updateStrategy.rollingUpdate.partition is -1: it must be greater than or equal to 0.',
      },
    ]);
    expect(run(statefulSet(rolling({ partition: 0 })))).toEqual([]);
  });

  it('does not judge rollingUpdate.maxUnavailable (MaxUnavailableStatefulSet is off in 1.32, the field is dropped)', () => {
    expect(run(statefulSet(rolling({ maxUnavailable: 0 })))).toEqual([]);
    expect(run(statefulSet(rolling({ maxUnavailable: '200%' })))).toEqual([]);
  });

  it('refuses a negative ordinals.start and accepts 5', () => {
    expect(run(statefulSet({ ordinals: { start: -1 } }))).toEqual([
      { path: '/spec/ordinals/start', message: 'spec.ordinals.start is -1: it must be greater than or equal to 0.' },
    ]);
    expect(run(statefulSet({ ordinals: { start: 5 } }))).toEqual([]);
  });

  it('refuses unknown persistentVolumeClaimRetentionPolicy values and accepts Retain/Delete', () => {
    expect(
      run(statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Remove' } })),
    ).toEqual([
      {
        path: '/spec/persistentVolumeClaimRetentionPolicy/whenDeleted',
        message:
          'spec.persistentVolumeClaimRetentionPolicy.whenDeleted "Keep" is not supported: it must be "Retain" or "Delete".',
      },
      {
        path: '/spec/persistentVolumeClaimRetentionPolicy/whenScaled',
        message:
          'spec.persistentVolumeClaimRetentionPolicy.whenScaled "Remove" is not supported: it must be "Retain" or "Delete".',
      },
    ]);
    expect(
      run(statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } })),
    ).toEqual([]);
    expect(run(statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } }))).toEqual([]);
  });
});

describe('DaemonSet (ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet)', () => {
  const RU = '/spec/updateStrategy/rollingUpdate';

  it('refuses an unknown updateStrategy type and accepts OnDelete (whose rollingUpdate is not looked at)', () => {
    expect(run(daemonSet({ updateStrategy: { type: 'Recreate' } }))).toEqual([
      {
        path: '/spec/updateStrategy/type',
        message: 'spec.updateStrategy.type "Recreate" is not supported: it must be "RollingUpdate" or "OnDelete".',
      },
    ]);
    expect(run(daemonSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { maxSurge: 5 } } }))).toEqual([]);
  });

  it('refuses a negative maxUnavailable and accepts a percentage', () => {
    expect(run(daemonSet(rolling({ maxUnavailable: -1 })))).toEqual([
      {
        path: `${RU}/maxUnavailable`,
        message: 'spec.updateStrategy.rollingUpdate.maxUnavailable -1 is negative; it must be zero or more.',
      },
    ]);
    expect(run(daemonSet(rolling({ maxUnavailable: '10%' })))).toEqual([]);
  });

  it('refuses a maxSurge that is neither a number nor a percentage', () => {
    expect(run(daemonSet(rolling({ maxUnavailable: 0, maxSurge: 'one' })))).toEqual([
      {
        path: `${RU}/maxSurge`,
        message:
          'spec.updateStrategy.rollingUpdate.maxSurge "one" is neither a number nor a percentage; write an integer or a percentage such as "25%".',
      },
    ]);
  });

  it('refuses a percentage above 100% and accepts 100%', () => {
    expect(run(daemonSet(rolling({ maxUnavailable: 0, maxSurge: '150%' })))).toEqual([
      {
        path: `${RU}/maxSurge`,
        message: 'spec.updateStrategy.rollingUpdate.maxSurge "150%" is more than 100%; lower it.',
      },
    ]);
    expect(run(daemonSet(rolling({ maxUnavailable: '101%' })))).toEqual([
      {
        path: `${RU}/maxUnavailable`,
        message: 'spec.updateStrategy.rollingUpdate.maxUnavailable "101%" is more than 100%; lower it.',
      },
    ]);
    expect(run(daemonSet(rolling({ maxUnavailable: 0, maxSurge: '100%' })))).toEqual([]);
  });

  it('refuses maxSurge with the defaulted maxUnavailable 1, and accepts it with maxUnavailable 0', () => {
    expect(run(daemonSet(rolling({ maxSurge: 1 })))).toEqual([
      {
        path: `${RU}/maxSurge`,
        message:
          'spec.updateStrategy.rollingUpdate.maxSurge is 1 while maxUnavailable is 1 (the default when it is omitted): a DaemonSet either surges new Pods or takes old ones down, and maxSurge may not be set when maxUnavailable is non-zero; set maxUnavailable: 0 to surge, or remove maxSurge.',
      },
    ]);
    expect(run(daemonSet(rolling({ maxUnavailable: '10%', maxSurge: '10%' })))[0]?.message).toContain(
      'while maxUnavailable is "10%"',
    );
    expect(run(daemonSet(rolling({ maxUnavailable: 0, maxSurge: 1 })))).toEqual([]);
    expect(run(daemonSet(rolling({ maxUnavailable: 2, maxSurge: 0 })))).toEqual([]);
  });

  it('refuses maxUnavailable 0 with maxSurge 0 (also as 0%)', () => {
    const both0 = {
      path: `${RU}/maxUnavailable`,
      message:
        'spec.updateStrategy.rollingUpdate.maxUnavailable is 0 while maxSurge is 0 (the default when it is omitted), so a rollout could never make progress; maxUnavailable cannot be 0 when maxSurge is 0, so raise one of them.',
    };
    expect(run(daemonSet(rolling({ maxUnavailable: 0 })))).toEqual([both0]);
    expect(run(daemonSet(rolling({ maxUnavailable: '0%', maxSurge: '0%' })))).toEqual([both0]);
  });
});

describe('Job spec (validateJobSpec)', () => {
  it('refuses a negative activeDeadlineSeconds and accepts 0 (ValidateNonnegativeField)', () => {
    expect(run(job({ activeDeadlineSeconds: -1 }))).toEqual([
      {
        path: '/spec/activeDeadlineSeconds',
        message: 'spec.activeDeadlineSeconds is -1: it must be greater than or equal to 0.',
      },
    ]);
    expect(run(job({ activeDeadlineSeconds: 0 }))).toEqual([]);
    expect(run(job({ activeDeadlineSeconds: 3600 }))).toEqual([]);
  });

  it('refuses a negative ttlSecondsAfterFinished and accepts 0', () => {
    expect(run(job({ ttlSecondsAfterFinished: -5 }))).toEqual([
      {
        path: '/spec/ttlSecondsAfterFinished',
        message: 'spec.ttlSecondsAfterFinished is -5: it must be greater than or equal to 0.',
      },
    ]);
    expect(run(job({ ttlSecondsAfterFinished: 0 }))).toEqual([]);
  });

  it('refuses an unknown or empty completionMode and accepts Indexed with completions', () => {
    expect(run(job({ completionMode: 'Parallel' }))).toEqual([
      {
        path: '/spec/completionMode',
        message: 'spec.completionMode "Parallel" is not supported: it must be "NonIndexed" or "Indexed".',
      },
    ]);
    expect(run(job({ completionMode: '' }))).toEqual([
      {
        path: '/spec/completionMode',
        message: 'spec.completionMode "" is not supported: it must be "NonIndexed" or "Indexed".',
      },
    ]);
    expect(run(job({ completionMode: 'Indexed', completions: 4, parallelism: 2 }))).toEqual([]);
    expect(run(job({ completionMode: 'NonIndexed' }))).toEqual([]);
  });

  it('refuses Indexed without completions when parallelism is set, and accepts it when the defaults fill both', () => {
    expect(run(job({ completionMode: 'Indexed', parallelism: 3 }))).toEqual([
      {
        path: '/spec/completions',
        message:
          'spec.completions is required when completionMode is Indexed; set completions to the number of indexes.',
      },
    ]);
    expect(run(job({ completionMode: 'Indexed' }))).toEqual([]);
  });

  it('refuses parallelism above 100000 for an Indexed Job', () => {
    expect(run(job({ completionMode: 'Indexed', completions: 10, parallelism: 100001 }))).toEqual([
      {
        path: '/spec/parallelism',
        message:
          'spec.parallelism is 100001: it must be less than or equal to 100000 when completion mode is Indexed; lower it.',
      },
    ]);
    expect(run(job({ completionMode: 'Indexed', completions: 10, parallelism: 100000 }))).toEqual([]);
  });

  it('refuses backoffLimitPerIndex without Indexed completion and accepts it with Indexed', () => {
    expect(run(job({ backoffLimitPerIndex: 1 }))).toEqual([
      {
        path: '/spec/backoffLimitPerIndex',
        message:
          'spec.backoffLimitPerIndex is set, but it requires indexed completion mode; set completionMode: Indexed (with completions) or remove backoffLimitPerIndex.',
      },
    ]);
    expect(run(job({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 }))).toEqual([]);
  });

  it('refuses a negative backoffLimitPerIndex', () => {
    expect(run(job({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: -1 }))).toEqual([
      {
        path: '/spec/backoffLimitPerIndex',
        message: 'spec.backoffLimitPerIndex is -1: it must be greater than or equal to 0.',
      },
    ]);
  });

  it('refuses maxFailedIndexes without backoffLimitPerIndex and accepts both together', () => {
    expect(run(job({ completionMode: 'Indexed', completions: 3, maxFailedIndexes: 1 }))).toEqual([
      {
        path: '/spec/backoffLimitPerIndex',
        message:
          'spec.backoffLimitPerIndex is required when maxFailedIndexes is specified; set backoffLimitPerIndex or remove maxFailedIndexes.',
      },
    ]);
    expect(
      run(job({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 0, maxFailedIndexes: 1 })),
    ).toEqual([]);
  });

  it('refuses maxFailedIndexes on a NonIndexed Job, negative, or above completions', () => {
    expect(run(job({ backoffLimitPerIndex: 1, maxFailedIndexes: 1 }))).toEqual([
      {
        path: '/spec/backoffLimitPerIndex',
        message:
          'spec.backoffLimitPerIndex is set, but it requires indexed completion mode; set completionMode: Indexed (with completions) or remove backoffLimitPerIndex.',
      },
      {
        path: '/spec/maxFailedIndexes',
        message:
          'spec.maxFailedIndexes is set, but it requires indexed completion mode; set completionMode: Indexed (with completions) or remove maxFailedIndexes.',
      },
    ]);
    const indexed = { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 };
    expect(run(job({ ...indexed, maxFailedIndexes: -1 }))).toEqual([
      {
        path: '/spec/maxFailedIndexes',
        message: 'spec.maxFailedIndexes is -1: it must be greater than or equal to 0.',
      },
    ]);
    expect(run(job({ ...indexed, maxFailedIndexes: 4 }))).toEqual([
      {
        path: '/spec/maxFailedIndexes',
        message: 'spec.maxFailedIndexes is 4: it must be less than or equal to completions (3); lower it.',
      },
    ]);
    expect(run(job({ ...indexed, maxFailedIndexes: 3 }))).toEqual([]);
  });

  it('refuses a successPolicy without Indexed completion and accepts it with Indexed', () => {
    const successPolicy = { rules: [{ succeededCount: 1 }] };
    expect(run(job({ successPolicy }))).toEqual([
      {
        path: '/spec/successPolicy',
        message:
          'spec.successPolicy is set, but it requires indexed completion mode; set completionMode: Indexed (with completions) or remove successPolicy.',
      },
    ]);
    expect(run(job({ successPolicy, completionMode: 'Indexed', completions: 2 }))).toEqual([]);
  });

  it('refuses an unknown podReplacementPolicy and anything but Failed with a podFailurePolicy', () => {
    expect(run(job({ podReplacementPolicy: 'Always' }))).toEqual([
      {
        path: '/spec/podReplacementPolicy',
        message: 'spec.podReplacementPolicy "Always" is not supported: it must be "Failed" or "TerminatingOrFailed".',
      },
    ]);
    const podFailurePolicy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    expect(run(job({ podFailurePolicy, podReplacementPolicy: 'TerminatingOrFailed' }))).toEqual([
      {
        path: '/spec/podReplacementPolicy',
        message:
          'spec.podReplacementPolicy "TerminatingOrFailed" is not supported with a podFailurePolicy: it must be "Failed"; set it to Failed or remove it.',
      },
    ]);
    expect(run(job({ podReplacementPolicy: 'TerminatingOrFailed' }))).toEqual([]);
    expect(run(job({ podFailurePolicy, podReplacementPolicy: 'Failed' }))).toEqual([]);
  });

  it('refuses an Indexed Job whose name makes Pod hostnames longer than 63 characters', () => {
    const name = 'a'.repeat(60);
    expect(run(job({ completionMode: 'Indexed', completions: 1000 }, {}, name))).toEqual([
      {
        path: '/metadata/name',
        message: `metadata.name "${name}" gives an Indexed Job with 1000 completions the Pod hostname "${name}-999", which is not a valid DNS label (at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit); shorten the name (and drop any '.').`,
      },
    ]);
    expect(run(job({ completionMode: 'Indexed', completions: 100 }, {}, name))).toEqual([]);
    expect(run(job({ completions: 1000 }, {}, name))).toEqual([]);
  });
});

describe('Job podFailurePolicy (validatePodFailurePolicy)', () => {
  const P = '/spec/podFailurePolicy/rules/0';
  const withRule = (rule: O, spec: O = {}, podSpec: O = {}) =>
    run(job({ podFailurePolicy: { rules: [rule] }, ...spec }, podSpec));
  const exitCodes = (onExitCodes: O, action = 'FailJob') => withRule({ action, onExitCodes });

  it('accepts well-formed rules', () => {
    expect(exitCodes({ containerName: 'main', operator: 'In', values: [1, 42] })).toEqual([]);
    expect(exitCodes({ operator: 'NotIn', values: [0] }, 'Count')).toEqual([]);
    expect(withRule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'False' }] })).toEqual(
      [],
    );
    expect(
      withRule(
        { action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } },
        { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 },
      ),
    ).toEqual([]);
  });

  it('refuses restartPolicy OnFailure with a podFailurePolicy', () => {
    expect(
      withRule(
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        {},
        { restartPolicy: 'OnFailure' },
      ),
    ).toEqual([
      {
        path: '/spec/template/spec/restartPolicy',
        message:
          'spec.template.spec.restartPolicy is "OnFailure", but only "Never" is supported when podFailurePolicy is specified; set restartPolicy: Never.',
      },
    ]);
  });

  it('refuses a missing or unknown action, and FailIndex without backoffLimitPerIndex', () => {
    expect(withRule({ onExitCodes: { operator: 'In', values: [1] } })).toEqual([
      {
        path: `${P}/action`,
        message:
          'spec.podFailurePolicy.rules[0].action is required: set it to "Count", "FailIndex", "FailJob" or "Ignore".',
      },
    ]);
    expect(withRule({ action: 'Restart', onExitCodes: { operator: 'In', values: [1] } })).toEqual([
      {
        path: `${P}/action`,
        message:
          'spec.podFailurePolicy.rules[0].action "Restart" is not supported: it must be "Count", "FailIndex", "FailJob" or "Ignore".',
      },
    ]);
    expect(withRule({ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } })).toEqual([
      {
        path: `${P}/action`,
        message:
          'spec.podFailurePolicy.rules[0].action is "FailIndex", which requires the backoffLimitPerIndex to be set; set backoffLimitPerIndex (with completionMode: Indexed) or use another action.',
      },
    ]);
  });

  it('refuses a rule with both or neither of onExitCodes and onPodConditions', () => {
    expect(
      withRule({
        action: 'Ignore',
        onExitCodes: { operator: 'In', values: [1] },
        onPodConditions: [{ type: 'DisruptionTarget' }],
      }),
    ).toEqual([
      {
        path: P,
        message:
          'spec.podFailurePolicy.rules[0] specifies both onExitCodes and onPodConditions, which is not supported; split it into two rules.',
      },
    ]);
    expect(withRule({ action: 'Ignore', onPodConditions: [] })).toEqual([
      {
        path: P,
        message:
          'spec.podFailurePolicy.rules[0] has neither onExitCodes nor onPodConditions; specifying one of them is required.',
      },
    ]);
  });

  it('refuses a missing or unknown operator', () => {
    expect(exitCodes({ values: [1] })).toEqual([
      {
        path: `${P}/onExitCodes/operator`,
        message: 'spec.podFailurePolicy.rules[0].onExitCodes.operator is required: set it to "In" or "NotIn".',
      },
    ]);
    expect(exitCodes({ operator: 'Equals', values: [1] })).toEqual([
      {
        path: `${P}/onExitCodes/operator`,
        message:
          'spec.podFailurePolicy.rules[0].onExitCodes.operator "Equals" is not supported: it must be "In" or "NotIn".',
      },
    ]);
  });

  it('refuses an unknown containerName', () => {
    expect(exitCodes({ containerName: 'sidecar', operator: 'In', values: [1] })).toEqual([
      {
        path: `${P}/onExitCodes/containerName`,
        message:
          'spec.podFailurePolicy.rules[0].onExitCodes.containerName "sidecar" must be one of the container or initContainer names in the pod template; fix the name or remove containerName.',
      },
    ]);
    expect(
      withRule(
        { action: 'FailJob', onExitCodes: { containerName: 'init', operator: 'In', values: [1] } },
        {},
        { initContainers: [{ name: 'init', image: 'busybox' }] },
      ),
    ).toEqual([]);
  });

  it('refuses empty, zero-with-In, duplicate and unordered exit codes', () => {
    expect(exitCodes({ operator: 'In', values: [] })).toEqual([
      {
        path: `${P}/onExitCodes/values`,
        message: 'spec.podFailurePolicy.rules[0].onExitCodes.values is empty: at least one value is required.',
      },
    ]);
    expect(exitCodes({ operator: 'In', values: [0, 1] })).toEqual([
      {
        path: `${P}/onExitCodes/values/0`,
        message:
          'spec.podFailurePolicy.rules[0].onExitCodes.values[0] is 0, which must not be used with the In operator (exit code 0 is success); remove it.',
      },
    ]);
    expect(exitCodes({ operator: 'NotIn', values: [1, 1] })).toEqual([
      {
        path: `${P}/onExitCodes/values/1`,
        message: 'spec.podFailurePolicy.rules[0].onExitCodes.values[1] 1 is a duplicate value; remove it.',
      },
    ]);
    expect(exitCodes({ operator: 'In', values: [3, 1] })).toEqual([
      {
        path: `${P}/onExitCodes/values`,
        message:
          'spec.podFailurePolicy.rules[0].onExitCodes.values must be ordered; sort the exit codes in increasing order.',
      },
    ]);
  });

  it('refuses an unknown condition status or an invalid condition type; an empty status defaults to True', () => {
    expect(withRule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] })).toEqual([
      {
        path: `${P}/onPodConditions/0/status`,
        message:
          'spec.podFailurePolicy.rules[0].onPodConditions[0].status "Maybe" is not supported: it must be "True", "False" or "Unknown".',
      },
    ]);
    expect(withRule({ action: 'Ignore', onPodConditions: [{ type: 'Disruption Target' }] })).toEqual([
      {
        path: `${P}/onPodConditions/0/type`,
        message:
          'spec.podFailurePolicy.rules[0].onPodConditions[0].type "Disruption Target" is not a valid condition type: the name part "Disruption Target" contains " "; use a Pod condition type such as DisruptionTarget.',
      },
    ]);
    expect(withRule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: '' }] })).toEqual([]);
  });

  it('refuses more than 20 rules', () => {
    const rule = { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] };
    expect(run(job({ podFailurePolicy: { rules: Array.from({ length: 21 }, () => rule) } }))).toEqual([
      {
        path: '/spec/podFailurePolicy/rules',
        message: 'spec.podFailurePolicy.rules has 21 rules, but at most 20 are allowed; merge or drop some.',
      },
    ]);
  });
});

describe('CronJob (validateCronJobSpec)', () => {
  it('refuses a missing or empty schedule', () => {
    const required = {
      path: '/spec/schedule',
      message: 'spec.schedule is required; set a cron schedule such as "0 * * * *" or a descriptor such as @hourly.',
    };
    expect(schedule(undefined)).toEqual([required]);
    expect(schedule('')).toEqual([required]);
  });

  it('accepts common schedules and descriptors', () => {
    for (const s of [
      '*/5 * * * *',
      '0 3 * * 1-5',
      '@daily',
      '0 0 1 JAN *',
      '0 0 1 jan,jul *',
      '0 9 * * MON-FRI',
      '0,30 * * * ?',
      '5/15 * * * *',
      '0 0 29 2 *',
      '0  2\t* * 0',
      '@hourly',
      '@yearly',
      '@annually',
      '@monthly',
      '@weekly',
      '@midnight',
      '@every 1h30m',
      '@every 90s',
      '@every 1.5h',
    ])
      expect(schedule(s), s).toEqual([]);
  });

  it('refuses "61 * * * *" and "* * *" with the robfig/cron error', () => {
    const refusal = (s: string, problem: string) => ({
      path: '/spec/schedule',
      message: `spec.schedule ${JSON.stringify(s)} is not a valid cron schedule (${problem}); write five fields, minute hour day-of-month month day-of-week (e.g. "*/5 * * * *"), or a descriptor such as @hourly, @daily or @every 1h.`,
    });
    expect(schedule('61 * * * *')).toEqual([refusal('61 * * * *', 'end of range (61) above maximum (59): 61')]);
    expect(schedule('* * *')).toEqual([refusal('* * *', 'expected exactly 5 fields, found 3: [* * *]')]);
  });

  it('refuses other malformed schedules', () => {
    const problem = (s: string) => {
      const message = schedule(s)[0]?.message ?? '';
      const from = message.indexOf('is not a valid cron schedule (') + 'is not a valid cron schedule ('.length;
      return message.slice(from, message.lastIndexOf('); write five fields'));
    };
    expect(problem('0 0 * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(problem('0 24 * * *')).toBe('end of range (24) above maximum (23): 24');
    expect(problem('0 0 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(problem('0 0 1 13 *')).toBe('end of range (13) above maximum (12): 13');
    expect(problem('30-10 * * * *')).toBe('beginning of range (30) beyond end of range (10): 30-10');
    expect(problem('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(problem('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(problem('1/2/3 * * * *')).toBe('too many slashes: 1/2/3');
    expect(problem('0 0 1 FOO *')).toBe('failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax');
    expect(problem('0 0 * * 1 2')).toBe('expected exactly 5 fields, found 6: [0 0 * * 1 2]');
    expect(problem('@reboot')).toBe('unrecognized descriptor: @reboot');
    expect(problem('@every 1x')).toBe('failed to parse duration @every 1x: time: invalid duration "1x"');
  });

  it('refuses TZ in the schedule, with and without timeZone', () => {
    expect(schedule('TZ=Europe/Berlin 0 3 * * *')).toEqual([
      {
        path: '/spec/schedule',
        message:
          'spec.schedule "TZ=Europe/Berlin 0 3 * * *" contains TZ or CRON_TZ; the API server refuses that in a new CronJob ("use timeZone field instead"), so move the zone to spec.timeZone (e.g. timeZone: Europe/Berlin) and drop it from the schedule.',
      },
    ]);
    expect(run(cronJob({ schedule: 'CRON_TZ=UTC 0 3 * * *', timeZone: 'Etc/UTC' }))).toEqual([
      {
        path: '/spec/schedule',
        message:
          'spec.schedule "CRON_TZ=UTC 0 3 * * *" contains TZ or CRON_TZ while spec.timeZone is set; both cannot be used, so remove the TZ= prefix from the schedule.',
      },
    ]);
    expect(run(cronJob({ schedule: '0 3 * * *', timeZone: 'Europe/Berlin' }))).toEqual([]);
  });

  it('refuses an unknown, empty or Local timeZone and accepts IANA names', () => {
    const tz = (timeZone: string) => run(cronJob({ timeZone }));
    const bad = (timeZone: string, problem: string) => [
      {
        path: '/spec/timeZone',
        message: `spec.timeZone ${JSON.stringify(timeZone)} is invalid: ${problem}; use an IANA time zone name such as "Etc/UTC" or "Europe/Berlin", or remove timeZone.`,
      },
    ];
    expect(tz('Mars/Olympus_Mons')).toEqual(bad('Mars/Olympus_Mons', 'unknown time zone Mars/Olympus_Mons'));
    expect(tz('Europe/Berlin Time')).toEqual(bad('Europe/Berlin Time', 'unknown time zone Europe/Berlin Time'));
    expect(tz('')).toEqual(bad('', 'timeZone must be nil or non-empty string'));
    expect(tz('Local')).toEqual(
      bad('Local', 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'),
    );
    for (const ok of ['Etc/UTC', 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+5'])
      expect(tz(ok), ok).toEqual([]);
  });

  it('refuses an unknown concurrencyPolicy and accepts Forbid', () => {
    expect(run(cronJob({ concurrencyPolicy: 'Sometimes' }))).toEqual([
      {
        path: '/spec/concurrencyPolicy',
        message: 'spec.concurrencyPolicy "Sometimes" is not supported: it must be "Allow", "Forbid" or "Replace".',
      },
    ]);
    expect(run(cronJob({ concurrencyPolicy: 'Forbid' }))).toEqual([]);
  });

  it('refuses negative startingDeadlineSeconds and history limits and accepts 0', () => {
    expect(
      run(cronJob({ startingDeadlineSeconds: -10, successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -2 })),
    ).toEqual([
      {
        path: '/spec/startingDeadlineSeconds',
        message: 'spec.startingDeadlineSeconds is -10: it must be greater than or equal to 0.',
      },
      {
        path: '/spec/successfulJobsHistoryLimit',
        message: 'spec.successfulJobsHistoryLimit is -1: it must be greater than or equal to 0.',
      },
      {
        path: '/spec/failedJobsHistoryLimit',
        message: 'spec.failedJobsHistoryLimit is -2: it must be greater than or equal to 0.',
      },
    ]);
    expect(
      run(cronJob({ startingDeadlineSeconds: 0, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 })),
    ).toEqual([]);
  });

  it('applies the Job checks to spec.jobTemplate.spec', () => {
    expect(run(cronJob({}, { activeDeadlineSeconds: -1, ttlSecondsAfterFinished: -1 }))).toEqual([
      {
        path: '/spec/jobTemplate/spec/activeDeadlineSeconds',
        message: 'spec.jobTemplate.spec.activeDeadlineSeconds is -1: it must be greater than or equal to 0.',
      },
      {
        path: '/spec/jobTemplate/spec/ttlSecondsAfterFinished',
        message: 'spec.jobTemplate.spec.ttlSecondsAfterFinished is -1: it must be greater than or equal to 0.',
      },
    ]);
    expect(run(cronJob({}, { completionMode: 'Sequential' }))).toEqual([
      {
        path: '/spec/jobTemplate/spec/completionMode',
        message:
          'spec.jobTemplate.spec.completionMode "Sequential" is not supported: it must be "NonIndexed" or "Indexed".',
      },
    ]);
    expect(run(cronJob({}, { ttlSecondsAfterFinished: 600, activeDeadlineSeconds: 60 }))).toEqual([]);
  });

  it('needs completions for an Indexed jobTemplate: SetDefaults_Job does not run on a CronJob template', () => {
    expect(run(cronJob({}, { completionMode: 'Indexed' }))).toEqual([
      {
        path: '/spec/jobTemplate/spec/completions',
        message:
          'spec.jobTemplate.spec.completions is required when completionMode is Indexed; set completions to the number of indexes.',
      },
    ]);
    expect(run(cronJob({}, { completionMode: 'Indexed', completions: 2 }))).toEqual([]);
  });

  it('checks the jobTemplate podFailurePolicy against the template restartPolicy', () => {
    const podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] };
    expect(run(cronJob({}, { podFailurePolicy }))).toEqual([
      {
        path: '/spec/jobTemplate/spec/template/spec/restartPolicy',
        message:
          'spec.jobTemplate.spec.template.spec.restartPolicy is "OnFailure", but only "Never" is supported when podFailurePolicy is specified; set restartPolicy: Never.',
      },
    ]);
  });
});
