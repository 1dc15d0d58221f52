// The `argocd-health` check: for each kind a sync wave (or a PostSync hook) waits on, the health check the
// cluster's Argo CD will run (the tree's argocd-cm customization, else the release's built-in one), run in Lua
// 5.1 against the status fixtures of that kind. A check that says Degraded while the object starts fails the
// sync (gitops-engine sync_context.go: a Degraded task fails the operation); one that says Healthy while it
// starts lets the next wave and the smoke test run too early; one that never says Healthy blocks the waves
// forever (the sync timeout defaults to none). A kind without any check is the rule argocd-health-check's.
import type { Finding, Resource } from '@inference-gitops/core';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import compiled from './builtin-health.json' with { type: 'json' };
import { ARGOCD_RELEASE, type BuiltinHealthFile } from './builtin.js';
import { runHealthScript, type HealthResult } from './lua.js';
import { STATUS_CASES, type StatusCase } from './status-cases.js';

const BUILTIN = compiled as BuiltinHealthFile;
const HEALTH_KEY = 'resource.customizations.health.';
const WAVE = 'argocd.argoproj.io/sync-wave';
const HOOK = 'argocd.argoproj.io/hook';

export interface HealthCheckInput {
  resources: readonly Resource[];
  spec?: ClusterSpec;
  applicationsOf: (resource: Resource) => string[];
  /** The Lua 5.1 interpreter; without one the scripts are not run. */
  lua?: string;
}

export interface HealthCheckResult {
  findings: Array<{ finding: Finding; resource: Resource }>;
  /** Why the check could not run, when it could not. */
  skipped?: string;
}

interface Check {
  script: string;
  /** Where the script comes from, for messages. */
  origin: string;
  /** The resource and pointer a finding lands on. */
  at: { resource: Resource; path: string };
  custom: boolean;
}

const annotations = (r: Resource) =>
  ((r.object.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {}) as Record<
    string,
    unknown
  >;
const waveOf = (r: Resource) => Number.parseInt(String(annotations(r)[WAVE] ?? '0'), 10) || 0;
const groupOf = (r: Resource) => (r.apiVersion.includes('/') ? r.apiVersion.split('/')[0]! : '');

export async function argocdHealthFindings(input: HealthCheckInput): Promise<HealthCheckResult> {
  const { resources, applicationsOf } = input;
  const version = input.spec?.versions.argocd ?? ARGOCD_RELEASE;
  const cm = resources.find((r) => r.kind === 'ConfigMap' && r.name === 'argocd-cm');
  const data = (cm?.object.data ?? {}) as Record<string, unknown>;
  const jobs: Array<{ key: string; kind: string; check: Check; cases: StatusCase[] }> = [];
  for (const [key, cases] of Object.entries(STATUS_CASES)) {
    const [group, kind] = key.split('/') as [string, string];
    const objects = resources.filter((r) => r.kind === kind && groupOf(r) === group);
    const waited = objects.find((r) => waitedOn(r, resources, applicationsOf));
    if (!waited) continue;
    const customKey = `${HEALTH_KEY}${group}_${kind}`;
    const custom = data[customKey];
    if (cm && typeof custom === 'string') {
      jobs.push({
        key,
        kind,
        cases,
        check: {
          script: custom,
          origin: `argocd-cm ${customKey}`,
          at: { resource: cm, path: `/data/${customKey}` },
          custom: true,
        },
      });
      continue;
    }
    const builtin = BUILTIN.lua[key];
    if (builtin)
      jobs.push({
        key,
        kind,
        cases,
        check: {
          script: builtin,
          origin: `Argo CD ${BUILTIN.release}'s built-in check`,
          at: { resource: waited, path: '/kind' },
          custom: false,
        },
      });
  }
  if (jobs.length === 0) return { findings: [] };
  if (!input.lua)
    return {
      findings: [],
      skipped: `the health checks of ${jobs.map((j) => j.kind).join(', ')} were not run: needs lua5.1 on PATH (Debian package lua5.1), the Lua Argo CD runs them in`,
    };
  const findings: HealthCheckResult['findings'] = [];
  for (const job of jobs) {
    const results = await runHealthScript(
      input.lua,
      job.check.script,
      job.cases.map((c) => c.obj),
    );
    job.cases.forEach((c, i) => {
      const problem = judge(c, results[i]!);
      if (!problem) return;
      findings.push({
        resource: job.check.at.resource,
        finding: {
          rule: 'argocd-health',
          severity: problem.severity,
          message: `${job.kind}: ${job.check.origin} ${problem.message} (case "${c.name}")`,
          hint: job.check.custom
            ? `Map start-up to Progressing, a failure the controller does not get past to Degraded, and ready to Healthy (the generated argocd-cm does).`
            : `Give ${job.kind} its own check in argocd-cm (${HEALTH_KEY}${job.key.replace('/', '_')}).`,
          path: job.check.at.path,
        },
      });
    });
  }
  if (version !== BUILTIN.release && jobs.some((j) => !j.check.custom) && cm)
    findings.push({
      resource: cm,
      finding: {
        rule: 'argocd-health',
        severity: 'info',
        message: `the spec names Argo CD ${version}; its built-in health checks were judged as those of ${BUILTIN.release}, the release this repository pins`,
        path: '/metadata/name',
      },
    });
  return { findings };
}

/** What is wrong with a check's answer for one case, if anything. */
function judge(c: StatusCase, r: HealthResult): { severity: 'error' | 'warning'; message: string } | undefined {
  if (r.error) return { severity: 'error', message: `fails to run: ${r.error}` };
  if (c.phase === 'starting' && r.status === 'Degraded')
    return {
      severity: 'error',
      message: `says Degraded while the object starts: a Degraded resource in a sync wave fails the sync`,
    };
  if (c.phase === 'starting' && r.status === 'Healthy')
    return {
      severity: 'error',
      message: `says Healthy while the object starts: later waves and the PostSync smoke test run before it serves`,
    };
  if (c.phase === 'ready' && r.status !== 'Healthy')
    return {
      severity: 'error',
      message: `never says Healthy (it says ${r.status} when the object is ready): the waves after it wait forever`,
    };
  if (c.phase === 'failed' && r.status !== 'Degraded')
    return {
      severity: 'warning',
      message: `says ${r.status} on a failure the controller does not get past: the sync waits with no timeout instead of failing`,
    };
  return undefined;
}

/**
 * Whether Argo CD waits on this resource's health: its Application syncs something in a later wave, or has a
 * PostSync hook, or is itself a child Application that a later wave of its parent waits on.
 */
function waitedOn(
  r: Resource,
  all: readonly Resource[],
  applicationsOf: (r: Resource) => string[],
  seen = new Set<string>(),
): boolean {
  for (const app of applicationsOf(r)) {
    if (seen.has(app)) continue;
    seen.add(app);
    const siblings = all.filter((x) => x !== r && applicationsOf(x).includes(app));
    if (siblings.some((x) => waveOf(x) > waveOf(r) || /PostSync/.test(String(annotations(x)[HOOK] ?? '')))) return true;
    const application = all.find((x) => x.kind === 'Application' && x.name === app);
    if (application && waitedOn(application, all, applicationsOf, seen)) return true;
  }
  return false;
}
