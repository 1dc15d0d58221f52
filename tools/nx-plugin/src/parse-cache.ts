// The YAML the project graph reads (every kustomization, the clusters' Application files and specs), parsed, kept
// between Nx runs in the cache folder's `graph/` (GITOPS_CACHE_DIR, else .gitops-cache): every nx command
// builds the project graph, and parsing is most of what the plugin does. An entry is used only while its
// file's text is the same, and only by the same code (the build id); files that are gone are dropped.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { BUILD_ID, cacheFolder, KeyedFileCache } from '@inference-gitops/core';
import { parsedKustomizations, seedParsedKustomizations, survivesJson } from '@inference-gitops/render';

const VERSION = 'graph-v2';
const ENTRY = 'parsed';

interface Kept {
  version: string;
  build: string;
  /** [workspace-relative file, text, parsed value] */
  kustomizations: Array<[string, string, unknown]>;
  /** [workspace-relative file, text, its documents as data] */
  files: Array<[string, string, unknown[]]>;
}

/** Other files' documents as data (Applications, cluster specs), by file, while their text is the same. */
const files = new Map<string, { text: string; docs: unknown[] }>();
/** What was read from the cache folder, to tell whether anything changed. */
const seeded = new Set<object>();
let opened: string | undefined;

function store(workspaceRoot: string): KeyedFileCache | undefined {
  if (BUILD_ID === undefined) return undefined; // from sources: the parser may change between runs
  return new KeyedFileCache(cacheFolder(workspaceRoot, 'graph'), '.json');
}

/** Seeds the parse memos from the cache folder, once per process and workspace. */
export function openParseCache(workspaceRoot: string): void {
  if (opened === workspaceRoot) return;
  opened = workspaceRoot;
  const text = store(workspaceRoot)?.get(ENTRY);
  if (text === undefined) return;
  let kept: Partial<Kept>;
  try {
    kept = JSON.parse(text) as Partial<Kept>;
  } catch {
    return;
  }
  if (
    kept.version !== VERSION ||
    kept.build !== BUILD_ID ||
    !Array.isArray(kept.kustomizations) ||
    !Array.isArray(kept.files)
  )
    return;
  const entries: Array<[string, { text: string; data: unknown }]> = kept.kustomizations.map(([file, text, data]) => [
    resolve(workspaceRoot, file),
    { text, data },
  ]);
  for (const [, entry] of entries) seeded.add(entry);
  seedParsedKustomizations(entries);
  for (const [file, text, docs] of kept.files) {
    const entry = { text, docs };
    seeded.add(entry);
    files.set(resolve(workspaceRoot, file), entry);
  }
}

/** A file's documents as data, parsed once per text. */
export function parsedDocs(file: string, parse: (text: string) => unknown[]): unknown[] {
  const text = readFileSync(file, 'utf8');
  let entry = files.get(file);
  if (entry?.text !== text) {
    entry = { text, docs: parse(text) };
    files.set(file, entry);
  }
  return entry.docs;
}

/** Writes the memos back when this run parsed something new or a file is gone. */
export function saveParseCache(workspaceRoot: string): void {
  const target = store(workspaceRoot);
  if (!target) return;
  const inside = (file: string) => !relative(workspaceRoot, file).startsWith('..');
  let changed = false;
  const keep = <T extends object>(file: string, entry: T): boolean => {
    if (!inside(file)) return false;
    if (!existsSync(file)) {
      changed ||= seeded.has(entry);
      return false;
    }
    changed ||= !seeded.has(entry);
    return true;
  };
  const kept: Kept = { version: VERSION, build: BUILD_ID!, kustomizations: [], files: [] };
  for (const [file, entry] of parsedKustomizations())
    if (keep(file, entry) && survivesJson(entry.data))
      kept.kustomizations.push([relative(workspaceRoot, file), entry.text, entry.data]);
  for (const [file, entry] of files)
    if (keep(file, entry) && survivesJson(entry.docs))
      kept.files.push([relative(workspaceRoot, file), entry.text, entry.docs]);
  if (!changed) return;
  target.set(ENTRY, JSON.stringify(kept));
  for (const [, entry] of parsedKustomizations()) seeded.add(entry);
  for (const [, entry] of files) seeded.add(entry);
}
