import type { Rule } from './types.js';
import { RULE_PACK } from './rules/index.js';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The rules by id. Registering validates the rule's data, so a broken rule fails at load, not at use. */
export class RuleRegistry {
  private readonly rules = new Map<string, Rule>();

  register(rule: Rule): void {
    if (!ID.test(rule.id)) throw new Error(`rule id "${rule.id}" must be lower-case words joined by "-"`);
    if (this.rules.has(rule.id)) throw new Error(`duplicate rule id "${rule.id}"`);
    if (!rule.summary || !rule.docs?.why || !rule.docs.fix || !rule.docs.source)
      throw new Error(`rule "${rule.id}" needs a summary and docs (why, fix, source)`);
    if (rule.kinds.length === 0) throw new Error(`rule "${rule.id}" must name the kinds it looks at`);
    this.rules.set(rule.id, rule);
  }

  get(id: string): Rule | undefined {
    return this.rules.get(id);
  }

  all(): Rule[] {
    return [...this.rules.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  ids(): string[] {
    return this.all().map((r) => r.id);
  }
}

export function createRegistry(rules: Rule[] = RULE_PACK): RuleRegistry {
  const registry = new RuleRegistry();
  for (const rule of rules) registry.register(rule);
  return registry;
}

export const registry = createRegistry();
