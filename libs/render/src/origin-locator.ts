import { readFileSync } from 'node:fs';
import { parseSourceDocuments, type Position, type PositionLocator, type SourceLocator } from '@inference-gitops/core';

export interface SourceDoc {
  kind?: string;
  name?: string;
  /** The document as data (null when it does not parse). */
  js: unknown;
  locator: PositionLocator & { readonly start: Position };
}

/**
 * Parsed source files, shared by every rendered resource of the process (an Nx batch validates many
 * targets that share bases): reading a file is cheap, parsing it is not, so an entry is reused while the
 * file's text is the same.
 */
export class SourceFileCache {
  private static readonly files = new Map<string, { text: string; docs: SourceDoc[] }>();
  private static readonly LIMIT = 4096;
  /** What this run has already read: a file is read once per run. */
  private readonly read = new Map<string, SourceDoc[]>();

  docs(file: string): SourceDoc[] {
    let docs = this.read.get(file);
    if (!docs) {
      docs = this.load(file);
      this.read.set(file, docs);
    }
    return docs;
  }

  private load(file: string): SourceDoc[] {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const cached = SourceFileCache.files.get(file);
    if (cached?.text === text) {
      SourceFileCache.files.delete(file);
      SourceFileCache.files.set(file, cached); // most recently used last
      return cached.docs;
    }
    let docs: SourceDoc[] = [];
    try {
      docs = parseSourceDocuments(text, file).map(({ js, locator }) => {
        const object = js && typeof js === 'object' ? (js as Record<string, unknown>) : undefined;
        const meta =
          object?.metadata && typeof object.metadata === 'object'
            ? (object.metadata as Record<string, unknown>)
            : undefined;
        return {
          ...(typeof object?.kind === 'string' ? { kind: object.kind } : {}),
          ...(typeof meta?.name === 'string' ? { name: meta.name } : {}),
          js,
          locator,
        };
      });
    } catch {
      // an unreadable source only costs precision: the rendered stream position is used instead
    }
    SourceFileCache.files.delete(file);
    SourceFileCache.files.set(file, { text, docs });
    // Bounded, oldest first: a batch over thousands of overlays must not keep every source it read.
    if (SourceFileCache.files.size > SourceFileCache.LIMIT)
      SourceFileCache.files.delete(SourceFileCache.files.keys().next().value!);
    return docs;
  }
}

/**
 * Where a rendered resource's fields are written: the file kustomize names as its origin, or the patch
 * that sets the field. Names may differ (namePrefix, nameSuffix), so a document is matched by kind and
 * name first and by kind alone when that is unambiguous.
 */
export class OriginLocator implements SourceLocator {
  /** The origin document, looked up on first use (a resource without findings never needs it). */
  private found?: { doc: SourceDoc | undefined };

  constructor(
    readonly originFile: string,
    private readonly kind: string,
    private readonly name: string,
    private readonly patchFiles: string[],
    private readonly cache: SourceFileCache,
    private readonly fallback: SourceLocator,
    /** The rendered object, to match list elements by merge key (a patch lists only what it changes). */
    private readonly rendered?: unknown,
    /** The file, when an earlier run found it (the render cache): then nothing is parsed to name it. */
    private readonly knownFile?: string,
  ) {}

  private doc(): SourceDoc | undefined {
    this.found ??= { doc: pick(this.cache.docs(this.originFile), this.kind, this.name) };
    return this.found.doc;
  }

  get file(): string {
    return this.knownFile ?? (this.doc() ? this.originFile : this.fallback.file);
  }

  get start(): Position | undefined {
    return this.doc()?.locator.start ?? this.fallback.start;
  }

  /** The origin document as data, when found. */
  get originData(): unknown {
    return this.doc()?.js;
  }

  /**
   * The file whose content produced the value at `pointer`: the last patch that sets it (patches apply
   * in order, so later ones win), else the origin document, else the rendered stream.
   */
  locate(requested: string): { file: string; position?: Position } {
    // A pointer to a value the rendered object lacks (a rule speaking of what KServe or the API server
    // adds) is answered for the nearest field that was rendered: that is what a person can edit.
    const pointer = this.rendered === undefined ? requested : renderedPrefix(this.rendered, requested);
    for (const patch of [...this.patchFiles].reverse()) {
      const doc = pick(this.cache.docs(patch), this.kind, this.name, true);
      const pos = doc?.locator.positionOf(pointer, true, this.rendered);
      if (pos) return { file: patch, position: pos };
    }
    const origin = this.doc()?.locator;
    const exact = origin?.positionOf(pointer, true, this.rendered);
    if (exact) return { file: this.originFile, position: exact };
    if (origin)
      return { file: this.originFile, position: origin.positionOf(pointer, false, this.rendered) ?? origin.start };
    return this.fallback.locate(pointer);
  }
}

function renderedPrefix(rendered: unknown, pointer: string): string {
  const segments = pointer.split('/').slice(1);
  let node: unknown = rendered;
  let kept = '';
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(segment in (node as Record<string, unknown>))) break;
    node = (node as Record<string, unknown>)[segment];
    kept += `/${raw}`;
  }
  return kept;
}

export function pick(docs: SourceDoc[], kind: string, name: string, strict = false): SourceDoc | undefined {
  const byName = docs.find((d) => d.kind === kind && d.name === name);
  if (byName) return byName;
  if (strict) return docs.find((d) => d.kind === kind && d.name !== undefined && name.includes(d.name));
  const sameKind = docs.filter((d) => d.kind === kind);
  return sameKind.length === 1 ? sameKind[0] : sameKind.find((d) => d.name !== undefined && name.includes(d.name));
}
