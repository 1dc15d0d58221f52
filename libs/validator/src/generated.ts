// The generated tree as the generator would write it now: lets the validator report a problem in a
// generated value at the cluster.yaml field it comes from, and a generated file that no longer matches
// its spec (`generated-drift`), so a stale tree cannot pass.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import {
  BUILD_ID,
  KeyedFileCache,
  parseYamlDocument,
  type Finding,
  type YamlDocumentLocator,
} from '@inference-gitops/core';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import type { PlannedFile } from '@inference-gitops/generator';

// The generator (and the typed models it builds with) is loaded only when a cluster is validated.
type Generator = typeof import('@inference-gitops/generator');
let generator: Generator | undefined;
export async function loadGenerator(): Promise<Generator> {
  generator ??= await import('@inference-gitops/generator');
  return generator;
}

interface ClusterPlan {
  specFile: string;
  files: Map<string, PlannedFile>;
  locator?: YamlDocumentLocator;
}

const FIX =
  'Run `npx gitops generate` and commit the result; generated files are rewritten from the spec, so ' +
  "edit cluster.yaml (or the endpoint's patches.yaml) instead.";

export interface GeneratedTreeOptions {
  /** Where plans are kept between runs (the cache's `plans` folder); none: every run plans. */
  cacheDir?: string;
  /** The id of the generator's code (plans are keyed by it); default: the bundle's build id. */
  buildId?: string;
}

/**
 * The generator's plans, kept between runs: a plan is a pure function of the spec and the generator's
 * code, so a cluster task (Nx runs one per cluster) reads its plan instead of loading the generator and
 * its typed models and planning again (a quarter of a cluster's validate when nothing else changed).
 */
class PlanCache {
  constructor(
    private readonly entries: KeyedFileCache,
    private readonly buildId: string,
  ) {}

  private key(input: string): string {
    return createHash('sha256').update(`plan-v1\0${this.buildId}\0${input}`).digest('hex');
  }

  get(input: string): PlannedFile[] | undefined {
    const text = this.entries.get(this.key(input));
    if (text === undefined) return undefined;
    try {
      const files = JSON.parse(text) as unknown;
      return Array.isArray(files) ? (files as PlannedFile[]) : undefined;
    } catch {
      return undefined; // a damaged entry is planned again and rewritten
    }
  }

  set(input: string, files: PlannedFile[]): void {
    this.entries.set(this.key(input), JSON.stringify(files));
  }
}

export class GeneratedTree {
  /** Clusters registered, planned only when a finding or a drift check needs their generated files. */
  private readonly specs = new Map<string, ClusterSpec>();
  private readonly clusters = new Map<string, ClusterPlan>();
  /** Repository-relative path -> cluster, for every planned generated file. */
  private readonly owner = new Map<string, string>();

  private readonly plans: PlanCache | undefined;
  private shared: Map<string, PlannedFile> | undefined;

  constructor(
    private readonly repoRoot: string,
    options: GeneratedTreeOptions = {},
  ) {
    const buildId = options.buildId ?? BUILD_ID;
    if (options.cacheDir && buildId) this.plans = new PlanCache(new KeyedFileCache(options.cacheDir, '.json'), buildId);
  }

  /** The files a plan gives, from the plan cache when this code planned the same input before. */
  private async planned(input: string, plan: (generator: Generator) => PlannedFile[]): Promise<PlannedFile[]> {
    const cached = this.plans?.get(input);
    if (cached) return cached;
    const files = plan(await loadGenerator());
    this.plans?.set(input, files);
    return files;
  }

  /** Registers a cluster whose spec loaded without errors. */
  add(name: string, spec: ClusterSpec): void {
    if (!this.specs.has(name)) this.specs.set(name, spec);
  }

  /**
   * Plans every registered cluster (the generator is loaded then): before toSpec() is asked about
   * findings. A run without findings never plans, so validating an overlay does not generate its cluster.
   */
  async plan(): Promise<void> {
    for (const name of [...this.specs.keys()].sort()) await this.planCluster(name);
  }

  private async planCluster(name: string): Promise<void> {
    if (this.clusters.has(name)) return;
    const spec = this.specs.get(name);
    if (!spec) return;
    const specPath = `clusters/${name}/cluster.yaml`;
    const planned = await this.planned(`cluster\0${specPath}\0${JSON.stringify(spec)}`, (g) =>
      g.planCluster(spec, specPath),
    );
    const files = new Map(planned.map((f) => [f.path, f]));
    this.clusters.set(name, { specFile: join(this.repoRoot, specPath), files });
    for (const path of files.keys()) if (!this.owner.has(path)) this.owner.set(path, name);
  }

