/**
 * Size limits decidable from the manifest:
 * - client-side `kubectl apply` (and Argo CD without ServerSideApply=true) copies the object, as compact JSON, into the
 *   kubectl.kubernetes.io/last-applied-configuration annotation, and all annotations together are limited to
 *   262144 bytes (objectmeta.go TotalAnnotationSizeLimitB);
 * - the API server refuses request bodies over 3 MiB (apiserver MaxRequestBodyBytes).
 */
import { TOTAL_ANNOTATION_SIZE_LIMIT } from './metadata.js';
import { SRC, asObj, type Obj, type Report } from './report.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** Bytes of Go's json.Marshal output for the value: compact, with <, >, & and U+2028/U+2029 escaped as \uXXXX. */
export function goJsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let extra = 0;
  for (const ch of text)
    if (ch === '<' || ch === '>' || ch === '&' || ch === '\u2028' || ch === '\u2029')
      extra += ch === '<' || ch === '>' || ch === '&' ? 5 : 3;
  return Buffer.byteLength(text) + extra;
}

/** The annotation kubectl would write, as the byte count of `key + value` plus the other annotations. */
export function lastAppliedAnnotationBytes(object: Obj): { json: number; total: number } {
  const meta = asObj(object.metadata) ?? {};
  const annotations = { ...(asObj(meta.annotations) ?? {}) };
  delete annotations[LAST_APPLIED];
  // kubectl removes the annotation, encodes the object (json.Encoder: a trailing newline), then stores that.
  const copy = { ...object, metadata: { ...meta, annotations } };
  const json = goJsonBytes(copy) + 1;
  let total = Buffer.byteLength(LAST_APPLIED) + json;
  for (const [k, v] of Object.entries(annotations))
    total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  return { json, total };
}

export function checkSize(object: Obj, clientSideApply: boolean, report: Report): void {
  const bytes = goJsonBytes(object);
  if (bytes > MAX_REQUEST_BYTES) {
    report.add(
      '',
      `the object is ${bytes} bytes as JSON, more than the ${MAX_REQUEST_BYTES} bytes (3 MiB) the API server accepts in one request; split it into several objects.`,
      SRC.size,
    );
    return;
  }
  if (!clientSideApply) return;
  const { json, total } = lastAppliedAnnotationBytes(object);
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    report.add(
      '/metadata/annotations',
      `client-side apply would store the whole object (${json} bytes of JSON) in the annotation ${LAST_APPLIED}, bringing metadata.annotations to ${total} bytes, more than the ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes allowed ("metadata.annotations: Too long"); apply it server-side (Argo CD sync option ServerSideApply=true, or kubectl apply --server-side), or make the object smaller.`,
      SRC.lastApplied,
    );
  }
}
