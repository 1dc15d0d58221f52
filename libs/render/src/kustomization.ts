import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseYamlValue, type Finding } from '@inference-gitops/core';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * The file-system lookups of walks that run at one moment, each path asked once: a chain's walk reaches
 * shared components several times, and the Nx plugin walks every overlay's chain for one project graph.
 * Never kept beyond that moment (files change).
 */
export class WalkLookups {
  private readonly real = new Map<string, string | undefined>();
  private readonly kinds = new Map<string, 'dir' | 'file' | undefined>();
  private readonly kfiles = new Map<string, string | undefined>();
  private readonly texts = new Map<string, string | undefined>();

  private memo<T>(map: Map<string, T>, key: string, get: () => T): T {
    if (map.has(key)) return map.get(key)!;
    const value = get();
    map.set(key, value);
    return value;
  }

  /** The native realpath (one libc call, not an lstat per path component); undefined when it does not exist. */
  realpath(path: string): string | undefined {
    return this.memo(this.real, path, () => {
      try {
        return realpathSync.native(path);
      } catch {
        return undefined;
      }
    });
  }

  kind(path: string): 'dir' | 'file' | undefined {
    return this.memo(this.kinds, path, () => {
      try {
        const stat = statSync(path);
        return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    });
  }

  kustomizationFile(dir: string): string | undefined {
    return this.memo(this.kfiles, dir, () =>
      KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((file) => this.kind(file) === 'file'),
    );
  }

  text(file: string): string | undefined {
    return this.memo(this.texts, file, () => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    });
  }
}

export interface Kustomization {
  file: string;
  data: Record<string, unknown>;
}

