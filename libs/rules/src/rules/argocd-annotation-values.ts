import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, obj } from './shared/util.js';

// What Argo CD (v3.x, gitops-engine) reads from these places, and how. Anything else is ignored without a
// word: a misspelt option is no option, an unparsable wave is wave 0.
//
// - syncOptions and the sync-options annotation: matched as exact strings (SyncOptions.HasOption; the
//   annotation is split at commas and trimmed, resource.HasAnnotationOption), so `ServerSideApply=True`
//   is not ServerSideApply=true;
// - sync-wave: strconv.Atoi, falling back to the Helm hook weight, else 0 (syncwaves.Wave);
// - hook and hook-delete-policy: comma-separated, each value one of a fixed set (common.NewHookType,
//   common.NewHookDeletePolicy); the hook annotation alone makes a resource a hook (hook.IsHook), so one
//   whose types are all unknown belongs to no phase and is never applied;
// - compare-options: exact strings (IgnoreExtraneous, ServerSideDiff=..., IncludeMutationWebhook=...).

/** Sync options and the values Argo CD acts on (gitops-engine pkg/sync/common/types.go, argo-cd controller/sync.go). */
const SYNC_OPTIONS: Record<string, string[]> = {
  Validate: ['true', 'false'],
  SkipDryRunOnMissingResource: ['true', 'false'],
  Prune: ['true', 'false', 'confirm'],
  Delete: ['true', 'false', 'confirm'],
  PruneLast: ['true', 'false'],
  Replace: ['true', 'false'],
  Force: ['true', 'false'],
  ServerSideApply: ['true', 'false'],
  ApplyOutOfSyncOnly: ['true', 'false'],
  ClientSideApplyMigration: ['true', 'false'],
  CreateNamespace: ['true', 'false'],
  PrunePropagationPolicy: ['foreground', 'background', 'orphan'],
  RespectIgnoreDifferences: ['true', 'false'],
  FailOnSharedResource: ['true', 'false'],
};
const COMPARE_OPTIONS = [
  'IgnoreExtraneous',
  'ServerSideDiff=true',
  'ServerSideDiff=false',
  'IncludeMutationWebhook=true',
  'IncludeMutationWebhook=false',
];
const HOOK_TYPES = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip', 'PreDelete', 'PostDelete'];
const HOOK_DELETE_POLICIES = ['HookSucceeded', 'HookFailed', 'BeforeHookCreation'];
/** strconv.Atoi: an optional sign and decimal digits, within a 64-bit int. */
const GO_INT = /^[+-]?\d{1,18}$/;

const ANNOTATION = 'argocd.argoproj.io/';

/** Why one sync option does nothing, or undefined when Argo CD acts on it. */
function syncOptionProblem(option: string, trimmed: boolean): string | undefined {
  if (!trimmed && option !== option.trim())
    return `"${option}" has spaces around it: Argo CD compares Application sync options as exact strings`;
  const text = option.trim();
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? undefined : text.slice(eq + 1);
  const known = Object.keys(SYNC_OPTIONS).find((k) => k.toLowerCase() === name.toLowerCase());
  if (!known) return `"${text}" is not a sync option Argo CD knows (${Object.keys(SYNC_OPTIONS).join(', ')})`;
  if (known !== name) return `"${text}": the option is spelled ${known}, and Argo CD matches it exactly`;
  if (value === undefined || !SYNC_OPTIONS[known]!.includes(value))
    return `"${text}": ${known} takes ${SYNC_OPTIONS[known]!.map((v) => `${known}=${v}`).join(' or ')}, matched exactly`;
  return undefined;
}

