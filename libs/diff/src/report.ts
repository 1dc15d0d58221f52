import { createTwoFilesPatch } from 'diff';
import type { Finding } from '@inference-gitops/core';
import type { Snapshot } from './snapshot.js';

export interface DiffOptions {
  baseLabel: string;
  headLabel: string;
  /** Lines of one resource's diff before it is cut. */
  maxDiffLines?: number;
  /** Characters of the whole report before it is cut. */
  maxChars?: number;
  introduced?: Finding[];
}

interface AppChange {
  cluster: string;
  app: string;
  source: string;
  added: string[];
  removed: string[];
  changed: Array<{ key: string; patch: string }>;
}

export function compare(base: Snapshot, head: Snapshot, maxDiffLines = 200): AppChange[] {
  const changes: AppChange[] = [];
  const clusters = [...new Set([...base.clusters.keys(), ...head.clusters.keys()])].sort();
  for (const cluster of clusters) {
    const b = base.clusters.get(cluster) ?? new Map();
    const h = head.clusters.get(cluster) ?? new Map();
    for (const app of [...new Set([...b.keys(), ...h.keys()])].sort()) {
      const before = b.get(app)?.resources ?? new Map<string, string>();
      const after = h.get(app)?.resources ?? new Map<string, string>();
      const change: AppChange = {
        cluster,
        app,
        source: h.get(app)?.source ?? b.get(app)?.source ?? '',
        added: [],
        removed: [],
        changed: [],
      };
      for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
        const x = before.get(key);
        const y = after.get(key);
        if (x === undefined) change.added.push(key);
        else if (y === undefined) change.removed.push(key);
        else if (x !== y) {
          change.changed.push({ key, patch: unifiedDiff(`a/${key}`, `b/${key}`, x, y, { maxLines: maxDiffLines }) });
        }
      }
      if (change.added.length || change.removed.length || change.changed.length) changes.push(change);
    }
  }
  return changes;
}

/** A unified diff of two texts without its `===` header, cut after `maxLines` lines (and saying so). */
export function unifiedDiff(
  fromLabel: string,
  toLabel: string,
  before: string,
  after: string,
  options: { maxLines: number; context?: number },
): string {
  const lines = createTwoFilesPatch(fromLabel, toLabel, before, after, '', '', { context: options.context ?? 3 })
    .split('\n')
    .slice(2);
  const cut = lines.length > options.maxLines;
  return (
    (cut ? lines.slice(0, options.maxLines) : lines).join('\n') +
    (cut ? `\n... (${lines.length - options.maxLines} more lines cut)` : '')
  );
}

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');

/** The Markdown report: a Mermaid graph of what changed, then cluster -> Application -> resource. */
export function markdown(base: Snapshot, head: Snapshot, options: DiffOptions): string {
  const changes = compare(base, head, options.maxDiffLines);
  const out: string[] = [`## Rendered diff ${options.baseLabel}..${options.headLabel}`, ''];
  if (changes.length === 0) {
    out.push('No Application renders differently.', '');
  } else {
    out.push('```mermaid', 'graph LR');
    for (const c of changes) {
      out.push(`  ${id(c.cluster)}["cluster ${c.cluster}"] --> ${id(c.app)}["${c.app}"]:::changed`);
      if (c.source) out.push(`  ${id(c.app)} --> ${id(c.source)}["${c.source}"]:::changed`);
    }
    out.push('  classDef changed fill:#fff3b0,stroke:#d4a000', '```', '');
    for (const cluster of [...new Set(changes.map((c) => c.cluster))]) {
      out.push(`### Cluster ${cluster}`, '');
      for (const c of changes.filter((x) => x.cluster === cluster)) {
        out.push(`#### Application ${c.app} (${c.source})`, '');
        for (const k of c.added) out.push(`- added: \`${k}\``);
        for (const k of c.removed) out.push(`- removed: \`${k}\``);
        for (const ch of c.changed) out.push(`- changed: \`${ch.key}\``, '', '```diff', ch.patch.trimEnd(), '```', '');
        out.push('');
      }
    }
  }
  const introduced = options.introduced ?? [];
  out.push('### Findings introduced by this change', '');
  if (introduced.length === 0) out.push('None.');
  for (const f of introduced)
    out.push(`- **${f.severity}** \`${f.rule}\` ${f.file ?? ''}${f.line ? `:${f.line}` : ''}: ${f.message}`);
  let text = out.join('\n') + '\n';
  const max = options.maxChars ?? 60_000;
  if (text.length > max)
    text =
      text.slice(0, max) + `\n\n... report truncated at ${max} characters; run \`gitops diff\` locally for the rest.\n`;
  return text;
}
