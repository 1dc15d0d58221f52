// Where a person edits a resource no resource file declares: a ConfigMap or Secret that a kustomization's
// configMapGenerator or secretGenerator makes is written down in that generator entry; anything else the
// chain produces (a resource whose document could not be matched) is placed at the overlay's kustomization
// itself. Never at the rendered output's line numbers, which belong to no file a person edits.
import type { Position, SourceLocator } from '@inference-gitops/core';
import type { GeneratorEntry } from './kustomization.js';
import type { SourceFileCache } from './origin-locator.js';

/** The hash suffix kustomize appends to generated names (10 characters of [a-z0-9]), unless disabled. */
const HASH_SUFFIX = /^-[a-z0-9]{10}$/;

/**
 * The generator entries that make this resource, innermost first: the entry whose name, with the chain's
 * prefix and suffix and kustomize's hash, is the rendered name creates it; outer entries of the same name
 * with `behavior: merge` or `replace` change it.
 */
export function generatorEntries(
  generators: GeneratorEntry[],
  resource: { kind: string; name: string },
): GeneratorEntry[] {
  const creates = (g: GeneratorEntry) =>
    !g.changes &&
    (resource.name === g.renderedName ||
      (resource.name.startsWith(g.renderedName) && HASH_SUFFIX.test(resource.name.slice(g.renderedName.length))));
  const first = generators.findIndex((g) => g.kind === resource.kind && creates(g));
  if (first < 0) return [];
  const creator = generators[first]!;
  return [
    creator,
    ...generators.slice(first + 1).filter((g) => g.kind === creator.kind && g.changes && g.name === creator.name),
  ];
}

/** Positions in a generator entry: a data key at its literal or file, anything else at the entry. */
export class GeneratorLocator implements SourceLocator {
  constructor(
    private readonly entries: GeneratorEntry[],
    private readonly cache: SourceFileCache,
  ) {}

  get file(): string {
    return this.entries[0]!.file;
  }

  get start(): Position | undefined {
    return this.positionIn(this.entries[0]!, this.entries[0]!.pointer);
  }

  locate(pointer: string): { file: string; position?: Position } {
    const key = /^\/(?:data|binaryData|stringData)\/([^/]+)/
      .exec(pointer)?.[1]
      ?.replace(/~1/g, '/')
      .replace(/~0/g, '~');
    if (key !== undefined) {
      // The outermost entry that sets the key wins, as later generators merge over earlier ones.
      for (const entry of [...this.entries].reverse()) {
        const found = entry.keys.find((k) => k.key === key);
        if (found) return { file: entry.file, position: this.positionIn(entry, found.pointer) };
      }
    }
    const entry = this.entries[0]!;
    const at = pointer === '/metadata/name' ? `${entry.pointer}/name` : entry.pointer;
    return { file: entry.file, position: this.positionIn(entry, at) };
  }

  private positionIn(entry: GeneratorEntry, pointer: string): Position | undefined {
    const doc = this.cache.docs(entry.file)[0];
    return doc?.locator.positionOf(pointer) ?? doc?.locator.start;
  }
}

/** The start of a kustomization file: for what the chain produces that no entry names. */
export class KustomizationLocator implements SourceLocator {
  readonly start: Position = { line: 1, column: 1 };

  constructor(readonly file: string) {}

  locate(): { file: string; position?: Position } {
    return { file: this.file, position: this.start };
  }
}