export const rule: Rule = {
  id: 'argocd-annotation-values',
  severity: 'error',
  summary:
    'Argo CD sync options, sync waves, hooks and compare options are values Argo CD acts on: it ignores the others silently.',
  docs: {
    why:
      'Argo CD matches sync options as exact strings and parses sync waves as integers, and ignores what ' +
      'does not match without an error or an event: `ServerSideApply=True` leaves a CRD too large for ' +
      'client-side apply to fail its sync, `sync-wave: "1.5"` puts a custom resource in wave 0 beside its ' +
      'CRD, a misspelt hook type still makes the smoke test a hook, of no phase: it is never applied.',
    fix:
      'Use the documented spelling and values: `Key=value` sync options from the list in the message, an ' +
      'integer wave in quotes, hook types PreSync, Sync, PostSync, SyncFail, Skip, PreDelete or ' +
      'PostDelete, delete policies HookSucceeded, HookFailed or BeforeHookCreation.',
    source:
      'argoproj/gitops-engine pkg/sync/common/types.go (option constants, NewHookType, ' +
      'NewHookDeletePolicy), pkg/sync/syncwaves/waves.go (Atoi, fallback), pkg/utils/kube ' +
      'resource.HasAnnotationOption (split, trim, exact match); argoproj/argo-cd ' +
      'pkg/apis/application/v1alpha1 SyncOptions.HasOption (exact match), controller/sync.go; [doc] Argo ' +
      'CD sync-options, sync-waves, resource hooks, compare-options.',
  },
  kinds: ['*'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const r of ctx.resources) {
      const annotations = obj(obj(r.object.metadata)?.annotations) ?? {};
      for (const [key, raw] of Object.entries(annotations)) {
        if (!key.startsWith(ANNOTATION) || typeof raw !== 'string') continue;
        const path = `/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const items = raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const report = (message: string, hint: string) => out.push(finding(r, path, message, hint));
        switch (key.slice(ANNOTATION.length)) {
          case 'sync-wave':
            if (!GO_INT.test(raw))
              report(
                `sync wave "${raw}" of ${r.kind} ${r.name} is not an integer: Argo CD puts the resource in wave 0`,
                'Write the wave as an integer in quotes, e.g. "-1" or "2".',
              );
            break;
          case 'sync-options':
            for (const item of items) {
              const problem = syncOptionProblem(item, true);
              if (problem)
                report(
                  `sync option ${problem}; Argo CD ignores it for ${r.kind} ${r.name}`,
                  'Use Key=value options from the list, spelled exactly, separated by commas.',
                );
            }
            break;
          case 'compare-options':
            for (const item of items) {
              if (!COMPARE_OPTIONS.includes(item))
                report(
                  `compare option "${item}" of ${r.kind} ${r.name} is not one Argo CD knows (${COMPARE_OPTIONS.join(', ')}): it is ignored`,
                  'Use one of the listed values, spelled exactly.',
                );
            }
            break;
          case 'hook':
            for (const item of items) {
              if (!HOOK_TYPES.includes(item))
                report(
                  `hook type "${item}" of ${r.kind} ${r.name} is not one Argo CD knows (${HOOK_TYPES.join(', ')}): it is ignored, and a hook with no known type is never applied`,
                  'Use one of the listed hook types, spelled exactly.',
                );
            }
            break;
          case 'hook-delete-policy':
            for (const item of items) {
              if (!HOOK_DELETE_POLICIES.includes(item))
                report(
                  `hook delete policy "${item}" of ${r.kind} ${r.name} is not one Argo CD knows (${HOOK_DELETE_POLICIES.join(', ')}): the hook is never deleted`,
                  'Use one of the listed policies, spelled exactly.',
                );
            }
            break;
        }
      }
    }
    for (const app of ctx.byKind('Application', 'argoproj.io')) {
      const options = obj(obj(app.object.spec)?.syncPolicy)?.syncOptions;
      if (!Array.isArray(options)) continue;
      options.forEach((option, i) => {
        const problem = syncOptionProblem(String(option), false);
        if (problem)
          out.push(
            finding(
              app,
              `/spec/syncPolicy/syncOptions/${i}`,
              `sync option ${problem}; Argo CD ignores it for Application ${app.name}`,
              'Use Key=value options from the list, spelled exactly.',
            ),
          );
      });
    }
    return out;
  },
};
