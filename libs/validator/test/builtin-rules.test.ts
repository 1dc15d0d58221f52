import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '@inference-gitops/rules';
import { BUILTIN_RULE_INFO, BUILTIN_RULES, builtinRule, builtinRulePage } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** Every TypeScript source file of the libraries and apps, except the domain rules (they report through the registry). */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !relative(repoRoot, path).startsWith('libs/rules/src/rules/')) out.push(path);
    }
  };
  for (const top of ['libs', 'apps'])
    for (const project of readdirSync(join(repoRoot, top))) {
      const src = join(repoRoot, top, project, 'src');
      if (
        statSync(join(repoRoot, top, project)).isDirectory() &&
        readdirSync(join(repoRoot, top, project)).includes('src')
      )
        walk(src);
    }
  return out;
}

describe('built-in rules', () => {
  it('has a page (summary, why, fix, source) for every rule id the code emits outside the domain rules', () => {
    const emitted = new Map<string, string>();
    for (const file of sources()) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\brule: ['"]([a-z0-9-]+)['"]/g))
        emitted.set(m[1]!, relative(repoRoot, file));
    }
    for (const id of [
      'schema',
      'schema-missing',
      'yaml',
      'render',
      'rejected-kind',
      'config',
      'cluster-spec',
      'suppression',
      'internal',
    ])
      expect([...emitted.keys()]).toContain(id);
    for (const [id, file] of emitted)
      expect(builtinRule(id) ?? registry.get(id), `rule "${id}" emitted in ${file} has no page`).toBeDefined();
  });

  it('describes each built-in fully and under an id no domain rule uses', () => {
    for (const rule of BUILTIN_RULES) {
      expect(rule.summary && rule.docs.why && rule.docs.fix && rule.docs.source, rule.id).toBeTruthy();
      expect(registry.get(rule.id), `${rule.id} is also a domain rule`).toBeUndefined();
      expect(BUILTIN_RULE_INFO[rule.id]).toEqual({
        id: rule.id,
        severity: rule.severity,
        summary: rule.summary,
        docs: `${rule.docs.why}\n\n${rule.docs.fix}`,
      });
    }
    expect(new Set(BUILTIN_RULES.map((r) => r.id)).size).toBe(BUILTIN_RULES.length);
  });

  it('renders a page in the shape of a domain rule page', () => {
    expect(builtinRulePage(builtinRule('rejected-kind')!, '#')).toBe(
      [
        '# rejected-kind',
        '',
        '**error** · built-in check (the `rules` settings of .gitops.yaml and suppress annotations do not apply to it)',
        '',
        'The kind is rejected by --reject.',
        '',
        '**Why.** `gitops validate --reject KINDS` names kinds that must not come out of this tree (for example Secrets, which belong in an external secret store); every object of such a kind is an error.',
        '',
        '**Fix.** Remove the object from the tree or move it where it belongs, or drop its kind from --reject.',
        '',
        '**Source.** the --reject flag of `gitops validate` (Kind, group/Kind or group/version/Kind).',
        '',
      ].join('\n'),
    );
  });
});

describe('docs/rules.md', () => {
  it("holds every built-in check's page after the rule pack (npm run docs:rules)", async () => {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const { rulesMarkdown } = await import('@inference-gitops/rules');
    const { BUILTIN_RULES, builtinRulePage } = await import('../src/builtin-rules.js');
    const expected = rulesMarkdown(undefined, {
      ids: BUILTIN_RULES.map((r) => r.id),
      pages: BUILTIN_RULES.map((r) => builtinRulePage(r)),
    });
    expect(
      readFileSync(resolve(import.meta.dirname, '../../../docs/rules.md'), 'utf8'),
      'docs/rules.md is stale: run `npm run docs:rules`',
    ).toBe(expected);
  });
});
