import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { parseManifests, type Finding, type Resource, type SourceLocator } from '@inference-gitops/core';
import { cleanKustomizeError, kustomizeBuild, type KustomizeTool } from './kustomize.js';
import { kustomizationDeps, kustomizationFile, type KustomizationDeps, type ResourceNaming } from './kustomization.js';
import { OriginLocator, pick, SourceFileCache, type SourceDoc } from './origin-locator.js';
import { GeneratorLocator, generatorEntries, KustomizationLocator } from './generated-locator.js';
import { RenderCache, survivesJson, type RenderEntry } from './render-cache.js';
import { droppedFields, type PatchDrop } from './dropped-fields.js';

export type RenderUnit =
  | { kind: 'kustomize'; dir: string; id: string; cluster?: string; application?: string }
  | {
      kind: 'dir';
      dir: string;
      id: string;
      recurse?: boolean;
      include?: string;
      exclude?: string;
      cluster?: string;
      application?: string;
    }
  | { kind: 'file'; file: string; id: string; cluster?: string }
  | { kind: 'stdin'; text: string; id: string };

export interface RenderResult {
  unit: RenderUnit;
  resources: Resource[];
  /** Rule `yaml` or `render`, with absolute file paths. */
  findings: Finding[];
  /** Fields the overlay's patches removed from their bases (absolute paths), for the validator to judge. */
  patchDrops: PatchDrop[];
  durationMs: number;
}

/**
 * kustomize processes of this whole process, across renderers: an Nx batch validates many targets at once
 * in one process, and should still run no more builds at a time than there are CPUs.
 */
const sharedSlots = { limit: availableParallelism(), running: 0, queue: [] as Array<() => void> };
/** Builds in flight, by render-cache key: two renderers asking for the same build share one. */
const inflight = new Map<string, Promise<{ code: number; stdout: string; stderr: string }>>();

/**
 * Renders units with the real kustomize, at most `concurrency` processes at a time, each unit once per
 * run (clusters share bases and overlays).
 */
export class Renderer {
  private readonly cache = new Map<string, Promise<RenderResult>>();
  private readonly sources = new SourceFileCache();
  private readonly deps = new Map<string, KustomizationDeps>();
  private readonly slots: { limit: number; running: number; queue: Array<() => void> };

  private readonly renders?: RenderCache;

  /** The kustomize to run: given, being detected, or detected on the first build (a run of plain files never needs it). */
  private readonly toolSource: KustomizeTool | Promise<KustomizeTool> | (() => Promise<KustomizeTool>);
  private toolReady?: Promise<KustomizeTool>;
  /**
   * Settles when this renderer first starts a kustomize process, a unit not in the render cache: only then
   * is there time to get the checks ready meanwhile (a run whose units are all kept never settles it).
   */
  readonly building: Promise<void>;
  private startedBuilding!: () => void;

  constructor(
    tool: KustomizeTool | Promise<KustomizeTool> | (() => Promise<KustomizeTool>),
    readonly options: {
      repoRoot: string;
      concurrency?: number;
      /** Directory of rendered overlays shared by runs and processes. */ cacheDir?: string;
    },
  ) {
    this.toolSource = tool;
    this.building = new Promise((started) => (this.startedBuilding = started));
    this.slots =
      options.concurrency !== undefined
        ? { limit: Math.max(1, options.concurrency), running: 0, queue: [] }
        : sharedSlots;
    if (options.cacheDir) this.renders = new RenderCache(options.cacheDir);
  }

  render(unit: RenderUnit): Promise<RenderResult> {
    let result = this.cache.get(unit.id);
    if (!result) {
      result = this.renderOnce(unit);
      this.cache.set(unit.id, result);
    }
    return result;
  }

