import type { Finding, Resource, ResourceRef, Severity } from './types.js';

/**
 * The contract between the rule engine (libs/rules) and the rest. A rule is data (id, docs,
 * scope) plus one pure check over the whole resource set of one cluster.
 */
export interface RuleDocs {
  /** Why the invariant matters: what breaks when it does not hold. */
  why: string;
  /** What to change to satisfy it. */
  fix: string;
  /** Where the fact comes from (URL or owner/repo:path@ref), and how sure it is. */
  source: string;
}

export interface RuleMeta {
  id: string;
  severity: Severity | { prod: Severity; default: Severity };
  summary: string;
  docs: RuleDocs;
  /** Kinds the rule looks at (for docs and quick skipping). */
  kinds: string[];
  /** Context the rule cannot run without; missing context -> the rule is listed as skipped. */
  needs?: Array<'spec'>;
}

/** What a check returns; the engine adds rule id, severity, file and line. */
export interface RuleFinding {
  resource: Resource;
  /** JSON pointer in `resource.object`. */
  path: string;
  message: string;
  hint?: string;
  /** When the finding is about an object KServe will create from `resource`. */
  derivedFrom?: ResourceRef;
  /** Overrides the rule's severity for this one finding (e.g. unresolved references are warnings). */
  severity?: Severity;
}

export type { Finding };
