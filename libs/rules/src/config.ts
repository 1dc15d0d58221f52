import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocument, type Finding, type Severity } from '@inference-gitops/core';

export type SeverityOverride = Severity | 'off';

/** The `rules:` section of .gitops.yaml. */
export interface RulesConfig {
  disable: string[];
  severity: Record<string, SeverityOverride>;
  environments: Partial<Record<'dev' | 'staging' | 'prod', { severity: Record<string, SeverityOverride> }>>;
}

export const EMPTY_RULES_CONFIG: RulesConfig = { disable: [], severity: {}, environments: {} };
const LEVELS = ['error', 'warning', 'info', 'off'];

/** Reads and checks the `rules:` section; unknown keys, levels and rule ids are findings with their line. */
export function loadRulesConfig(repoRoot: string, knownIds?: string[]): { config: RulesConfig; findings: Finding[] } {
  const file = join(repoRoot, '.gitops.yaml');
  const config: RulesConfig = { disable: [], severity: {}, environments: {} };
  if (!existsSync(file)) return { config, findings: [] };
  const { value, locator, errors } = parseYamlDocument(readFileSync(file, 'utf8'), file);
  if (errors.length) return { config, findings: [] }; // reported once, by the validator's config loader
  const findings: Finding[] = [];
  const problem = (pointer: string, message: string, hint?: string) => {
    const at = locator.locate(pointer);
    findings.push({
      rule: 'config',
      severity: 'error',
      message,
      ...(hint ? { hint } : {}),
      path: pointer,
      file,
      line: at.position?.line,
      column: at.position?.column,
    });
  };
  const rules = (value as Record<string, unknown> | null)?.rules;
  if (rules === undefined || rules === null) return { config, findings };
  if (typeof rules !== 'object' || Array.isArray(rules)) {
    problem('/rules', 'rules must be a mapping', 'Keys: disable, severity, environments.');
    return { config, findings };
  }
  const checkId = (pointer: string, id: string) => {
    if (knownIds && !knownIds.includes(id))
      problem(pointer, `unknown rule id "${id}"`, 'Run `gitops rules` for the list.');
  };
  const severities = (pointer: string, map: unknown): Record<string, SeverityOverride> => {
    const out: Record<string, SeverityOverride> = {};
    if (map === undefined) return out;
    if (!map || typeof map !== 'object' || Array.isArray(map)) {
      problem(pointer, `${pointer.slice(1).replace(/\//g, '.')} must map rule ids to error, warning, info or off`);
      return out;
    }
    for (const [id, level] of Object.entries(map)) {
      checkId(`${pointer}/${id}`, id);
      if (typeof level !== 'string' || !LEVELS.includes(level))
        problem(
          `${pointer}/${id}`,
          `severity of ${id} must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(level)}`,
        );
      else out[id] = level as SeverityOverride;
    }
    return out;
  };
  const r = rules as Record<string, unknown>;
  for (const key of Object.keys(r))
    if (!['disable', 'severity', 'environments'].includes(key))
      problem(`/rules/${key}`, `unknown key "${key}" under rules`, 'Keys: disable, severity, environments.');
  if (r.disable !== undefined) {
    if (!Array.isArray(r.disable)) problem('/rules/disable', 'rules.disable must be a list of rule ids');
    else
      r.disable.forEach((id, i) =>
        typeof id === 'string'
          ? (checkId(`/rules/disable/${i}`, id), config.disable.push(id))
          : problem(`/rules/disable/${i}`, 'rule ids are strings'),
      );
  }
  config.severity = severities('/rules/severity', r.severity);
  if (r.environments !== undefined) {
    const envs = r.environments as Record<string, unknown>;
    for (const [env, body] of Object.entries(envs ?? {})) {
      if (!['dev', 'staging', 'prod'].includes(env)) {
        problem(`/rules/environments/${env}`, `unknown environment "${env}"`, 'Environments: dev, staging, prod.');
        continue;
      }
      config.environments[env as 'dev'] = {
        severity: severities(`/rules/environments/${env}/severity`, (body as Record<string, unknown> | null)?.severity),
      };
    }
  }
  return { config, findings };
}