  /**
   * A finding located in a generated file of a known cluster moves to the cluster.yaml field its value
   * comes from (PlannedFile.provenance); other findings are returned as they are.
   */
  toSpec(finding: Finding, cwd: string): Finding {
    if (!finding.file || finding.file === '<stdin>') return finding;
    const path = relative(this.repoRoot, resolve(cwd, finding.file)).split(sep).join('/');
    const cluster = this.owner.get(path);
    const plan = cluster ? this.clusters.get(cluster) : undefined;
    const file = plan?.files.get(path);
    if (!plan || !file?.provenance?.length || file.owner !== 'generated') return finding;
    const docs = parseAllDocuments(file.content).map((d) => d.toJS() as Record<string, any> | null);
    const doc =
      docs.length === 1
        ? 0
        : docs.findIndex((d) => d?.kind === finding.resource?.kind && d?.metadata?.name === finding.resource?.name);
    if (doc < 0) return finding;
    const specPointer = provenanceOf(file, doc, finding.path ?? '');
    if (specPointer === undefined) return finding;
    const where = this.locate(plan, specPointer);
    return {
      ...finding,
      file: relative(cwd, plan.specFile) || plan.specFile,
      line: where.line,
      column: where.column,
      hint: `${finding.hint ? `${finding.hint} ` : ''}The value is generated into ${finding.file} from this field of the spec: change it here and run \`npx gitops generate\`.`,
    };
  }

  /** `generated-drift`: every generated file of the cluster that is missing, differs from the plan, or is stale. */
  async drift(cluster: string, cwd: string): Promise<Finding[]> {
    await this.planCluster(cluster);
    const plan = this.clusters.get(cluster);
    if (!plan) return [];
    const out: Finding[] = [];
    const specRel = relative(cwd, plan.specFile) || plan.specFile;
    const at = (specPointer: string, message: string): Finding => {
      const where = this.locate(plan, specPointer);
      return {
        rule: 'generated-drift',
        severity: 'error',
        message,
        hint: FIX,
        path: specPointer,
        file: specRel,
        line: where.line,
        column: where.column,
      };
    };
    const shared = cluster === this.firstCluster() ? await this.sharedFiles() : new Map<string, PlannedFile>();
    for (const file of [...plan.files.values(), ...shared.values()]) {
      if (file.owner !== 'generated') continue;
      const abs = join(this.repoRoot, file.path);
      const current = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
      if (current === file.content) continue;
      if (current === undefined) {
        out.push(
          at(provenanceOf(file, 0, '') ?? '', `${file.path} is missing: clusters/${cluster}/cluster.yaml generates it`),
        );
        continue;
      }
      const change = firstDifference(current, file.content);
      const specPointer = change
        ? (provenanceOf(file, change.doc, change.pointer) ?? '')
        : (provenanceOf(file, 0, '') ?? '');
      const [was, is] = change ? showPair(change.current, change.planned) : ['', ''];
      const detail = change
        ? `: at ${change.pointer || '/'} of document ${change.doc + 1} the file has ${was}, the spec gives ${is}`
        : '';
      out.push(at(specPointer, `${file.path} is out of date with clusters/${cluster}/cluster.yaml${detail}`));
    }
    return out;
  }

  /** The shared bases every cluster uses (checked with the first cluster, once). */
  private async sharedFiles(): Promise<Map<string, PlannedFile>> {
    this.shared ??= new Map((await this.planned('shared', (g) => g.planShared())).map((f) => [f.path, f]));
    return this.shared;
  }

  private firstCluster(): string | undefined {
    return [...this.specs.keys()].sort()[0];
  }

  private locate(plan: ClusterPlan, pointer: string): { line: number; column: number } {
    if (!plan.locator && existsSync(plan.specFile))
      plan.locator = parseYamlDocument(readFileSync(plan.specFile, 'utf8'), plan.specFile).locator;
    const pos = plan.locator?.locate(pointer).position;
    return { line: pos?.line ?? 1, column: pos?.column ?? 1 };
  }
}

function provenanceOf(file: PlannedFile, doc: number, pointer: string): string | undefined {
  const matches = (file.provenance ?? []).filter(
    (p) => p.doc === doc && (p.pointer === '' || pointer === p.pointer || pointer.startsWith(`${p.pointer}/`)),
  );
  return matches.sort((a, b) => b.pointer.length - a.pointer.length)[0]?.spec;
}

/** The first field where two YAML streams differ, as a document index and a JSON pointer. */
function firstDifference(
  currentText: string,
  plannedText: string,
): { doc: number; pointer: string; current: unknown; planned: unknown } | undefined {
  let current: unknown[];
  try {
    current = parseAllDocuments(currentText).map((d) => d.toJS());
  } catch {
    return undefined;
  }
  const planned = parseAllDocuments(plannedText).map((d) => d.toJS());
  for (let i = 0; i < Math.max(current.length, planned.length); i++) {
    const d = diff(current[i], planned[i], '');
    if (d) return { doc: i, ...d };
  }
  return undefined;
}

function diff(
  a: unknown,
  b: unknown,
  pointer: string,
): { pointer: string; current: unknown; planned: unknown } | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a)
      ? [...Array(Math.max(a.length, (b as unknown[]).length)).keys()].map(String)
      : [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = diff(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      );
      if (d) return d;
    }
  }
  return { pointer, current: a, planned: b };
}

/** Two differing values; for long strings, the part around their first difference. */
function showPair(a: unknown, b: unknown): [string, string] {
  if (typeof a === 'string' && typeof b === 'string' && (a.length > 60 || b.length > 60)) {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    const from = Math.max(0, i - 20);
    const cut = (s: string) =>
      `${from > 0 ? '...' : ''}${JSON.stringify(s.slice(from, from + 50)).slice(1, -1)}${from + 50 < s.length ? '...' : ''}`;
    return [`"${cut(a)}"`, `"${cut(b)}"`];
  }
  return [show(a), show(b)];
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
