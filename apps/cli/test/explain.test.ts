import { describe, expect, it } from 'vitest';
import { registry } from '@inference-gitops/rules';
import { BUILTIN_RULES } from '@inference-gitops/validator/builtin-rules';
import { gitops } from './helpers.js';

/** Every built-in check, in the order `gitops rules` lists them. */
const BUILTIN_IDS = [
  'api-validation',
  'argocd-health',
  'cel',
  'cluster-spec',
  'config',
  'generated-drift',
  'immutable-field',
  'infrastructure-deletion',
  'internal',
  'kserve-derived-kinds',
  'patch-drops-fields',
  'pod-template',
  'rejected-kind',
  'render',
  'schema',
  'schema-missing',
  'suppression',
  'yaml',
];
describe('gitops explain and gitops rules', () => {
  it('explains the built-in check schema', async () => {
    const { code, stdout, stderr } = await gitops(['explain', 'schema']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        '# schema',
        '',
        '**error** · built-in check (the `rules` settings of .gitops.yaml and suppress annotations do not apply to it)',
        '',
        'The object does not match the schema of its kind (strict: unknown fields are errors).',
        '',
        '**Why.** The API server drops or rejects a field its schema does not know, so a misspelt field silently does nothing; a missing required field, a value of the wrong type or outside the allowed values makes the sync fail. Every object also needs `apiVersion` and `kind`.',
        '',
        '**Fix.** Correct the field at the reported line (spelling, type, allowed value, required field). docs/schemas.md says which schema each kind is checked against.',
        '',
        '**Source.** docs/schemas.md: CRDs in the rendered tree, the pinned schemas of schemas/lock.yaml, the embedded Kubernetes and @kubernetes-models schemas, --schema-location.',
        '',
      ].join('\n'),
    );
  });

  it('explains every id of the built-in table', async () => {
    expect(BUILTIN_RULES.map((r) => r.id).sort()).toEqual(BUILTIN_IDS);
    for (const rule of BUILTIN_RULES) {
      const { code, stdout, stderr } = await gitops(['explain', rule.id]);
      expect({ id: rule.id, code, stderr }).toEqual({ id: rule.id, code: 0, stderr: '' });
      expect(stdout.startsWith(`# ${rule.id}\n\n**${rule.severity}** · built-in check`), rule.id).toBe(true);
      expect(stdout, rule.id).toContain(
        `\n${rule.summary}\n\n**Why.** ${rule.docs.why}\n\n**Fix.** ${rule.docs.fix}\n\n**Source.** ${rule.docs.source}\n`,
      );
    }
  });

  it('still explains domain rules and suggests built-ins for a near miss', async () => {
    const domain = await gitops(['explain', 'image-pinned']);
    expect(domain.code).toBe(0);
    expect(domain.stdout.startsWith('# image-pinned\n\n**error in prod, warning elsewhere** · kinds: ')).toBe(true);
    const miss = await gitops(['explain', 'schema-missin']);
    expect(miss).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'gitops: unknown rule "schema-missin"; did you mean schema, schema-missing? (`gitops rules` lists them all)\n',
    });
  });

  it('lists the built-in checks in their own section after the domain rules', async () => {
    const { code, stdout } = await gitops(['rules']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const header = lines.indexOf(
      'built-in checks (raised by the validator itself; .gitops.yaml rule settings and suppressions do not apply):',
    );
    expect(header).toBe(registry.ids().length + 1);
    expect(lines[header - 1]).toBe('');
    expect(lines.slice(header + 1, -1).map((l) => l.split(/\s+/)[0])).toEqual(BUILTIN_IDS);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^schema {2,}error {2,}The object does not match the schema of its kind \(strict: unknown fields are errors\)\.$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^suppression {2,}warning {2,}A suppression annotation has no reason, names an unknown rule, or is not a string, so it suppresses nothing\.$/,
      ),
    );
    expect(lines.at(-1)).toBe(
      `${registry.ids().length} rules and ${BUILTIN_RULES.length} built-in checks; \`gitops explain RULE\` for details`,
    );

    const json = JSON.parse((await gitops(['rules', '--format', 'json'])).stdout) as Array<{
      id: string;
      builtin: boolean;
      severity: unknown;
    }>;
    expect(json.filter((r) => r.builtin).map((r) => r.id)).toEqual(BUILTIN_IDS);
    expect(json.filter((r) => !r.builtin).map((r) => r.id)).toEqual(registry.ids());
    expect(json.find((r) => r.id === 'yaml')).toMatchObject({
      id: 'yaml',
      severity: 'error',
      builtin: true,
      kinds: [],
      needs: [],
    });
  });
});

describe('gitops --version', () => {
  it('prints the version and which build runs, and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await gitops([flag]);
      expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '0.1.0 (from sources)\n', stderr: '' });
    }
  });
});
