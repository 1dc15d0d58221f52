// The vocabulary every stage shares. Data moves in one direction:
// render -> Resource[] -> schema / rules -> Finding[] -> report.

export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column, as editors and GitHub annotations count them. */
export interface Position {
  line: number;
  column: number;
}

/** Identity of a Kubernetes object, as reported in findings. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * Where a resource (and each of its fields) is written down, in the file a person edits.
 * For a plain file that is the file itself; for a kustomize render it is the resource file of the
 * kustomization chain that declares it, or the patch that sets the field.
 */
export interface SourceLocator {
  /** Absolute path of the file a person edits. */
  readonly file: string;
  /** Position of the resource's document start in that file. */
  readonly start?: Position;
  /**
   * Position of the field at a JSON pointer (RFC 6901, "" = the whole object).
   * Falls back to the nearest ancestor that exists in the file, then to the document start.
   * May return a different file when the field comes from a kustomize patch.
   */
  locate(pointer: string): { file: string; position?: Position };
}

/** One parsed Kubernetes object. */
export interface Resource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The object as it will be applied (kustomize's own build annotations stripped). */
  readonly object: KubeObject;
  readonly source: SourceLocator;
  /** The render unit (overlay dir, Application, file) this resource came out of. */
  readonly unit?: string;
}

export type KubeObject = Record<string, unknown> & {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: {
    name?: unknown;
    namespace?: unknown;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  } & Record<string, unknown>;
};

/** A problem found in what was validated. `file`, `line`, `column` are filled by the locate stage. */
export interface Finding {
  /** Rule id: `schema`, `schema-missing`, `yaml`, `render`, or a domain rule id. */
  rule: string;
  severity: Severity;
  message: string;
  hint?: string;
  resource?: ResourceRef;
  /** JSON pointer into the resource ("" for the whole object). */
  path?: string;
  /** Path relative to the current directory. */
  file?: string;
  line?: number;
  column?: number;
  /** Set when the finding is about an object KServe will create from this resource. */
  derivedFrom?: ResourceRef;
  /** Set when an annotation on the resource suppresses this finding. */
  suppressed?: { reason: string };
}

export function refOf(resource: Pick<Resource, 'apiVersion' | 'kind' | 'name' | 'namespace'>): ResourceRef {
  const ref: ResourceRef = { apiVersion: resource.apiVersion, kind: resource.kind, name: resource.name };
  if (resource.namespace !== undefined) ref.namespace = resource.namespace;
  return ref;
}

/** "group/version" -> group ("" for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Errors the user caused (bad flag, missing file): exit code 2, one line, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
