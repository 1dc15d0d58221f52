import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nx, scratchWorkspace } from './workspace.js';

const overlayProjects = (out: string) => out.split('\n').filter((l) => l.startsWith('overlay-') || l.startsWith('cluster-')).sort();

describe('nx affected on the GitOps tree', () => {
  const ws = scratchWorkspace();

  it('an edit to one endpoint overlay affects that overlay and its cluster only', () => {
    const file = join(ws, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml');
    const before = readFileSync(file, 'utf8');
    appendFileSync(file, '# tweak\n');
    const { code, out } = nx(ws, ['show', 'projects', '--affected', '--base=HEAD']);
    writeFileSync(file, before);
    expect(code).toBe(0);
    expect(overlayProjects(out)).toEqual(['cluster-gke-native-dev', 'overlay-endpoints-gke-native-dev-qwen2-3b-pattern1']);
  });

  it('an edit to a shared base affects every overlay that uses it and their clusters', () => {
    const file = join(ws, 'overlays/bases/kserve-pki/pki.yaml');
    const before = readFileSync(file, 'utf8');
    appendFileSync(file, '# tweak\n');
    const { out } = nx(ws, ['show', 'projects', '--affected', '--base=HEAD']);
    writeFileSync(file, before);
    expect(overlayProjects(out)).toEqual([
      'cluster-gke-native-dev',
      'cluster-gke-native-prod',
      'cluster-istio-staging',
      'overlay-bases-kserve-pki',
      'overlay-clusters-gke-native-dev-kserve-pki',
      'overlay-clusters-gke-native-prod-kserve-pki',
      'overlay-clusters-istio-staging-kserve-pki',
    ]);
  });

  it('a broken edit makes nx affected -t validate fail with the finding at the edited line', () => {
    const file = join(ws, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before + 'spec:\n  replicaz: 2\n');
    const { code, out } = nx(ws, ['affected', '-t', 'validate', '--base=HEAD', '--outputStyle=static']);
    writeFileSync(file, before);
    expect(code).not.toBe(0);
    expect(out).toContain('overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml');
    const line = before.split('\n').length + 1; // the `replicaz:` line appended after `spec:`
    expect(out).toMatch(new RegExp(`${line}:3\\s+error\\s+schema\\s+unknown field "replicaz" in \\/spec`));
  });
});
