import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry, registry, rulesMarkdown, RULE_PACK } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('rule registry and docs', () => {
  it('registers the whole pack under the issue ids', () => {
    expect(registry.ids()).toEqual(RULE_PACK.map((r) => r.id).sort());
    expect(registry.ids()).toContain('gke-gatewayclass-regional');
  });

  it('rejects duplicate ids and rules without docs', () => {
    expect(() => createRegistry([RULE_PACK[0]!, RULE_PACK[0]!])).toThrow(`duplicate rule id "${RULE_PACK[0]!.id}"`);
    expect(() => createRegistry([{ ...RULE_PACK[0]!, id: 'x-y', docs: { why: '', fix: 'f', source: 's' } }])).toThrow(
      'rule "x-y" needs a summary and docs (why, fix, source)',
    );
    expect(() => createRegistry([{ ...RULE_PACK[0]!, id: 'Bad_Id' }])).toThrow(
      'rule id "Bad_Id" must be lower-case words joined by "-"',
    );
  });

  it('keeps docs/rules.md in step with the registry (the built-in checks follow, see libs/validator)', () => {
    const doc = readFileSync(resolve(repoRoot, 'docs/rules.md'), 'utf8');
    expect(doc.slice(0, rulesMarkdown().length), 'docs/rules.md is stale: run `npm run docs:rules`').toBe(
      rulesMarkdown(),
    );
  });
});
