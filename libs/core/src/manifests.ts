import {
  LineCounter,
  parseAllDocuments,
  parseDocument,
  isMap,
  isSeq,
  isScalar,
  isPair,
  type Node,
  type Document,
  type YAMLSeq,
} from 'yaml';
import jsYaml from 'js-yaml';
import {
  GO_OCTAL_INT,
  goEscapes,
  isGoApostrophe,
  mayHaveGoEscapeDifferences,
  yaml11Booleans,
} from './go-yaml-escapes.js';
import {
  fromPointer,
  type Finding,
  type KubeObject,
  type Position,
  type Resource,
  type SourceLocator,
} from './types.js';

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
    findings.push({
      rule: 'yaml',
      severity: 'error',
      message: 'file contains NUL bytes: it is binary, not YAML',
      file,
      line: 1,
      column: 1,
    });
    return { resources, findings };
  }
  const fast = parseFast(text, options);
  if (fast) return fast;
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      lineCounter: lines,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      // `<<` merge keys, which both Go readers apply (YAML 1.1; go-yaml v3 keeps them too).
      merge: true,
      // Octal as the Go readers read it (0644 is 420), ahead of the core schema's decimal int.
      customTags: (tags) => [GO_OCTAL_INT, ...tags],
    }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (error) {
    findings.push({
      rule: 'yaml',
      severity: 'error',
      message: `cannot parse YAML: ${messageOf(error)}`,
      file,
      line: 1,
      column: 1,
    });
    return { resources, findings };
  }
  const goCheck = mayHaveGoEscapeDifferences(text);
  const yaml11 = YAML11_VALUE.test(text);
  docs.forEach((doc, index) => {
    const docStart = lines.linePos(doc.range?.[0] ?? 0);
    // `\'` in double quotes: an error in YAML 1.2, an apostrophe to the Go readers kubectl and Argo CD use.
    const errors = goCheck ? doc.errors.filter((e) => !isGoApostrophe(e.code, e.pos, text)) : doc.errors;
    if (errors.length > 0) {
      for (const err of errors) {
        const pos = err.linePos?.[0] ?? (err.pos ? lines.linePos(err.pos[0]) : docStart);
        findings.push({
          rule: 'yaml',
          severity: 'error',
          message: yamlMessage(err.code, err.message, duplicateKey(err, text)),
          file,
          line: pos.line,
          column: pos.col,
        });
      }
      return;
    }
    if (yaml11) {
      for (const w of yaml11Booleans(doc)) {
        const pos = lines.linePos(w.offset);
        findings.push({
          rule: 'yaml',
          severity: 'warning',
          message: w.message,
          hint: w.hint,
          file,
          line: pos.line,
          column: pos.col,
        });
      }
    }
    if (goCheck) {
      const problems = goEscapes(doc, text);
      for (const p of problems) {
        const pos = lines.linePos(p.offset);
        findings.push({
          rule: 'yaml',
          severity: 'error',
          message: p.message,
          hint: p.hint,
          file,
          line: pos.line,
          column: pos.col,
        });
      }
      if (problems.length > 0) return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // empty document
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      findings.push({
        rule: 'yaml',
        severity: 'error',
        message: `document ${index + 1} cannot be read: ${messageOf(error)}`,
        file,
        line: docStart.line,
        column: docStart.col,
      });
      return;
    }
    // Keep the text, not the parsed document: positions are only needed for the few resources with
    // findings, and holding every document tree costs hundreds of MB on large streams.
    const start = doc.range?.[0] ?? 0;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const pos = lines.linePos(doc.contents?.range?.[0] ?? start);
    const locator = new LazyDocumentLocator(
      file,
      text,
      lineStart,
      doc.range?.[2] ?? text.length,
      lines.linePos(lineStart).line,
      { line: pos.line, column: pos.col },
    );
    addObject(value, '', locator, options, resources, findings, index);
  });
  return { resources, findings };
}

