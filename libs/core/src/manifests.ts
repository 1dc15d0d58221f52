import { LineCounter, parseAllDocuments, parseDocument, isMap, isSeq, isScalar, isPair, type Node, type Document } from 'yaml';
import { fromPointer, type Finding, type KubeObject, type Position, type Resource, type SourceLocator } from './types.js';

/** Aliases a single document may expand; more is a billion-laughs attempt. */
const MAX_ALIAS_COUNT = 100;

export interface ParsedStream {
  resources: Resource[];
  /** YAML problems and objects that are not Kubernetes resources (rule `yaml` or `schema`). */
  findings: Finding[];
}

export interface ParseOptions {
  /** File named in findings and source locations (absolute). */
  file: string;
  /** Render unit recorded on each resource. */
  unit?: string;
}

/**
 * Splits a YAML (or JSON) stream into resources with source locations. Never throws on bad input:
 * every problem becomes a finding. `kind: List` documents are expanded into their items.
 */
export function parseManifests(text: string, options: ParseOptions): ParsedStream {
  const { file } = options;
  const findings: Finding[] = [];
  const resources: Resource[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) {
    findings.push({ rule: 'yaml', severity: 'error', message: 'file contains NUL bytes: it is binary, not YAML', file, line: 1, column: 1 });
    return { resources, findings };
  }
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (error) {
    findings.push({ rule: 'yaml', severity: 'error', message: `cannot parse YAML: ${messageOf(error)}`, file, line: 1, column: 1 });
    return { resources, findings };
  }
  docs.forEach((doc, index) => {
    const docStart = lines.linePos(doc.range?.[0] ?? 0);
    const errors = doc.errors;
    if (errors.length > 0) {
      for (const err of errors) {
        const pos = err.linePos?.[0] ?? (err.pos ? lines.linePos(err.pos[0]) : docStart);
        findings.push({ rule: 'yaml', severity: 'error', message: yamlMessage(err.code, err.message), file, line: pos.line, column: pos.col });
      }
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // empty document
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      findings.push({ rule: 'yaml', severity: 'error', message: `document ${index + 1} cannot be read: ${messageOf(error)}`, file, line: docStart.line, column: docStart.col });
      return;
    }
    const locator = new YamlDocumentLocator(file, doc, lines);
    addObject(value, '', locator, options, resources, findings, index);
  });
  return { resources, findings };
}

function addObject(value: unknown, prefix: string, locator: YamlDocumentLocator, options: ParseOptions, resources: Resource[], findings: Finding[], index: number): void {
  const at = (pointer: string) => {
    const where = locator.locate(pointer);
    return { file: where.file, line: where.position?.line, column: where.position?.column };
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : typeof value === 'string' ? 'a string' : `a ${value === null ? 'null' : typeof value}`;
    findings.push({ rule: 'yaml', severity: 'error', message: `document ${index + 1} is ${what}, not a Kubernetes object`, path: prefix, ...at(prefix) });
    return;
  }
  const object = value as KubeObject;
  if (object.kind === 'List' && Array.isArray(object.items)) {
    object.items.forEach((item, i) => addObject(item, `${prefix}/items/${i}`, locator, options, resources, findings, index));
    return;
  }
  const kind = object.kind;
  const apiVersion = object.apiVersion;
  const metadata = object.metadata;
  const name = metadata && typeof metadata === 'object' && typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = metadata && typeof metadata === 'object' && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  if (typeof kind !== 'string' || kind === '') {
    const message = kind === undefined ? 'resource has no kind' : `kind must be a string, not ${JSON.stringify(kind)}`;
    findings.push({ rule: 'schema', severity: 'error', message, hint: 'Every Kubernetes object needs `kind` and `apiVersion`.', path: `${prefix}/kind`, resource: { apiVersion: String(apiVersion ?? ''), kind: '', name }, ...at(kind === undefined ? prefix : `${prefix}/kind`) });
    return;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    const message = apiVersion === undefined ? `${kind} has no apiVersion` : `apiVersion must be a string, not ${JSON.stringify(apiVersion)}`;
    findings.push({ rule: 'schema', severity: 'error', message, hint: 'Every Kubernetes object needs `kind` and `apiVersion`.', path: `${prefix}/apiVersion`, resource: { apiVersion: '', kind, name }, ...at(apiVersion === undefined ? prefix : `${prefix}/apiVersion`) });
    return;
  }
  const source = prefix === '' ? locator : new PrefixedLocator(locator, prefix);
  const resource: Resource = { apiVersion, kind, name, object, source, ...(namespace !== undefined ? { namespace } : {}), ...(options.unit !== undefined ? { unit: options.unit } : {}) };
  resources.push(resource);
}

/** Field positions inside one YAML document. */
export class YamlDocumentLocator implements SourceLocator {
  readonly start: Position;
  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed | Document,
    private readonly lines: LineCounter,
  ) {
    const offset = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    const pos = lines.linePos(offset);
    this.start = { line: pos.line, column: pos.col };
  }

  locate(pointer: string): { file: string; position?: Position } {
    const position = this.positionOf(pointer);
    return { file: this.file, position: position ?? this.start };
  }

  /** Exact position of the field at `pointer`, or of its nearest ancestor; undefined if none. */
  positionOf(pointer: string, exactOnly = false): Position | undefined {
    const segments = fromPointer(pointer);
    let node: unknown = this.doc.contents;
    let found: Position | undefined = this.nodePos(node);
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) return exactOnly ? undefined : found;
        // A field's position is its key: that is what a person looks for in the file.
        found = this.nodePos(pair.key) ?? found;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined || !/^\d+$/.test(segment)) return exactOnly ? undefined : found;
        found = this.nodePos(item) ?? found;
        node = item;
      } else {
        return exactOnly ? undefined : found;
      }
    }
    return found;
  }

  private nodePos(node: unknown): Position | undefined {
    const range = (node as Node | null | undefined)?.range;
    if (!range) return undefined;
    const pos = this.lines.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  }
}

class PrefixedLocator implements SourceLocator {
  readonly file: string;
  readonly start?: Position;
  constructor(
    private readonly inner: YamlDocumentLocator,
    private readonly prefix: string,
  ) {
    this.file = inner.file;
    const start = inner.positionOf(prefix);
    if (start) this.start = start;
  }
  locate(pointer: string) {
    return this.inner.locate(this.prefix + pointer);
  }
}

/** Parses one YAML document that must be a mapping (config files, cluster specs), keeping positions. */
export function parseYamlDocument(text: string, file: string): { value: unknown; locator: YamlDocumentLocator; errors: Finding[] } {
  const lines = new LineCounter();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const locator = new YamlDocumentLocator(file, doc, lines);
  const errors: Finding[] = doc.errors.map((err) => {
    const pos = err.linePos?.[0] ?? (err.pos ? lines.linePos(err.pos[0]) : { line: 1, col: 1 });
    return { rule: 'yaml', severity: 'error' as const, message: yamlMessage(err.code, err.message), file, line: pos.line, column: pos.col };
  });
  let value: unknown = undefined;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      errors.push({ rule: 'yaml', severity: 'error', message: `cannot be read: ${messageOf(error)}`, file, line: 1, column: 1 });
    }
  }
  return { value, locator, errors };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY') return 'duplicate key: map keys must be unique';
  if (code === 'TAB_AS_INDENT') return `tab character used for indentation: ${first}`;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'nesting is too deep';
  return error instanceof Error ? error.message : String(error);
}
