import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { YamlDocumentLocator, type Position, type SourceLocator } from '@inference-gitops/core';

interface SourceDoc {
  kind?: string;
  name?: string;
  locator: YamlDocumentLocator;
}

/** Parsed source files, shared by every rendered resource of a run. */
export class SourceFileCache {
  private readonly files = new Map<string, SourceDoc[]>();

  docs(file: string): SourceDoc[] {
    let docs = this.files.get(file);
    if (!docs) {
      docs = [];
      if (existsSync(file)) {
        const lines = new LineCounter();
        try {
          for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter: lines })) {
            const js = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null) : null;
            const meta = js && typeof js === 'object' ? (js.metadata as Record<string, unknown> | undefined) : undefined;
            docs.push({
              ...(typeof js?.kind === 'string' ? { kind: js.kind } : {}),
              ...(typeof meta?.name === 'string' ? { name: meta.name } : {}),
              locator: new YamlDocumentLocator(file, doc, lines),
            });
          }
        } catch {
          // an unreadable source only costs precision: the rendered stream position is used instead
        }
      }
      this.files.set(file, docs);
    }
    return docs;
  }
}

/**
 * Where a rendered resource's fields are written: the file kustomize names as its origin, or the patch
 * that sets the field. Names may differ (namePrefix, nameSuffix), so a document is matched by kind and
 * name first and by kind alone when that is unambiguous.
 */
export class OriginLocator implements SourceLocator {
  readonly file: string;
  readonly start?: Position;
  private readonly origin?: YamlDocumentLocator;

  constructor(
    originFile: string,
    private readonly kind: string,
    private readonly name: string,
    private readonly patchFiles: string[],
    private readonly cache: SourceFileCache,
    private readonly fallback: SourceLocator,
  ) {
    const doc = pick(cache.docs(originFile), kind, name);
    this.file = doc ? originFile : fallback.file;
    if (doc) {
      this.origin = doc.locator;
      this.start = doc.locator.start;
    } else if (fallback.start) this.start = fallback.start;
  }

  locate(pointer: string): { file: string; position?: Position } {
    const exact = this.origin?.positionOf(pointer, true);
    if (exact) return { file: this.file, position: exact };
    // Not in the origin: the field comes from a patch. Later patches win, so look from the last.
    for (const patch of [...this.patchFiles].reverse()) {
      const doc = pick(this.cache.docs(patch), this.kind, this.name, true);
      const pos = doc?.locator.positionOf(pointer, true);
      if (pos) return { file: patch, position: pos };
    }
    if (this.origin) return this.origin.locate(pointer);
    return this.fallback.locate(pointer);
  }
}

function pick(docs: SourceDoc[], kind: string, name: string, strict = false): SourceDoc | undefined {
  const byName = docs.find((d) => d.kind === kind && d.name === name);
  if (byName) return byName;
  if (strict) return docs.find((d) => d.kind === kind && d.name !== undefined && name.includes(d.name));
  const sameKind = docs.filter((d) => d.kind === kind);
  return sameKind.length === 1 ? sameKind[0] : sameKind.find((d) => d.name !== undefined && name.includes(d.name));
}