function addObject(
  value: unknown,
  prefix: string,
  locator: PositionLocator,
  options: ParseOptions,
  resources: Resource[],
  findings: Finding[],
  index: number,
): void {
  const at = (pointer: string) => {
    const where = locator.locate(pointer);
    return { file: where.file, line: where.position?.line, column: where.position?.column };
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value)
      ? 'a list'
      : typeof value === 'string'
        ? 'a string'
        : `a ${value === null ? 'null' : typeof value}`;
    findings.push({
      rule: 'yaml',
      severity: 'error',
      message: `document ${index + 1} is ${what}, not a Kubernetes object`,
      path: prefix,
      ...at(prefix),
    });
    return;
  }
  const object = value as KubeObject;
  if (object.kind === 'List' && Array.isArray(object.items)) {
    object.items.forEach((item, i) =>
      addObject(item, `${prefix}/items/${i}`, locator, options, resources, findings, index),
    );
    return;
  }
  const kind = object.kind;
  const apiVersion = object.apiVersion;
  const metadata = object.metadata;
  const name = metadata && typeof metadata === 'object' && typeof metadata.name === 'string' ? metadata.name : '';
  const namespace =
    metadata && typeof metadata === 'object' && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  if (typeof kind !== 'string' || kind === '') {
    const message = kind === undefined ? 'resource has no kind' : `kind must be a string, not ${JSON.stringify(kind)}`;
    findings.push({
      rule: 'schema',
      severity: 'error',
      message,
      hint: 'Every Kubernetes object needs `kind` and `apiVersion`.',
      path: `${prefix}/kind`,
      resource: { apiVersion: String(apiVersion ?? ''), kind: '', name },
      ...at(kind === undefined ? prefix : `${prefix}/kind`),
    });
    return;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    const message =
      apiVersion === undefined
        ? `${kind} has no apiVersion`
        : `apiVersion must be a string, not ${JSON.stringify(apiVersion)}`;
    findings.push({
      rule: 'schema',
      severity: 'error',
      message,
      hint: 'Every Kubernetes object needs `kind` and `apiVersion`.',
      path: `${prefix}/apiVersion`,
      resource: { apiVersion: '', kind, name },
      ...at(apiVersion === undefined ? prefix : `${prefix}/apiVersion`),
    });
    return;
  }
  const source = prefix === '' ? locator : new PrefixedLocator(locator, prefix);
  const resource: Resource = {
    apiVersion,
    kind,
    name,
    object,
    source,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(options.unit !== undefined ? { unit: options.unit } : {}),
  };
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

  /**
   * Exact position of the field at `pointer`, or of its nearest ancestor; undefined if none. With
   * `rendered` (the object the pointer indexes, e.g. kustomize's output), list indices are matched by
   * merge key instead: a patch that lists only container `main` still answers for `containers/3`.
   */
  positionOf(pointer: string, exactOnly = false, rendered?: unknown): Position | undefined {
    const segments = fromPointer(pointer);
    let node: unknown = this.doc.contents;
    let found: Position | undefined = this.nodePos(node);
    let renderedNode: unknown = rendered;
    for (const [i, rawSegment] of segments.entries()) {
      let segment = rawSegment;
      if (rendered !== undefined && isSeq(node)) segment = keyedIndex(node, renderedNode, segment) ?? segment;
      renderedNode =
        renderedNode && typeof renderedNode === 'object'
          ? (renderedNode as Record<string, unknown>)[segments[i]!]
          : undefined;
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

/** Strategic-merge keys of the Kubernetes list types a patch names elements of. */
const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'topologyKey'] as const;

/** The index in `seq` of the element with the same merge key as `rendered[index]`, when one matches. */
function keyedIndex(seq: YAMLSeq, rendered: unknown, index: string): string | undefined {
  const element = Array.isArray(rendered) ? (rendered[Number(index)] as unknown) : undefined;
  if (!element || typeof element !== 'object') return undefined;
  for (const key of MERGE_KEYS) {
    const value = (element as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'object') continue;
    const at = seq.items.findIndex(
      (item) =>
        isMap(item) &&
        item.items.some(
          (p) =>
            isPair(p) &&
            isScalar(p.key) &&
            p.key.value === key &&
            isScalar(p.value) &&
            String(p.value.value) === String(value),
        ),
    );
    return at >= 0 ? String(at) : '-1';
  }
  return undefined;
}

/** A locator that can answer for an exact pointer (used by prefixed List items and source documents). */
export interface PositionLocator extends SourceLocator {
  readonly start?: Position;
  positionOf(pointer: string, exactOnly?: boolean, rendered?: unknown): Position | undefined;
}

/** One document of a source file (an overlay's resource or patch) as data, with its field positions. */
export interface SourceDocument {
  /** The document as data; null when it does not parse. */
  js: unknown;
  locator: PositionLocator & { readonly start: Position };
}

/**
 * Every document of a source file, for locating rendered fields in it. Like parseManifests, well-formed
 * text takes the fast path and each document's positions are parsed only when asked for; anything
 * unusual is parsed exactly. Never throws.
 */
export function parseSourceDocuments(text: string, file: string): SourceDocument[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const fast = splitFast(text);
  if (fast) {
    const docs: SourceDocument[] = [];
    for (const d of fast) {
      if (d.value === undefined || d.value === null) continue;
      docs.push({
        js: d.value,
        locator: new LazyDocumentLocator(file, text, d.begin, d.end, d.line, {
          line: d.line + leadingLines(text.slice(d.begin, d.end)),
          column: 1,
        }),
      });
    }
    return docs;
  }
  const lines = new LineCounter();
  const docs: SourceDocument[] = [];
  try {
    for (const doc of parseAllDocuments(text, {
      lineCounter: lines,
      merge: true,
      customTags: (tags) => [GO_OCTAL_INT, ...tags],
    })) {
      const js = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown) : null;
      docs.push({ js, locator: new YamlDocumentLocator(file, doc, lines) });
    }
  } catch {
    // an unreadable source only costs precision: the caller falls back to the rendered stream
  }
  return docs;
}