/** Reads a kustomization; undefined when the directory has none or it is not a YAML mapping. */
export function readKustomization(dir: string, lookups: WalkLookups = new WalkLookups()): Kustomization | undefined {
  const file = lookups.kustomizationFile(dir);
  const text = file ? lookups.text(file) : undefined;
  if (!file || text === undefined) return undefined;
  try {
    const data = parsedKustomization(file, text);
    return data && typeof data === 'object' && !Array.isArray(data)
      ? { file, data: data as Record<string, unknown> }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parsed kustomization files, by path, while their text is the same: every overlay's chain reaches the same
 * bases and components (the Nx plugin walks 150 chains for one project graph, a cluster's validate 36), and
 * parsing is most of a walk. The data is shared: callers only read it. Bounded, oldest first.
 */
const parsed = new Map<string, { text: string; data: unknown }>();
const PARSED_LIMIT = 4096;

/** The kustomizations parsed in this process, by file: for a caller that keeps them between processes (the Nx plugin). */
export function parsedKustomizations(): ReadonlyMap<string, { readonly text: string; readonly data: unknown }> {
  return parsed;
}

/** Adds kustomizations an earlier process parsed: each is used only while its file's text is the same. */
export function seedParsedKustomizations(entries: Iterable<[string, { text: string; data: unknown }]>): void {
  for (const [file, entry] of entries) if (!parsed.has(file) && parsed.size < PARSED_LIMIT) parsed.set(file, entry);
}

function parsedKustomization(file: string, text: string): unknown {
  let entry = parsed.get(file);
  if (entry?.text !== text) {
    entry = { text, data: parseYamlValue(text) };
    parsed.delete(file);
    parsed.set(file, entry);
    if (parsed.size > PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
  }
  return entry.data;
}

export interface KustomizationDeps {
  /** Kustomization directories reached through resources and components (absolute, this one excluded). */
  dirs: string[];
  /** Local files read: resources, patches, generator inputs (absolute). */
  files: string[];
  /** The resource files of the chain (absolute): where its resources are declared. */
  resourceFiles: string[];
  /**
   * What the chain does to the names of each resource file's documents: the namespace its kustomizations
   * set (the outermost one wins, as kustomize applies them inside out) and the namePrefix and nameSuffix
   * they add up to. Recorded for the first path that reaches the file.
   */
  resourceNaming: Map<string, ResourceNaming>;
  /** Strategic-merge and JSON patch files, in application order (absolute). */
  patchFiles: string[];
  /** Remote references (URLs, git), never fetched. */
  remote: string[];
  /** The chain's configMapGenerator and secretGenerator entries, innermost kustomization first. */
  generators: GeneratorEntry[];
  /** Problems found while walking (rule `render`). */
  findings: Finding[];
}

/** One configMapGenerator or secretGenerator entry, and what the chain makes of its name. */
export interface GeneratorEntry {
  /** The kustomization file that holds it (absolute). */
  file: string;
  /** Its JSON pointer in that file, e.g. `/configMapGenerator/0`. */
  pointer: string;
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** The generated object's name before any hash suffix: prefix + name + suffix. */
  renderedName: string;
  /** Keys of its literals (`k=v`) and files (`k=path`, else the file's base name), by list and index. */
  keys: Array<{ key: string; pointer: string }>;
  /** `behavior: merge` or `replace`: it changes the object an inner kustomization's entry of this name creates. */
  changes: boolean;
}

export interface ResourceNaming {
  namespace?: string;
  prefix: string;
  suffix: string;
}

const REMOTE = /^(https?:\/\/|git::|git@|ssh:\/\/|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/.*\?/;

export function isRemote(ref: string): boolean {
  return REMOTE.test(ref);
}

/**
 * Everything a kustomization reaches, recursively, plus the safety problems on the way: remote
 * references (rendering must not depend on the network), exec/container KRM functions, paths that leave
 * the repository through `..` or a symlink (as Argo CD's repo-server refuses), and cycles.
 */
export function kustomizationDeps(
  dir: string,
  options: {
    root?: string;
    /** Shared by walks of one moment (default: this walk's own). */
    lookups?: WalkLookups;
    /** Only this kustomization's own references: the directories it reaches are listed, not walked. */
    shallow?: boolean;
  } = {},
): KustomizationDeps {
  const fs = options.lookups ?? new WalkLookups();
  const root = options.root ? (fs.realpath(options.root) ?? options.root) : undefined;
  const deps: KustomizationDeps = {
    dirs: [],
    files: [],
    resourceFiles: [],
    resourceNaming: new Map(),
    patchFiles: [],
    remote: [],
    generators: [],
    findings: [],
  };
  const visiting: string[] = [];
  const done = new Set<string>();
  const problem = (file: string, message: string, hint?: string) =>
    deps.findings.push({
      rule: 'render',
      severity: 'error',
      message,
      ...(hint ? { hint } : {}),
      file,
      line: 1,
      column: 1,
    });

  const escapes = (path: string): boolean => {
    if (!root) return false;
    const real = fs.realpath(path);
    return real !== undefined && real !== root && !real.startsWith(root + sep);
  };

  const walk = (current: string, outer: ResourceNaming) => {
    const k = readKustomization(current, fs);
    if (!k) return;
    const text = (field: string) => (typeof k.data[field] === 'string' ? (k.data[field] as string) : '');
    const naming: ResourceNaming = {
      ...((outer.namespace ?? text('namespace')) ? { namespace: outer.namespace ?? text('namespace') } : {}),
      prefix: outer.prefix + text('namePrefix'),
      suffix: text('nameSuffix') + outer.suffix,
    };
    const key = resolve(current);
    if (visiting.includes(key)) {
      problem(
        k.file,
        `kustomization cycle: ${[...visiting.slice(visiting.indexOf(key)), key].map((d) => relative(dirname(k.file), d) || '.').join(' -> ')}`,
        'A base must not include the overlay that includes it.',
      );
      return;
    }
    if (done.has(key)) return;
    visiting.push(key);
    const refs = (field: string) =>
      Array.isArray(k.data[field])
        ? (k.data[field] as unknown[]).filter((r): r is string => typeof r === 'string')
        : [];
    const local = (ref: string, what: string): string | undefined => {
      if (isRemote(ref)) {
        deps.remote.push(ref);
        problem(
          k.file,
          `${what} "${ref}" is remote: rendering must not depend on the network`,
          'Vendor the manifests into the repository, or make it a remote source of an Argo CD Application.',
        );
        return undefined;
      }
      const path = isAbsolute(ref) ? ref : resolve(current, ref);
      if (escapes(path)) {
        problem(
          k.file,
          `${what} "${ref}" leaves the repository (through .. or a symlink); Argo CD refuses such paths`,
          'Keep every path inside the repository.',
        );
        return undefined;
      }
      return path;
    };
    for (const ref of [...refs('resources'), ...refs('bases'), ...refs('components')]) {
      const path = local(ref, 'resource');
      if (!path) continue;
      if (fs.kind(path) === 'dir') {
        if (!deps.dirs.includes(path)) deps.dirs.push(path);
        if (!options.shallow) walk(path, naming);
      } else {
        deps.files.push(path);
        deps.resourceFiles.push(path);
        if (!deps.resourceNaming.has(path)) deps.resourceNaming.set(path, naming);
      }
    }
    const patches = Array.isArray(k.data.patches) ? (k.data.patches as unknown[]) : [];
    for (const p of patches) {
      const path =
        p && typeof p === 'object' && typeof (p as { path?: unknown }).path === 'string'
          ? (p as { path: string }).path
          : undefined;
      if (path) {
        const abs = local(path, 'patch');
        if (abs) {
          deps.patchFiles.push(abs);
          deps.files.push(abs);
        }
      }
    }
    for (const ref of refs('patchesStrategicMerge')) {
      const abs = local(ref, 'patch');
      if (abs) {
        deps.patchFiles.push(abs);
        deps.files.push(abs);
      }
    }
    // kustomize's `openapi: {path: ...}` (the kserve-merge-keys component's merge keys).
    const openapi =
      k.data.openapi && typeof k.data.openapi === 'object' ? (k.data.openapi as { path?: unknown }).path : undefined;
    if (typeof openapi === 'string') {
      const abs = local(openapi, 'openapi document');
      if (abs) deps.files.push(abs);
    }
    for (const field of ['generators', 'transformers', 'validators']) {
      for (const ref of refs(field)) {
        const abs = local(ref, field.slice(0, -1));
        if (!abs) continue;
        deps.files.push(abs);
        const text = fs.kind(abs) === 'file' ? (fs.text(abs) ?? '') : '';
        if (/config\.kubernetes\.io\/function|^\s*(exec|container):/m.test(text)) {
          problem(
            k.file,
            `${field.slice(0, -1)} "${ref}" is a KRM function (exec or container): refused`,
            'Functions run arbitrary programs; Argo CD does not enable them either. Use plain patches or generators.',
          );
        }
      }
    }
    for (const gen of ['configMapGenerator', 'secretGenerator'] as const) {
      const list = Array.isArray(k.data[gen]) ? (k.data[gen] as unknown[]) : [];
      list.forEach((g, index) => {
        if (!g || typeof g !== 'object' || Array.isArray(g)) return;
        const entry = g as Record<string, unknown>;
        const files = [
          ...(Array.isArray(entry.files) ? entry.files : []),
          ...(Array.isArray(entry.envs) ? entry.envs : []),
          ...(typeof entry.env === 'string' ? [entry.env] : []),
        ];
        for (const f of files) {
          if (typeof f !== 'string') continue;
          const abs = local(f.includes('=') ? f.slice(f.indexOf('=') + 1) : f, 'generator input');
          if (abs) deps.files.push(abs);
        }
        if (typeof entry.name !== 'string') return;
        const pointer = `/${gen}/${index}`;
        const keys: GeneratorEntry['keys'] = [];
        for (const list of ['literals', 'files'] as const) {
          const items = Array.isArray(entry[list]) ? (entry[list] as unknown[]) : [];
          items.forEach((item, i) => {
            if (typeof item !== 'string') return;
            const key = item.includes('=')
              ? item.slice(0, item.indexOf('='))
              : list === 'files'
                ? item.split('/').pop()!
                : undefined;
            if (key) keys.push({ key, pointer: `${pointer}/${list}/${i}` });
          });
        }
        deps.generators.push({
          file: k.file,
          pointer,
          kind: gen === 'configMapGenerator' ? 'ConfigMap' : 'Secret',
          name: entry.name,
          renderedName: naming.prefix + entry.name + naming.suffix,
          keys,
          changes: entry.behavior === 'merge' || entry.behavior === 'replace',
        });
      });
    }
    visiting.pop();
    done.add(key);
  };
  walk(dir, { prefix: '', suffix: '' });
  return deps;
}
