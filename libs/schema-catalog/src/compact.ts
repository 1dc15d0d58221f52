// The committed form of the pinned schemas (schemas/pinned/): each lock entry's CRDs (or JSON schema)
// with descriptions stripped and everything the validator reads kept (types, defaults, enums, formats,
// patterns, CEL rules, list types and map keys, served versions). A fresh clone validates offline from
// them; `gitops schemas update` regenerates them from the lock's sources, checking each sha256.
import { parseAllDocuments } from 'yaml';
import { sha256, type LockEntry } from './lock.js';

export const PINNED_DIR = 'schemas/pinned';

export interface CompactFile {
  /** The lock entry this was made from: a file whose sha256 differs from the lock is ignored. */
  source: { path: string; url: string; sha256: string };
  type: 'crd' | 'jsonschema';
  for?: string;
  /** CustomResourceDefinitions (type crd) or one JSON schema (type jsonschema). */
  documents: Array<Record<string, unknown>>;
}

/** Where the compact form of a lock entry is committed, relative to the repository root. */
export function pinnedPath(entry: Pick<LockEntry, 'path'>): string {
  return `${PINNED_DIR}/${entry.path.replace(/\.(ya?ml|json)$/, '')}.json`;
}

/** Fields of a schema node whose values are data, not schemas: never stripped inside. */
const DATA_KEYS = new Set([
  'default',
  'enum',
  'example',
  'examples',
  'const',
  'x-kubernetes-validations',
  'x-kubernetes-list-map-keys',
  'required',
]);
/** Fields whose values are maps from names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

/** A schema without its descriptions (and the `title`s that only document). */
export function stripSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'description' || k === 'title') && typeof v === 'string') continue;
    if (DATA_KEYS.has(k)) out[k] = v;
    else if (SCHEMA_MAPS.has(k) && v && typeof v === 'object' && !Array.isArray(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, stripSchema(s)]));
    else out[k] = stripSchema(v);
  }
  return out;
}

function compactCrd(doc: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = doc.spec as Record<string, unknown> | undefined;
  if (doc.kind !== 'CustomResourceDefinition' || !spec || !Array.isArray(spec.versions)) return undefined;
  return {
    apiVersion: doc.apiVersion,
    kind: 'CustomResourceDefinition',
    metadata: { name: (doc.metadata as { name?: string } | undefined)?.name },
    spec: {
      group: spec.group,
      names: spec.names,
      scope: spec.scope,
      versions: (spec.versions as Array<Record<string, unknown>>).map((v) => ({
        name: v.name,
        served: v.served,
        storage: v.storage,
        ...(v.schema
          ? { schema: { openAPIV3Schema: stripSchema((v.schema as Record<string, unknown>).openAPIV3Schema) } }
          : {}),
      })),
    },
  };
}

/** The compact form of one pinned file; throws when its bytes do not match the lock. */
export function compactEntry(entry: LockEntry, bytes: Uint8Array): CompactFile {
  const actual = sha256(bytes);
  if (actual !== entry.sha256)
    throw new Error(
      `${entry.path}: sha256 ${actual} does not match the pinned ${entry.sha256} in schemas/lock.yaml; refusing it`,
    );
  const text = Buffer.from(bytes).toString('utf8');
  const documents =
    entry.type === 'jsonschema'
      ? [stripSchema(JSON.parse(text)) as Record<string, unknown>]
      : parseAllDocuments(text)
          .map((d) => compactCrd(d.toJS() as Record<string, unknown>))
          .filter((d): d is Record<string, unknown> => d !== undefined);
  return {
    source: { path: entry.path, url: entry.url, sha256: entry.sha256 },
    type: entry.type === 'jsonschema' ? 'jsonschema' : 'crd',
    ...(entry.for ? { for: entry.for } : {}),
    documents,
  };
}

/**
 * The committed file's text: the first line holds the source and the kinds (read alone at start-up),
 * then one line per document, which keeps diffs readable and the file compact.
 */
export function serializeCompact(file: CompactFile): string {
  const { documents, ...head } = file;
  const kinds =
    file.type === 'crd'
      ? documents.flatMap((d) => {
          const spec = d.spec as { group?: string; names?: { kind?: string }; versions?: Array<{ name?: string }> };
          return (spec.versions ?? []).map((v) => [`${spec.group}/${v.name}`, spec.names?.kind ?? '']);
        })
      : [];
  return `{"generatedBy":"gitops schemas update","licence":"see NOTICE",${JSON.stringify({ ...head, kinds }).slice(1, -1)},"documents":[\n${documents.map((d) => JSON.stringify(d)).join(',\n')}\n]}\n`;
}

/** The first line of a committed file: its source and kinds, without parsing the documents. */
export function readCompactHead(
  text: string,
): { source?: CompactFile['source']; kinds?: Array<[string, string]> } | undefined {
  const line = text.slice(0, text.indexOf('\n'));
  try {
    return JSON.parse(line.replace(/,"documents":\[$/, '}')) as {
      source?: CompactFile['source'];
      kinds?: Array<[string, string]>;
    };
  } catch {
    return undefined;
  }
}
