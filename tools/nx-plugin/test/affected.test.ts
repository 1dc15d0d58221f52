import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, nx, nxEnv, repoRoot, scratchWorkspace } from './workspace.js';

/** Commits everything in the scratch workspace: the state `--base=HEAD` compares with. */
const commitAll = (ws: string, message: string) => {
  git(ws, 'add', '-A');
  git(ws, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', message);
};

/** An Application of this repository (the clusters' argocd.repoURL) rendering `path`. */
const application = (name: string, path: string) =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    `metadata: {name: ${name}, namespace: argocd}`,
    'spec:',
    '  project: default',
    `  source: {repoURL: https://github.com/example/inference-gitops.git, targetRevision: main, path: ${path}}`,
    '  destination: {server: https://kubernetes.default.svc, namespace: llm}',
    '',
  ].join('\n');

/** A ConfigMap manifest in namespace llm. */
const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: llm\ndata:\n  k: v\n`;

/** A kustomization folder of one ConfigMap (an Nx project). */
const configMapOverlay = (ws: string, dir: string, name: string) => {
  mkdirSync(join(ws, dir), { recursive: true });
  writeFileSync(join(ws, dir, 'kustomization.yaml'), 'resources: [cm.yaml]\n');
  writeFileSync(join(ws, dir, 'cm.yaml'), configMap(name));
};

/** An Application in gke-native-dev's person-owned custom/ folder, listed in its kustomization. */
const customApplication = (ws: string, name: string, path: string) => {
  const custom = join(ws, 'clusters/gke-native-dev/argocd/custom');
  writeFileSync(join(custom, `${name}.yaml`), application(name, path));
  writeFileSync(
    join(custom, 'kustomization.yaml'),
    readFileSync(join(custom, 'kustomization.yaml'), 'utf8').replace('resources: []', `resources: [${name}.yaml]`),
  );
};

/** The overlay and cluster projects affected after appending a data key to a committed ConfigMap file. */
const affectedAfterEditing = (ws: string, file: string) => {
  appendFileSync(join(ws, file), '  k2: v2\n');
  const { code, out } = nx(ws, ['show', 'projects', '--affected', '--base=HEAD']);
  expect(code).toBe(0);
  return overlayProjects(out);
};

const overlayProjects = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('overlay-') || l.startsWith('cluster-'))
    .sort();

describe('nx affected on the GitOps tree', () => {
  const ws = scratchWorkspace();

  it('an edit to one endpoint overlay affects that overlay and its cluster only', () => {
    const file = join(ws, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/patches.yaml');
    const before = readFileSync(file, 'utf8');
    appendFileSync(file, '# tweak\n');
    const { code, out } = nx(ws, ['show', 'projects', '--affected', '--base=HEAD']);
    writeFileSync(file, before);
    expect(code).toBe(0);
    expect(overlayProjects(out)).toEqual([
      'cluster-gke-native-dev',
      'overlay-endpoints-gke-native-dev-qwen2-3b-pattern1',
    ]);
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

  it('a cluster.yaml edit without regenerating fails nx affected -t validate, at the spec field', () => {
    const file = join(ws, 'clusters/gke-native-dev/cluster.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('    replicas: 3', '    replicas: 2'));
    const affected = nx(ws, ['show', 'projects', '--affected', '--base=HEAD']);
    const { code, out } = nx(ws, ['affected', '-t', 'validate', '--base=HEAD', '--outputStyle=static']);
    writeFileSync(file, before);
    expect(overlayProjects(affected.out)).toEqual(['cluster-gke-native-dev']);
    expect(code).not.toBe(0);
    const line = before.split('\n').findIndex((l) => l.includes('replicas: 3')) + 1;
    expect(out).toMatch(
      new RegExp(
        `${line}:5\\s+error\\s+generated-drift\\s+overlays/endpoints/gke-native-dev/qwen2-3b-pattern3/llminferenceservice.yaml is out of date`,
      ),
    );
  });
});

describe('nx affected and the files an overlay reads outside its own folder', () => {
  it("a file in a folder of another project (a base's patches/) affects the overlays that read it", () => {
    const ws = scratchWorkspace();
    mkdirSync(join(ws, 'overlays/bases/kserve-pki/extra'));
    writeFileSync(join(ws, 'overlays/bases/kserve-pki/extra/cm.yaml'), configMap('extra'));
    mkdirSync(join(ws, 'overlays/custom/reader'), { recursive: true });
    writeFileSync(
      join(ws, 'overlays/custom/reader/kustomization.yaml'),
      'resources:\n  - ../../bases/kserve-pki/extra/cm.yaml\n',
    );
    commitAll(ws, 'reader');
    appendFileSync(join(ws, 'overlays/bases/kserve-pki/extra/cm.yaml'), '  k2: v2\n');
    const { code, out } = nx(ws, ['show', 'projects', '--affected', '--base=HEAD']);
    expect(code).toBe(0);
    expect(overlayProjects(out)).toContain('overlay-custom-reader');
  });

  it('says which overlay reads a file that belongs to no project, since nx affected cannot see its edits', () => {
    const ws = scratchWorkspace();
    mkdirSync(join(ws, 'overlays/loose'));
    writeFileSync(join(ws, 'overlays/loose/cm.yaml'), configMap('loose'));
    mkdirSync(join(ws, 'overlays/custom/reader'), { recursive: true });
    writeFileSync(join(ws, 'overlays/custom/reader/kustomization.yaml'), 'resources:\n  - ../../loose/cm.yaml\n');
    const { status, stderr } = spawnSync(join(repoRoot, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: ws,
      env: nxEnv,
      encoding: 'utf8',
    });
    expect(status).toBe(0);
    expect(stderr).toContain(
      '@inference-gitops/nx-plugin: overlay-custom-reader reads overlays/loose/cm.yaml, which belongs to no project: nx affected cannot tell that an edit to it affects overlay-custom-reader. Move it under a folder with a kustomization.yaml (a project), or give its folder one (a kustomize Component, say).',
    );
  });
});

describe('nx affected and the Applications a person adds', () => {
  it('an edit to an overlay that only a custom/ Application renders affects that cluster', () => {
    const ws = scratchWorkspace();
    configMapOverlay(ws, 'overlays/custom/extra', 'extra');
    customApplication(ws, 'extra', 'overlays/custom/extra');
    commitAll(ws, 'custom app');
    expect(affectedAfterEditing(ws, 'overlays/custom/extra/cm.yaml')).toEqual([
      'cluster-gke-native-dev',
      'overlay-custom-extra',
    ]);
  });
});

describe('nx affected and an app of apps kept in overlays/', () => {
  it("an edit to an overlay that only a nested Application renders affects that Application's folder and the cluster", () => {
    const ws = scratchWorkspace();
    configMapOverlay(ws, 'overlays/custom/leaf', 'leaf');
    mkdirSync(join(ws, 'overlays/platform/apps'), { recursive: true });
    writeFileSync(join(ws, 'overlays/platform/apps/kustomization.yaml'), 'resources: [leaf.yaml]\n');
    writeFileSync(join(ws, 'overlays/platform/apps/leaf.yaml'), application('leaf', 'overlays/custom/leaf'));
    customApplication(ws, 'platform', 'overlays/platform/apps');
    commitAll(ws, 'app of apps');
    expect(affectedAfterEditing(ws, 'overlays/custom/leaf/cm.yaml')).toEqual([
      'cluster-gke-native-dev',
      'overlay-custom-leaf',
      'overlay-platform-apps',
    ]);
  });
});

describe('the parsed YAML the project graph keeps between nx runs', () => {
  it('is used only while a file is unchanged: an edited kustomization gives its new edges at once', () => {
    const ws = scratchWorkspace();
    const cache = mkdtempSync(join(tmpdir(), 'graph-cache-'));
    const env = { ...nxEnv, GITOPS_CACHE_DIR: cache };
    const edges = (project: string) => {
      const file = join(ws, 'graph.json');
      const run = spawnSync(join(repoRoot, 'node_modules/.bin/nx'), ['graph', `--file=${file}`], {
        cwd: ws,
        env,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const graph = JSON.parse(readFileSync(file, 'utf8')) as {
        graph: { dependencies: Record<string, Array<{ target: string }>> };
      };
      return graph.graph.dependencies[project]!.map((d) => d.target)
        .filter((t) => t.startsWith('overlay-'))
        .sort();
    };
    const overlay = 'overlay-endpoints-gke-native-dev-qwen2-3b-pattern1';
    const before = edges(overlay);
    expect(before).toContain('overlay-components-env-dev');
    expect(readdirSync(join(cache, 'graph'))).toEqual(['parsed.json']);
    // The kept parse of this kustomization must not hide the edit.
    const file = join(ws, 'overlays/endpoints/gke-native-dev/qwen2-3b-pattern1/kustomization.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - ../../../components/env-dev\n', ''));
    expect(edges(overlay)).toEqual(before.filter((p) => p !== 'overlay-components-env-dev'));
    // A damaged cache file is parsed around.
    writeFileSync(join(cache, 'graph', 'parsed.json'), '{not json');
    expect(edges(overlay)).toEqual(before.filter((p) => p !== 'overlay-components-env-dev'));
  });
});

describe('nx affected when the tool changes', () => {
  it('an edit to a rule makes every cluster and overlay affected', () => {
    const ws = scratchWorkspace({ copyTool: true });
    appendFileSync(join(ws, 'libs/rules/src/rules/tpu-capacity.ts'), '// tweak\n');
    expect(git(ws, 'status', '--porcelain')).toContain('libs/rules/src/rules/tpu-capacity.ts');
    const { code, out } = nx(ws, ['show', 'projects', '--affected', '--base=HEAD']);
    expect(code).toBe(0);
    const projects = overlayProjects(out);
    expect(projects.filter((p) => p.startsWith('cluster-'))).toEqual([
      'cluster-gke-native-dev',
      'cluster-gke-native-prod',
      'cluster-istio-staging',
    ]);
    expect(projects).toContain('overlay-endpoints-gke-native-dev-qwen2-3b-pattern1');
  });
});