  /** Drops results this renderer keeps (they are rendered again, from the render cache, if asked for). */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.cache.delete(id);
  }

  /**
   * The kinds the units' own resource files declare (kustomize units; read before any build, from the files
   * the build's findings are located in anyway): what a caller can get ready for while kustomize runs.
   */
  declaredKinds(units: RenderUnit[]): Array<{ apiVersion: string; kind: string }> {
    const kinds = new Map<string, { apiVersion: string; kind: string }>();
    for (const unit of units) {
      if (unit.kind !== 'kustomize') continue;
      for (const file of this.depsOf(unit.dir).resourceFiles) {
        for (const doc of this.sources.docs(file)) {
          const js = doc.js as { apiVersion?: unknown; kind?: unknown } | null;
          if (typeof js?.apiVersion === 'string' && typeof js.kind === 'string')
            kinds.set(`${js.apiVersion}|${js.kind}`, { apiVersion: js.apiVersion, kind: js.kind });
        }
      }
    }
    return [...kinds.values()];
  }

  /** What a kustomization reaches, read once per renderer (declaredKinds() and the build both need it). */
  private depsOf(dir: string): KustomizationDeps {
    let deps = this.deps.get(dir);
    if (!deps) {
      const root = safetyRoot(dir, this.options.repoRoot);
      deps = kustomizationDeps(dir, root ? { root } : {});
      this.deps.set(dir, deps);
    }
    return deps;
  }

  /** Renders every unit in parallel; results come back in input order. */
  renderAll(units: RenderUnit[], onDone?: (result: RenderResult) => void): Promise<RenderResult[]> {
    return Promise.all(
      units.map(async (u) => {
        const r = await this.render(u);
        onDone?.(r);
        return r;
      }),
    );
  }

  private async renderOnce(unit: RenderUnit): Promise<RenderResult> {
    const started = Date.now();
    const done = (resources: Resource[], findings: Finding[], patchDrops: PatchDrop[] = []): RenderResult => ({
      unit,
      resources,
      findings,
      patchDrops,
      durationMs: Date.now() - started,
    });
    switch (unit.kind) {
      case 'stdin': {
        const parsed = parseManifests(unit.text, { file: '<stdin>', unit: unit.id });
        return done(parsed.resources, parsed.findings);
      }
      case 'file':
        return done(...parseFile(unit.file, unit.id));
      case 'dir': {
        const resources: Resource[] = [];
        const findings: Finding[] = [];
        for (const file of manifestFiles(unit.dir, unit.recurse !== false, unit.include, unit.exclude)) {
          const [r, f] = parseFile(file, unit.id);
          resources.push(...r);
          findings.push(...f);
        }
        return done(resources, findings);
      }
      case 'kustomize':
        return this.slot(async () => {
          const [r, f, d] = await this.kustomize(unit.dir, unit.id);
          return done(r, f, d);
        });
    }
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    const slots = this.slots;
    if (slots.running >= slots.limit) await new Promise<void>((resolveSlot) => slots.queue.push(resolveSlot));
    slots.running++;
    try {
      return await work();
    } finally {
      slots.running--;
      slots.queue.shift()?.();
    }
  }

  /** One kustomize build per cache key at a time in this process. */
  private build(
    tool: KustomizeTool,
    key: string | undefined,
    dir: string,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    this.startedBuilding();
    if (key === undefined) return kustomizeBuild(tool, dir);
    let out = inflight.get(key);
    if (!out) {
      out = kustomizeBuild(tool, dir);
      inflight.set(key, out);
      void out.finally(() => inflight.delete(key));
    }
    return out;
  }

  private async kustomize(dir: string, id: string): Promise<[Resource[], Finding[], PatchDrop[]]> {
    const kfile = kustomizationFile(dir) ?? join(dir, 'kustomization.yaml');
    const deps = this.depsOf(dir);
    if (deps.findings.length > 0) return [[], deps.findings, []];
    this.toolReady ??= Promise.resolve(typeof this.toolSource === 'function' ? this.toolSource() : this.toolSource);
    const tool = await this.toolReady;
    const root = resolve(this.options.repoRoot);
    const key = this.renders?.key(tool, root, resolve(dir), deps.dirs, deps.files);
    const kept = key ? this.renders!.get(key) : undefined;
    if (kept?.resources && kept.findings) return this.fromEntry(kept, root, kfile, id, deps);
    const out =
      kept?.stdout !== undefined ? { code: 0, stdout: kept.stdout, stderr: '' } : await this.build(tool, key, dir);
    if (out.code !== 0) {
      const shown = relative(process.cwd(), dir) || '.';
      return [
        [],
        [
          {
            rule: 'render',
            severity: 'error',
            message: `kustomize build failed: ${cleanKustomizeError(out.stderr).replaceAll(resolve(dir), shown)}`,
            hint: `Run \`${tool.command} ${tool.args.join(' ')} ${shown}\` to see the whole error.`,
            file: kfile,
            line: 1,
            column: 1,
          },
        ],
        [],
      ];
    }
    const parsed = parseManifests(out.stdout, { file: kfile, unit: id });
    const resources = parsed.resources.map((r) => this.withOrigin(r, kfile, deps));
    const drops = resources.flatMap((r, i) => this.droppedByPatches(r, i, deps.patchFiles));
    if (key && !kept) this.renders!.set(key, this.entryOf(out.stdout, resources, parsed.findings, drops, root));
    return [resources, parsed.findings, drops];
  }

  /** What is kept of a build: what the renderer made of it when the objects survive JSON, else its output. */
  private entryOf(
    stdout: string,
    resources: Resource[],
    findings: Finding[],
    drops: PatchDrop[],
    root: string,
  ): RenderEntry {
    if (!resources.every((r) => survivesJson(r.object))) return { stdout };
    const rel = (file: string) => relative(root, file);
    return {
      resources: resources.map((r) => ({
        object: r.object,
        file: rel(r.source.file),
        ...(r.source instanceof OriginLocator ? { origin: rel(r.source.originFile) } : {}),
      })),
      findings: findings.map((f) => (f.file !== undefined ? { ...f, file: rel(f.file) } : f)),
      patchDrops: drops.map((d) => ({ ...d, patch: rel(d.patch), base: rel(d.base) })),
    };
  }

  /**
   * A kept build as the renderer made it: no YAML is parsed, the declaring files come from the entry, and
   * the sources are parsed only for a resource a finding is about.
   */
  private fromEntry(
    entry: RenderEntry,
    root: string,
    kfile: string,
    id: string,
    deps: KustomizationDeps,
  ): [Resource[], Finding[], PatchDrop[]] {
    const resources = entry.resources!.map(({ object, origin, file }): Resource => {
      const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
      const kind = String(object.kind);
      const name = typeof metadata.name === 'string' ? metadata.name : '';
      const produced = this.producedAt(kind, name, kfile, deps);
      const source =
        origin !== undefined
          ? new OriginLocator(
              resolve(root, origin),
              kind,
              name,
              deps.patchFiles,
              this.sources,
              produced,
              object,
              resolve(root, file),
            )
          : produced;
      return {
        apiVersion: String(object.apiVersion),
        kind,
        name,
        object,
        source,
        ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
        unit: id,
      };
    });
    return [
      resources,
      entry.findings!.map((f) => (f.file !== undefined ? { ...f, file: resolve(root, f.file) } : f)),
      (entry.patchDrops ?? []).map((d) => ({ ...d, patch: resolve(root, d.patch), base: resolve(root, d.base) })),
    ];
  }

  /** Where a resource no resource file declares is written: its generator entry, else the kustomization. */
  private producedAt(kind: string, name: string, kfile: string, deps: KustomizationDeps): SourceLocator {
    const entries = generatorEntries(deps.generators, { kind, name });
    return entries.length > 0 ? new GeneratorLocator(entries, this.sources) : new KustomizationLocator(kfile);
  }

  /** What a strategic-merge patch of this resource removed from the fields its base sets (none: []). */
  private droppedByPatches(resource: Resource, index: number, patchFiles: string[]): PatchDrop[] {
    if (!(resource.source instanceof OriginLocator) || resource.source.originData === undefined) return [];
    const patches = patchFiles.filter(
      (f) => pick(this.sources.docs(f), resource.kind, resource.name, true) !== undefined,
    );
    if (patches.length === 0) return [];
    const dropped = droppedFields(resource.source.originData, resource.object);
    if (dropped.length === 0) return [];
    const patch = patches[patches.length - 1]!;
    const doc = pick(this.sources.docs(patch), resource.kind, resource.name, true)!;
    const position = doc.locator.positionOf(dropped[0]!.pointer) ?? doc.locator.start;
    return [
      { resource: index, patch, line: position.line, column: position.column, base: resource.source.file, dropped },
    ];
  }

  private withOrigin(resource: Resource, kfile: string, deps: KustomizationDeps): Resource {
    const produced = this.producedAt(resource.kind, resource.name, kfile, deps);
    // What a generator makes is declared by no resource file: only an exact match could be (a base's
    // document the generator merges into), never one whose name the generated name merely contains.
    const generated = produced instanceof GeneratorLocator;
    const origin = declaringFile(
      deps.resourceFiles.map((file) => ({
        file,
        docs: this.sources.docs(file),
        naming: deps.resourceNaming.get(file),
      })),
      resource,
      { contained: !generated },
    );
    const source = origin
      ? new OriginLocator(
          origin,
          resource.kind,
          resource.name,
          deps.patchFiles,
          this.sources,
          produced,
          resource.object,
        )
      : produced;
    return { ...resource, source };
  }
}

