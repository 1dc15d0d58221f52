import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocument, type Finding } from '@inference-gitops/core';

/** File name of the per-repository configuration, at the repository root. */
export const REPO_CONFIG_FILE = '.gitops.yaml';

/** The `schemas:` and `validate:` sections of .gitops.yaml (the `rules:` section belongs to libs/rules). */
export interface ValidateConfig {
  /** Kinds (`group/version/Kind` or `Kind`) that may go without a schema; reported as skipped, never silently passed. */
  allowMissingSchemas: Array<{ kind: string; reason: string }>;
  kubernetesVersion?: string;
}

const KNOWN_TOP_LEVEL = ['rules', 'schemas', 'kubernetesVersion'];

/** Reads .gitops.yaml's validate-related settings; every problem is a finding with file and line. */
export function loadValidateConfig(repoRoot: string): { config: ValidateConfig; findings: Finding[]; file?: string } {
  const file = join(repoRoot, REPO_CONFIG_FILE);
  const config: ValidateConfig = { allowMissingSchemas: [] };
  if (!existsSync(file)) return { config, findings: [] };
  const { value, locator, errors } = parseYamlDocument(readFileSync(file, 'utf8'), file);
  if (errors.length > 0) return { config, findings: errors, file };
  const findings: Finding[] = [];
  const problem = (pointer: string, message: string, hint?: string) => {
    const at = locator.locate(pointer);
    findings.push({
      rule: 'config',
      severity: 'error',
      message,
      ...(hint ? { hint } : {}),
      file: at.file,
      line: at.position?.line,
      column: at.position?.column,
      path: pointer,
    });
  };
  if (value === undefined || value === null) return { config, findings, file };
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem('', `${REPO_CONFIG_FILE} must be a mapping`, `Top-level keys: ${KNOWN_TOP_LEVEL.join(', ')}.`);
    return { config, findings, file };
  }
  const top = value as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (!KNOWN_TOP_LEVEL.includes(key))
      problem(`/${key}`, `unknown key "${key}" in ${REPO_CONFIG_FILE}`, `Known keys: ${KNOWN_TOP_LEVEL.join(', ')}.`);
  }
  if (top.kubernetesVersion !== undefined) {
    if (typeof top.kubernetesVersion === 'string' && /^\d+\.\d+(\.\d+)?$/.test(top.kubernetesVersion))
      config.kubernetesVersion = top.kubernetesVersion;
    else problem('/kubernetesVersion', 'kubernetesVersion must be a version string such as "1.32.2"');
  }
  const schemas = top.schemas;
  if (schemas !== undefined) {
    if (typeof schemas !== 'object' || schemas === null || Array.isArray(schemas)) {
      problem('/schemas', 'schemas must be a mapping', 'Known keys: allowMissing.');
    } else {
      const s = schemas as Record<string, unknown>;
      for (const key of Object.keys(s))
        if (key !== 'allowMissing')
          problem(`/schemas/${key}`, `unknown key "${key}" under schemas`, 'Known keys: allowMissing.');
      const list = s.allowMissing;
      if (list !== undefined) {
        if (!Array.isArray(list))
          problem('/schemas/allowMissing', 'schemas.allowMissing must be a list of {kind, reason}');
        else
          list.forEach((entry, i) => {
            const e = entry as Record<string, unknown> | null;
            if (
              !e ||
              typeof e !== 'object' ||
              typeof e.kind !== 'string' ||
              typeof e.reason !== 'string' ||
              e.reason.trim() === ''
            ) {
              problem(
                `/schemas/allowMissing/${i}`,
                'each schemas.allowMissing entry needs a kind and a reason',
                'Example: {kind: sailoperator.io/v1/Istio, reason: "CRD ships with the sail-operator chart"}',
              );
            } else config.allowMissingSchemas.push({ kind: e.kind, reason: e.reason });
          });
      }
    }
  }
  return { config, findings, file };
}

/** Does `apiVersion`/`kind` match a `group/version/Kind`, `group/Kind` or `Kind` pattern? */
export function kindMatches(pattern: string, apiVersion: string, kind: string): boolean {
  if (pattern === kind) return true;
  if (pattern === `${apiVersion}/${kind}`) return true;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return pattern === `${group}/${kind}`;
}