/** Field positions of one document of a stream, parsed again from the text on first use. */
class LazyDocumentLocator implements PositionLocator {
  private inner?: YamlDocumentLocator;

  constructor(
    readonly file: string,
    private readonly text: string,
    /** Offset of the line the document starts on, and its line number. */
    private readonly lineStart: number,
    private readonly end: number,
    private readonly baseLine: number,
    readonly start: Position,
  ) {}

  private parsed(): YamlDocumentLocator {
    if (!this.inner) {
      const lines = new LineCounter();
      const doc = parseDocument(this.text.slice(this.lineStart, this.end), {
        lineCounter: lines,
        merge: true,
        prettyErrors: false,
      });
      this.inner = new YamlDocumentLocator(this.file, doc, lines);
    }
    return this.inner;
  }

  private shift(p: Position | undefined): Position | undefined {
    return p && { line: p.line + this.baseLine - 1, column: p.column };
  }

  positionOf(pointer: string, exactOnly = false, rendered?: unknown): Position | undefined {
    return this.shift(this.parsed().positionOf(pointer, exactOnly, rendered));
  }

  locate(pointer: string): { file: string; position?: Position } {
    return { file: this.file, position: this.positionOf(pointer) ?? this.start };
  }
}

class PrefixedLocator implements SourceLocator {
  readonly file: string;
  readonly start?: Position;
  constructor(
    private readonly inner: PositionLocator,
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

/**
 * The value of a single-document YAML file (a kustomization): js-yaml on the fast path, the exact parser
 * (with its alias limit) for anything unusual. Throws on a syntax error, like `yaml`'s parse.
 */
export function parseYamlValue(text: string): unknown {
  const fast = splitFast(text);
  if (fast && fast.length === 1) return fast[0]!.value ?? null;
  const doc = parseDocument(text, { merge: true, prettyErrors: false });
  if (doc.errors.length > 0) throw doc.errors[0];
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/** Parses one YAML document that must be a mapping (config files, cluster specs), keeping positions. */
export function parseYamlDocument(
  text: string,
  file: string,
): { value: unknown; locator: YamlDocumentLocator; errors: Finding[] } {
  const lines = new LineCounter();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    strict: true,
  });
  const locator = new YamlDocumentLocator(file, doc, lines);
  const errors: Finding[] = doc.errors.map((err) => {
    const pos = err.linePos?.[0] ?? (err.pos ? lines.linePos(err.pos[0]) : { line: 1, col: 1 });
    return {
      rule: 'yaml',
      severity: 'error' as const,
      message: yamlMessage(err.code, err.message, duplicateKey(err, text)),
      file,
      line: pos.line,
      column: pos.col,
    };
  });
  let value: unknown = undefined;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      errors.push({
        rule: 'yaml',
        severity: 'error',
        message: `cannot be read: ${messageOf(error)}`,
        file,
        line: 1,
        column: 1,
      });
    }
  }
  return { value, locator, errors };
}

/**
 * parseYamlDocument for a file of one document (a cluster spec), through the fast parser when the text is
 * plain: positions are then parsed only when a finding asks for one. Anything else (several documents,
 * none, anchors, tabs, a parse error) takes the exact path, which says what is wrong and where.
 */
