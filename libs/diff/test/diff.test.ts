import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdown, snapshot, withWorktree } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });

/** A real git history: the committed tree, then a change to one endpoint and a new Secret. */
function history(): string {
  const dir = mkdtempSync(join(tmpdir(), 'diff-repo-'));
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml', 'nx.json'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  const patch = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml');
  writeFileSync(patch, readFileSync(patch, 'utf8') + 'spec:\n  replicas: 2\n');
  const kust = join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/kustomization.yaml');
  writeFileSync(
    join(dir, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: hf-token\nstringData:\n  HF_TOKEN: hf_supersecretvalue1234567890\n',
  );
  writeFileSync(
    kust,
    readFileSync(kust, 'utf8').replace(/( *)- networkpolicies\.yaml\n/, '$1- networkpolicies.yaml\n$1- secret.yaml\n'),
  );
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'two replicas');
  return dir;
}

describe('gitops diff', () => {
  it('reports what a commit changes in the rendered tree, without printing secret values', async () => {
    const dir = history();
    const base = await withWorktree(dir, 'HEAD~1', (d) => snapshot(d));
    const head = await withWorktree(dir, 'HEAD', (d) => snapshot(d));
    const text = markdown(base, head, {
      baseLabel: 'HEAD~1',
      headLabel: 'HEAD',
      introduced: [
        {
          rule: 'no-plaintext-secrets',
          severity: 'error',
          message: 'Secret hf-token carries stringData',
          file: 'secret.yaml',
          line: 5,
        },
      ],
    });
    expect(text.startsWith('## Rendered diff HEAD~1..HEAD\n\n```mermaid\ngraph LR\n')).toBe(true);
    expect(text).toContain(
      'gke_native_dev["cluster gke-native-dev"] --> gke_native_dev_endpoint_qwen2_3b_pattern1["gke-native-dev-endpoint-qwen2-3b-pattern1"]:::changed',
    );
    expect(text).toContain(
      '#### Application gke-native-dev-endpoint-qwen2-3b-pattern1 (overlays/endpoints/gke-native-dev/qwen2-3b-pattern1)',
    );
    expect(text).toContain('- added: `Secret llm-d-inference-scheduling/hf-token`');
    expect(text).toContain('- changed: `LLMInferenceService llm-d-inference-scheduling/qwen2-3b-pattern1`');
    expect(text).toMatch(/-  replicas: 1\n\+  replicas: 2/);
    expect(text).not.toContain('hf_supersecretvalue');
    expect(text).toContain('- **error** `no-plaintext-secrets` secret.yaml:5: Secret hf-token carries stringData');
    expect(text).not.toContain('gke-native-prod');
    // worktrees are always removed
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('cuts big diffs and says so', async () => {
    const dir = history();
    const base = await withWorktree(dir, 'HEAD~1', (d) => snapshot(d));
    const head = await withWorktree(dir, 'HEAD', (d) => snapshot(d));
    const text = markdown(base, head, { baseLabel: 'a', headLabel: 'b', maxDiffLines: 3, maxChars: 400 });
    expect(text).toContain('report truncated at 400 characters');
    expect(markdown(base, head, { baseLabel: 'a', headLabel: 'b', maxDiffLines: 3 })).toMatch(
      /\.\.\. \(\d+ more lines cut\)/,
    );
  });

  it('refuses a ref that is not a commit', async () => {
    const dir = history();
    await expect(withWorktree(dir, 'no-such-ref', async () => 1)).rejects.toThrow(
      '"no-such-ref" is not a commit of this repository (git rev-parse failed)',
    );
  });
});
