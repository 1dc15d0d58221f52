import type { Finding } from '@inference-gitops/core';

export type OutputFormat = 'text' | 'json' | 'junit' | 'sarif' | 'github';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'junit', 'sarif', 'github'];

export interface RuleInfo {
  id: string;
  summary: string;
  severity: string;
  helpUri?: string;
  docs?: string;
}

/** Everything a reporter formats. Reporters compute nothing: counts come from the validator. */
export interface Report {
  tool: { name: 'gitops'; version: string };
  findings: Finding[];
  summary: {
    resources: number;
    errors: number;
    warnings: number;
    infos: number;
    suppressed: number;
    targets: number;
    renderUnits: number;
    durationMs: number;
    kustomize?: { version: string; via: string; note?: string };
    skippedRules: Array<{ rule: string; reason: string }>;
    skippedResources: Array<{ kind: string; apiVersion: string; count: number; reason: string }>;
    celRulesSkipped?: number;
  };
  rules: RuleInfo[];
}

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number; infos: number } {
  const live = findings.filter((f) => !f.suppressed);
  return {
    errors: live.filter((f) => f.severity === 'error').length,
    warnings: live.filter((f) => f.severity === 'warning').length,
    infos: live.filter((f) => f.severity === 'info').length,
  };
}

export function resourceLabel(f: Finding): string | undefined {
  if (!f.resource) return undefined;
  const { kind, namespace, name } = f.resource;
  return `${kind || '(no kind)'} ${namespace ? `${namespace}/` : ''}${name || '(unnamed)'}`;
}