/**
 * Which file declares the resource: the document that the chain's namespace, namePrefix and nameSuffix
 * (`naming`, from kustomizationDeps) turn into exactly this kind, name and namespace; failing that, the
 * document of the same kind and name (the same namespace first), else the one whose name the rendered name
 * contains, the longest such name when several do.
 */
export function declaringFile(
  files: Array<{ file: string; docs: SourceDoc[]; naming?: ResourceNaming }>,
  resource: { kind: string; name: string; namespace?: string },
  options: { /** false: exact names only. */ contained?: boolean } = {},
): string | undefined {
  const sameKind = files.flatMap(({ file, docs, naming }) =>
    docs.filter((d) => d.kind === resource.kind && d.name !== undefined).map((d) => ({ file, doc: d, naming })),
  );
  const named = sameKind.find(
    ({ doc, naming }) =>
      naming &&
      naming.prefix + doc.name + naming.suffix === resource.name &&
      (naming.namespace ?? namespaceOf(doc)) === resource.namespace,
  );
  if (named) return named.file;
  const exact = sameKind.filter((c) => c.doc.name === resource.name);
  if (exact.length > 0) return (exact.find((c) => namespaceOf(c.doc) === resource.namespace) ?? exact[0]!).file;
  if (options.contained === false) return undefined;
  const contained = sameKind
    .filter((c) => resource.name.includes(c.doc.name!))
    .sort((a, b) => b.doc.name!.length - a.doc.name!.length);
  return contained[0]?.file;
}

