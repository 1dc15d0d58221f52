import { refOf, type Finding, type Resource, type Severity } from '@inference-gitops/core';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import { EMPTY_RULES_CONFIG, type RulesConfig, type SeverityOverride } from './config.js';
import { deriveKServe } from './model/kserve.js';
import { DEFAULT_KSERVE_RELEASE } from './model/presets/effective.js';
import { registry as defaultRegistry, type RuleRegistry } from './registry.js';
import { readSuppressions, SUPPRESS_ANNOTATION } from './suppress.js';
import type { Rule, RuleContext } from './types.js';

export interface RunOptions {
  spec?: ClusterSpec;
  environment?: 'dev' | 'staging' | 'prod';
  config?: RulesConfig;
  repo?: { root: string; repoURLs: string[] };
  only?: string[];
  registry?: RuleRegistry;
  /** Names of the Argo CD Applications that render a resource (validating a cluster through its tree). */
  applicationsOf?: (resource: Resource) => string[];
  /** The KServe release the platform runs (default: the model's default release). */
  kserveRelease?: string;
}

export interface RunResult {
  /** Located findings (absolute file paths), suppressed ones marked. */
  findings: Finding[];
  skipped: Array<{ rule: string; reason: string }>;
  rulesRun: string[];
}

export function createContext(
  resources: readonly Resource[],
  options: RunOptions = {},
  onSkip: (reason: string) => void = () => {},
): RuleContext {
  const kserveRelease = options.kserveRelease ?? DEFAULT_KSERVE_RELEASE;
  const kserve = deriveKServe(resources, kserveRelease);
  const byKindCache = new Map<string, Resource[]>();
  return {
    resources,
    kserveRelease,
    ...(options.spec ? { spec: options.spec } : {}),
    ...(options.repo ? { repo: options.repo } : {}),
    ...(options.applicationsOf ? { applicationsOf: options.applicationsOf } : {}),
    environment: options.environment ?? options.spec?.environment ?? 'dev',
    kserve,
    skip: onSkip,
    byKind(kind, group) {
      const k = `${kind}|${group ?? '*'}`;
      let list = byKindCache.get(k);
      if (!list) {
        list = resources.filter(
          (r) =>
            r.kind === kind &&
            (group === undefined ||
              r.apiVersion.split('/')[0] === group ||
              (group === '' && !r.apiVersion.includes('/'))),
        );
        byKindCache.set(k, list);
      }
      return list;
    },
    find(kind, namespace, name) {
      return resources.find(
        (r) =>
          r.kind === kind && r.name === name && (namespace === undefined || (r.namespace ?? 'default') === namespace),
      );
    },
  };
}

/** Runs every enabled rule over one cluster's (or one target's) resources. */
export function runRules(resources: readonly Resource[], options: RunOptions = {}): RunResult {
  const registry = options.registry ?? defaultRegistry;
  const config = options.config ?? EMPTY_RULES_CONFIG;
  const result: RunResult = { findings: [], skipped: [], rulesRun: [] };
  let running = '';
  const ctx = createContext(resources, options, (reason) => {
    if (!result.skipped.some((s) => s.rule === running && s.reason === reason))
      result.skipped.push({ rule: running, reason });
  });
  const known = new Set(registry.ids());
  const suppressions = new Map<Resource, ReturnType<typeof readSuppressions>>();
  for (const r of resources) {
    const s = readSuppressions(r, known);
    if (s.entries.size > 0 || s.findings.length > 0) suppressions.set(r, s);
    result.findings.push(...s.findings.map((f) => locate(f, r)));
  }
  for (const rule of registry.all()) {
    if (options.only && !options.only.includes(rule.id)) continue;
    if (config.disable.includes(rule.id)) continue;
    const override: SeverityOverride | undefined =
      config.environments[ctx.environment]?.severity[rule.id] ?? config.severity[rule.id];
    if (override === 'off') continue;
    const missing = (rule.needs ?? []).filter((n) => (n === 'spec' ? !ctx.spec : false));
    if (missing.length > 0) {
      result.skipped.push({
        rule: rule.id,
        reason: 'needs a cluster spec (validate a cluster, or pass --cluster NAME|FILE)',
      });
      continue;
    }
    result.rulesRun.push(rule.id);
    running = rule.id;
    let produced;
    try {
      produced = rule.check(ctx);
    } catch (error) {
      result.findings.push({
        rule: 'internal',
        severity: 'error',
        message: `rule ${rule.id} failed: ${(error as Error).message}`,
        hint: 'This is a bug in the rule; please report it.',
      });
      continue;
    }
    for (const f of produced) {
      const severity: Severity = override ?? f.severity ?? severityFor(rule, ctx.environment);
      const finding: Finding = {
        rule: rule.id,
        severity,
        message: f.message,
        ...(f.hint ? { hint: f.hint } : {}),
        resource: refOf(f.resource),
        path: f.path,
        ...(f.derivedFrom ? { derivedFrom: f.derivedFrom } : {}),
      };
      const reason = suppressions.get(f.resource)?.entries.get(rule.id);
      if (reason !== undefined) finding.suppressed = { reason };
      result.findings.push(locate(finding, f.resource));
    }
  }
  return result;
}

export function severityFor(rule: Rule, environment: 'dev' | 'staging' | 'prod'): Severity {
  if (typeof rule.severity === 'string') return rule.severity;
  return environment === 'prod' ? rule.severity.prod : rule.severity.default;
}

function locate(finding: Finding, resource: Resource): Finding {
  const where = resource.source.locate(finding.path ?? '');
  return {
    ...finding,
    file: where.file,
    ...(where.position ? { line: where.position.line, column: where.position.column } : {}),
  };
}

export { SUPPRESS_ANNOTATION };
