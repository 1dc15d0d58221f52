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

/** One validated resource, where a person edits it. */
export interface ReportResource {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The file the resource is written in, relative to the current directory. */
  file?: string;
  /** Indices into `Report.findings` of the findings about this resource (set by the validator). */
  findings?: number[];
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
    /** CEL rules (x-kubernetes-validations) of the validated kinds the engine could not evaluate: 0 for the pinned CRDs. */
    celRulesSkipped?: number;
    celRulesNotEvaluated?: Array<{ kind: string; rule: string; error: string }>;
    /** What the run decided for the reader (e.g. which cluster an overlay was checked against). */
    notes?: string[];
  };
  rules: RuleInfo[];
  /** `gitops validate --platform`: what the platform changes besides the findings it adds. */
  rehearsal?: Rehearsal;
  /**
   * Every resource validated, once per (apiVersion, kind, namespace, name, file), sorted by file: JUnit
   * writes one test case for each. Optional, and not part of the JSON output.
   */
  resources?: ReportResource[];
}

export interface Rehearsal {
  platform: string;
  /** Per cluster: the sets whose version the platform changes. */
  versions: string[];
  /** Per cluster: the files `gitops generate` would write differently for the platform, and its errors there. */
  generated: Array<{
    cluster: string;
    files: string[];
    errors: number;
    warnings: number;
    /** The spec itself is refused once its versions are the platform's: nothing was generated. */
    specErrors?: boolean;
  }>;
  /** Per LLMInferenceService: what KServe would run differently (presets of the platform's release), and the diff. */
  endpoints: Array<{ resource: string; file?: string; line?: number; changes: string[]; diff: string }>;
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
  return f.resource ? refLabel(f.resource) : undefined;
}

/** `Kind namespace/name`, as every format names a resource. */
export function refLabel(ref: { kind: string; namespace?: string; name: string }): string {
  const { kind, namespace, name } = ref;
  return `${kind || '(no kind)'} ${namespace ? `${namespace}/` : ''}${name || '(unnamed)'}`;
}