function namespaceOf(doc: SourceDoc): string | undefined {
  const meta =
    doc.js && typeof doc.js === 'object' ? (doc.js as { metadata?: { namespace?: unknown } }).metadata : undefined;
  return typeof meta?.namespace === 'string' ? meta.namespace : undefined;
}

function parseFile(file: string, id: string): [Resource[], Finding[]] {
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const message =
      (error as NodeJS.ErrnoException).code === 'EACCES'
        ? 'cannot read the file: permission denied'
        : error instanceof TypeError
          ? 'the file is not UTF-8 text'
          : `cannot read the file: ${(error as Error).message}`;
    return [[], [{ rule: 'yaml', severity: 'error', message, file, line: 1, column: 1 }]];
  }
  if (extname(file) === '.json') {
    try {
      JSON.parse(text);
    } catch (error) {
      return [
        [],
        [
          {
            rule: 'yaml',
            severity: 'error',
            message: `invalid JSON: ${(error as Error).message}`,
            file,
            line: 1,
            column: 1,
          },
        ],
      ];
    }
  }
  const parsed = parseManifests(text, { file, unit: id });
  return [parsed.resources, parsed.findings];
}

const MANIFEST = /\.(ya?ml|json)$/;

/** Manifest files of a directory as Argo CD's directory source reads them (kustomization files excluded). */
export function manifestFiles(dir: string, recurse: boolean, include?: string, exclude?: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      if (entry.startsWith('.')) continue;
      const path = join(current, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        if (recurse) walk(path);
      } else if (MANIFEST.test(entry) && !/^kustomization\.ya?ml$/.test(entry)) {
        const rel = relative(dir, path);
        if (include && !globMatch(include, rel)) continue;
        if (exclude && globMatch(exclude, rel)) continue;
        out.push(path);
      }
    }
  };
  walk(dir);
  return out;
}

/** Argo CD's include/exclude: a glob, or `{a,b}` alternatives of globs. */
function globMatch(pattern: string, path: string): boolean {
  const alternatives = pattern.startsWith('{') && pattern.endsWith('}') ? pattern.slice(1, -1).split(',') : [pattern];
  return alternatives.some((p) => {
    const re = new RegExp(
      '^' +
        p
          .trim()
          .replace(/[.+^$()|[\]\\]/g, '\\$&')
          .replace(/\*\*/g, '\u0000')
          .replace(/\*/g, '[^/]*')
          .replace(/\u0000/g, '.*')
          .replace(/\?/g, '.') +
        '$',
    );
    return re.test(path) || re.test(path.split('/').pop() ?? path);
  });
}

/** The directory paths must stay inside: the repository when the overlay is in it, else its git root. */
function safetyRoot(dir: string, repoRoot: string): string | undefined {
  const abs = resolve(dir);
  if (abs === repoRoot || abs.startsWith(repoRoot + '/')) return repoRoot;
  for (let d = abs; d !== dirname(d); d = dirname(d)) if (existsSync(join(d, '.git'))) return d;
  return undefined;
}
