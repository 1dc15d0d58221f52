/** Shared plumbing: the violation type, JSON pointers, field names as the API server prints them, value guards. */

export interface ApiViolation {
  /** JSON pointer (RFC 6901) into the object. */
  path: string;
  message: string;
  hint?: string;
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asObj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** RFC 6901: `~` -> `~0`, `/` -> `~1`. */
export const escapeSegment = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Append segments to a JSON pointer. */
export function ptr(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => `/${escapeSegment(String(s))}`).join('');
}

/** The pointer as the API server names a field: `spec.containers[0].name`, `metadata.labels[app.kubernetes.io/name]`. */
export function fieldOf(pointer: string): string {
  if (pointer === '') return '(the object)';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${seg}]`;
  }
  return out;
}

/** A value quoted for a message; long values are cut. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120
    ? `${text.slice(0, 100)}…" (${typeof value === 'string' ? value.length : text.length} characters)`
    : text;
}

/** Collects violations; `hint` names the Kubernetes source of the rule. */
export class Report {
  readonly violations: ApiViolation[] = [];
  add(path: string, message: string, hint?: string): void {
    this.violations.push({ path, message, ...(hint ? { hint } : {}) });
  }
}

/** Kubernetes source paths quoted in hints. */
export const SRC = {
  objectMeta: 'kube-apiserver: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go',
  metaV1: 'kube-apiserver: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go',
  core: 'kube-apiserver: pkg/apis/core/validation/validation.go',
  apps: 'kube-apiserver: pkg/apis/apps/validation/validation.go',
  batch: 'kube-apiserver: pkg/apis/batch/validation/validation.go',
  policy: 'kube-apiserver: pkg/apis/policy/validation/validation.go',
  networking: 'kube-apiserver: pkg/apis/networking/validation/validation.go',
  ssa: 'kube-apiserver: server-side apply (sigs.k8s.io/structured-merge-diff), list-map keys from the OpenAPI x-kubernetes-list-map-keys',
  crdListMap:
    'kube-apiserver: apiextensions-apiserver list-map uniqueness (x-kubernetes-list-type: map in the CRD schema)',
  lws: 'LeaderWorkerSet webhook: sigs.k8s.io/lws pkg/webhooks/leaderworkerset_webhook.go',
  size: 'kube-apiserver: request body limit (3 MiB, staging/src/k8s.io/apiserver/pkg/server/config.go MaxRequestBodyBytes)',
  lastApplied:
    'kubectl apply (client-side) stores the object in the ' +
    'kubectl.kubernetes.io/last-applied-configuration annotation; annotations are limited to 262144 ' +
    'bytes (objectmeta.go TotalAnnotationSizeLimitB)',
} as const;