export function parseSingleDocument(
  text: string,
  file: string,
): { value: unknown; locator: PositionLocator; errors: Finding[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const fast = splitFast(body);
  const only = fast?.length === 1 ? fast[0]! : undefined;
  if (only && only.value !== null && only.value !== undefined) {
    const start = { line: only.line + leadingLines(body.slice(only.begin, only.end)), column: 1 };
    return {
      value: only.value,
      locator: new LazyDocumentLocator(file, body, only.begin, only.end, only.line, start),
      errors: [],
    };
  }
  return parseYamlDocument(text, file);
}

/** The key a DUPLICATE_KEY error is about, as written (go-yaml names it in its message). */
function duplicateKey(err: { code: string; pos?: [number, number] }, text: string): string | undefined {
  if (err.code !== 'DUPLICATE_KEY' || !err.pos) return undefined;
  // The position marks where the key starts: read the key token (quoted, or plain up to its colon).
  const m = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n#{}[\],]+?)\s*:/.exec(text.slice(err.pos[0], err.pos[0] + 200));
  const key = m?.[1]?.trim();
  return key && key.length <= 100 ? key : undefined;
}

function yamlMessage(code: string, message: string, key?: string): string {
  const first = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY')
    return key !== undefined
      ? `mapping key ${JSON.stringify(key.replace(/^["']|["']$/g, ''))} already defined: map keys must be unique (kubectl and kustomize refuse the file)`
      : 'duplicate key: map keys must be unique';
  if (code === 'MULTIPLE_DOCS') return 'more than one YAML document (a `---` line): this file holds one';
  if (code === 'TAB_AS_INDENT') return `tab character used for indentation: ${first}`;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'nesting is too deep';
  return error instanceof Error ? error.message : String(error);
}

const DOCUMENT_MARKER = /^---(?=[ \t]|$)/gm;
/**
 * Directives and tabs take the exact (slower) path, with its protections; so do anchors and aliases (seen
 * while js-yaml reads, since `&`, `*` and `!` are common inside scalars such as scripts) and unknown tags
 * (js-yaml's core schema refuses them).
 */
/** A plain value YAML 1.1 reads as a boolean (checked on the exact path). */
const YAML11_VALUE = /[:-]\s+(y|yes|n|no|on|off)\s*(#.*)?$/im;
/** A plain value with a leading 0 and octal digits (Go reads it as octal). */
const OCTAL_VALUE = /[:,[{-]\s*[-+]?0[0-7]+\s*([,}\]#]|$)/m;
// Directives and tabs, and where YAML 1.2 and Go's readers differ (go-yaml-escapes.ts): double-quoted escapes,
// octal numbers, YAML 1.1 booleans, `<<` merge keys.
const NEEDS_EXACT_PATH = new RegExp(`^%|\\t|<<\\s*:|\\\\['/]|${OCTAL_VALUE.source}|${YAML11_VALUE.source}`, 'im');

class AnchorSeen extends Error {}
/** js-yaml's node listener: an anchor (every alias needs one) sends the stream to the exact path. */
const refuseAnchors = (event: string, state: { anchor: string | null }): void => {
  if (event === 'close' && state.anchor !== null) throw new AnchorSeen();
};

/**
 * The fast path for the common case, a well-formed stream: js-yaml parses each document about ten
 * times faster than `yaml`. Anything unusual (anchors, tags, tabs, a syntax error, a duplicate key)
 * returns undefined so the exact path produces its precise findings. Positions are computed later, from
 * the text, only for resources that get a finding.
 */
function parseFast(text: string, options: ParseOptions): ParsedStream | undefined {
  const docs = splitFast(text);
  if (!docs) return undefined;
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  docs.forEach((d, i) => {
    if (d.value === undefined || d.value === null) return;
    // The document's content starts after the `---` line (if any) and leading comments or blank lines.
    const startLine = d.line + leadingLines(text.slice(d.begin, d.end));
    const locator = new LazyDocumentLocator(options.file, text, d.begin, d.end, d.line, { line: startLine, column: 1 });
    addObject(d.value, '', locator, options, resources, findings, i);
  });
  return { resources, findings };
}

/** Each document of a well-formed stream parsed by js-yaml, with its range and first line; undefined when the text needs the exact path. */
function splitFast(text: string): Array<{ value: unknown; begin: number; end: number; line: number }> | undefined {
  if (NEEDS_EXACT_PATH.test(text)) return undefined;
  const starts = [0];
  for (const m of text.matchAll(DOCUMENT_MARKER)) if (m.index > 0) starts.push(m.index);
  const docs: Array<{ value: unknown; begin: number; end: number; line: number }> = [];
  let line = 1;
  let counted = 0;
  for (let i = 0; i < starts.length; i++) {
    const begin = starts[i]!;
    const end = starts[i + 1] ?? text.length;
    for (let j = counted; j < begin; j++) if (text.charCodeAt(j) === 10) line++;
    counted = begin;
    try {
      docs.push({
        value: jsYaml.load(text.slice(begin, end), { schema: jsYaml.CORE_SCHEMA, listener: refuseAnchors as never }),
        begin,
        end,
        line,
      });
    } catch {
      return undefined;
    }
  }
  return docs;
}

/** Lines before a document's content: its `---` line, blank lines and comment lines. */
function leadingLines(chunk: string): number {
  let n = 0;
  let at = 0;
  while (at < chunk.length) {
    const eol = chunk.indexOf('\n', at);
    if (eol < 0) break;
    const lineText = chunk.slice(at, eol).trim();
    if (!(lineText === '' || lineText.startsWith('#') || (n === 0 && lineText.startsWith('---')))) break;
    n++;
    at = eol + 1;
  }
  return n;
}
