// The bad-input corpus: every hostile or broken input gets a clear message, the right exit code
// (1 for findings in what was validated, 2 for misuse), no stack trace, a bounded time, and no file
// written or changed.
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  args: (dir: string) => string[];
  code: 0 | 1 | 2;
  /** Text the output (stdout + stderr) must contain: the clear message. */
  says: string;
  /** Prepare the scratch directory beyond `files` (symlinks, a copy of the repository). */
  setup?: (dir: string) => void;
  cwd?: 'dir' | 'repo';
}

const cm = (extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n${extra}`;
const kust = (body: string) => ({ 'kustomization.yaml': body });
const bomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map(
    (c, i) =>
      `${c}: &${c} [${Array(9)
        .fill('*' + 'abcdefghi'[i])
        .join(',')}]`,
  ),
].join('\n');
const deep =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: ' +
  '['.repeat(20000) +
  ']'.repeat(20000) +
  '\n';

function repoCopy(dir: string) {
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml', 'nx.json'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
}
const spec = (dir: string) => join(dir, 'clusters/gke-native-dev/cluster.yaml');
const editSpec = (from: string, to: string) => (dir: string) => {
  repoCopy(dir);
  writeFileSync(spec(dir), readFileSync(spec(dir), 'utf8').replace(from, to));
};

const cases: Case[] = [
  // YAML
  {
    name: 'syntax error',
    files: { 'a.yaml': cm('data: {a: [1, 2\n') },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'a.yaml',
  },
  {
    name: 'tab indentation',
    files: { 'a.yaml': cm('data:\n\ta: b\n') },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'yaml',
  },
  {
    name: 'duplicate keys',
    files: { 'a.yaml': cm('data:\n  a: 1\n  a: 2\n') },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'mapping key "a" already defined: map keys must be unique (kubectl and kustomize refuse the file)',
  },
  {
    name: 'billion laughs',
    files: { 'a.yaml': bomb },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'cannot be read',
  },
  { name: 'very deep nesting', files: { 'a.yaml': deep }, args: () => ['validate', 'a.yaml'], code: 1, says: 'a.yaml' },
  {
    name: 'binary bytes',
    files: { 'a.yaml': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]) },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'the file is not UTF-8 text',
  },
  {
    name: 'NUL bytes in text',
    files: { 'a.yaml': 'apiVersion: v1\u0000\n' },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'file contains NUL bytes: it is binary, not YAML',
  },
  {
    name: 'non-UTF-8 bytes',
    files: { 'a.yaml': Buffer.concat([Buffer.from(cm('data:\n  a: ')), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]) },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'the file is not UTF-8 text',
  },
  {
    name: 'a BOM',
    files: { 'a.yaml': '\ufeff' + cm() },
    args: () => ['validate', 'a.yaml'],
    code: 0,
    says: 'OK: 1 resources',
  },
  {
    name: 'empty documents between real ones',
    files: { 'a.yaml': `---\n---\n${cm()}---\n\n---\n` },
    args: () => ['validate', 'a.yaml'],
    code: 0,
    says: 'OK: 1 resources',
  },
  {
    name: 'kind missing',
    files: { 'a.yaml': 'apiVersion: v1\nmetadata: {name: x}\n' },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'resource has no kind',
  },
  {
    name: 'kind of the wrong type',
    files: { 'a.yaml': 'apiVersion: v1\nkind: 5\nmetadata: {name: x}\n' },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'kind must be a string, not 5',
  },
  {
    name: 'apiVersion missing',
    files: { 'a.yaml': 'kind: ConfigMap\nmetadata: {name: x}\n' },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'ConfigMap has no apiVersion',
  },
  {
    name: 'apiVersion of the wrong type',
    files: { 'a.yaml': 'apiVersion: [v1]\nkind: ConfigMap\nmetadata: {name: x}\n' },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'apiVersion must be a string, not ["v1"]',
  },
  {
    name: 'a top-level list',
    files: { 'a.yaml': '- a\n- b\n' },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'document 1 is a list, not a Kubernetes object',
  },
  {
    name: 'a scalar document',
    files: { 'a.yaml': 'hello\n' },
    args: () => ['validate', 'a.yaml'],
    code: 1,
    says: 'document 1 is a string, not a Kubernetes object',
  },
  {
    name: 'JSON input',
    files: { 'a.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' } }) },
    args: () => ['validate', 'a.json'],
    code: 0,
    says: 'OK: 1 resources',
  },
  {
    name: 'broken JSON',
    files: { 'a.json': '{"apiVersion": "v1",' },
    args: () => ['validate', 'a.json'],
    code: 1,
    says: 'invalid JSON',
  },
  {
    name: 'a List kind',
    files: {
      'a.yaml':
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n  spec: {ports: [{port: eighty}]}\n',
    },
    args: () => ['validate', 'a.yaml', '--format', 'json'],
    code: 1,
    says: '"path": "/spec/ports/0/port"',
  },
  {
    name: 'an empty file',
    files: { 'a.yaml': '' },
    args: () => ['validate', 'a.yaml'],
    code: 0,
    says: 'OK: 0 resources',
  },
  {
    name: 'only comments',
    files: { 'a.yaml': '# nothing here\n' },
    args: () => ['validate', 'a.yaml'],
    code: 0,
    says: 'OK: 0 resources',
  },
  {
    name: 'a 50 MB document',
    files: { 'a.yaml': cm(`data:\n  big: "${'x'.repeat(50 * 1024 * 1024)}"\n`) },
    args: () => ['validate', 'a.yaml', '--no-rules'],
    code: 1,
    says: 'the ConfigMap holds 52428800 bytes of data, more than the 1048576 bytes (1 MiB) the API server allows',
  },
  // kustomize
  {
    name: 'a missing resource',
    files: kust('resources:\n- missing.yaml\n'),
    args: (d) => ['validate', d],
    code: 1,
    says: 'kustomize build failed:',
  },
  {
    name: 'a cycle between bases',
    files: { 'a/kustomization.yaml': 'resources:\n- ../b\n', 'b/kustomization.yaml': 'resources:\n- ../a\n' },
    args: (d) => ['validate', join(d, 'a')],
    code: 1,
    says: 'kustomization cycle',
  },
  {
    name: 'a remote base',
    files: kust('resources:\n- https://github.com/kubernetes-sigs/lws//config/default?ref=v0.8.0\n'),
    args: (d) => ['validate', d],
    code: 1,
    says: 'is remote: rendering must not depend on the network',
  },
  {
    name: 'an exec KRM function',
    files: {
      ...kust('transformers:\n- fn.yaml\n'),
      'fn.yaml':
        'apiVersion: example.com/v1\nkind: Fn\nmetadata:\n  name: f\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ./evil.sh\n',
    },
    args: (d) => ['validate', d],
    code: 1,
    says: 'is a KRM function (exec or container): refused',
  },
  {
    name: 'a container KRM function',
    files: {
      ...kust('generators:\n- fn.yaml\n'),
      'fn.yaml':
        'apiVersion: example.com/v1\nkind: Fn\nmetadata:\n  name: f\n  annotations:\n    config.kubernetes.io/function: |\n      container:\n        image: evil\n',
    },
    args: (d) => ['validate', d],
    code: 1,
    says: 'is a KRM function (exec or container): refused',
  },
  {
    name: 'a path escaping through ..',
    files: { '.git/HEAD': 'ref: refs/heads/main\n', 'o/kustomization.yaml': 'resources:\n- ../../../etc\n' },
    args: (d) => ['validate', join(d, 'o')],
    code: 1,
    says: 'leaves the repository (through .. or a symlink)',
  },
  {
    name: 'a path escaping through a symlink',
    files: { '.git/HEAD': 'ref: refs/heads/main\n', 'o/kustomization.yaml': 'resources:\n- link\n' },
    setup: (d) => symlinkSync('/etc', join(d, 'o/link')),
    args: (d) => ['validate', join(d, 'o')],
    code: 1,
    says: 'leaves the repository (through .. or a symlink)',
  },
  {
    name: 'a broken kustomization',
    files: kust('resources: [\n'),
    args: (d) => ['validate', d],
    code: 1,
    says: 'kustomize build failed:',
  },
  // spec and generator
  {
    name: 'an endpoint name with ../',
    files: {},
    setup: editSpec('  - name: qwen2-3b-pattern1', '  - name: ../evil'),
    args: () => ['generate'],
    code: 1,
    says: 'endpoints.0.name "../evil" is not a DNS label',
    cwd: 'dir',
  },
  {
    name: 'an endpoint name with /',
    files: {},
    setup: editSpec('  - name: qwen2-3b-pattern1', '  - name: a/b'),
    args: () => ['generate'],
    code: 1,
    says: 'endpoints.0.name "a/b" is not a DNS label',
    cwd: 'dir',
  },
  {
    name: 'an upper-case name',
    files: {},
    setup: editSpec('  - name: qwen2-3b-pattern1', '  - name: Qwen'),
    args: () => ['generate'],
    code: 1,
    says: 'endpoints.0.name "Qwen" is not a DNS label',
    cwd: 'dir',
  },
  {
    name: 'a 64-character name',
    files: {},
    setup: editSpec('  - name: qwen2-3b-pattern1', `  - name: ${'q'.repeat(64)}`),
    args: () => ['generate'],
    code: 1,
    says: 'is not a DNS label',
    cwd: 'dir',
  },
  {
    name: 'an unknown key in the spec',
    files: {},
    setup: editSpec('variant: gke-native', 'variant: gke-native\nflavour: spicy'),
    args: () => ['generate'],
    code: 1,
    says: 'unknown key "flavour" in the cluster spec',
    cwd: 'dir',
  },
  {
    name: 'a cluster spec that is a directory',
    files: {},
    setup: (d) => mkdirSync(join(d, 'clusters/broken/cluster.yaml'), { recursive: true }),
    args: () => ['generate'],
    code: 1,
    says: 'is a directory, not a file',
    cwd: 'dir',
  },
  {
    name: 'an empty cluster spec',
    files: { 'clusters/empty/cluster.yaml': '' },
    args: () => ['generate'],
    code: 1,
    says: 'cluster spec empty/cluster.yaml is empty',
    cwd: 'dir',
  },
  {
    name: 'two endpoints with the same name',
    files: {},
    setup: editSpec('name: qwen2-3b-pattern3', 'name: qwen2-3b-pattern1'),
    args: () => ['generate'],
    code: 1,
    says: 'endpoint "qwen2-3b-pattern1" is defined twice',
    cwd: 'dir',
  },
  {
    name: "the generator asked to overwrite a person's file",
    files: {},
    setup: (d) => {
      repoCopy(d);
      writeFileSync(join(d, 'overlays/clusters/gke-native-dev/gateway/gateway.yaml'), 'mine: true\n');
    },
    args: () => ['generate'],
    code: 1,
    says: 'refusing to overwrite a file not written by the generator: overlays/clusters/gke-native-dev/gateway/gateway.yaml',
    cwd: 'dir',
  },
  {
    name: 'a generator run that cannot finish leaves no partial tree',
    files: {},
    setup: (d) => {
      repoCopy(d);
      writeFileSync(
        join(d, 'clusters/gke-native-dev/cluster.yaml'),
        readFileSync(join(d, 'clusters/gke-native-dev/cluster.yaml'), 'utf8').replace('maxNodes: 4', 'maxNodes: 8') +
          '  - name: zz-new\n    namespace: llm-d-inference-scheduling\n    model: {uri: "hf://a/b", name: a}\n    nodePool: tpu-v6e-pool\n    replicas: 1\n    image: r/i:1\n    maxModelLen: 2048\n',
      );
      writeFileSync(join(d, 'overlays/endpoints/gke-native-dev/zz-new'), 'a file where a directory must go\n');
    },
    args: () => ['generate'],
    code: 2,
    says: 'gitops: internal error:',
    cwd: 'dir',
  },
  // CLI
  {
    name: 'an unknown flag',
    files: {},
    args: () => ['validate', '--frobnicate'],
    code: 2,
    says: "unknown option '--frobnicate'",
  },
  { name: 'an unknown command', files: {}, args: () => ['frobnicate'], code: 2, says: "unknown command 'frobnicate'" },
  {
    name: 'a missing target',
    files: {},
    args: () => ['validate', 'nope.yaml'],
    code: 2,
    says: 'target "nope.yaml" is neither a file, a directory nor a cluster under clusters/',
  },
  {
    name: 'an unreadable (dangling) file',
    files: {},
    setup: (d) => symlinkSync(join(d, 'gone.yaml'), join(d, 'a.yaml')),
    args: () => ['validate', 'a.yaml'],
    code: 2,
    says: 'target "a.yaml" is neither a file',
  },
  {
    name: 'an output file in a missing directory',
    files: { 'a.yaml': cm() },
    args: () => ['validate', 'a.yaml', '--output', 'missing/dir/out.json'],
    code: 2,
    says: 'cannot write --output missing/dir/out.json: directory missing/dir does not exist',
  },
  {
    name: 'an unknown output format',
    files: { 'a.yaml': cm() },
    args: () => ['validate', 'a.yaml', '--format', 'yaml'],
    code: 2,
    says: 'Allowed choices are text, json, junit, sarif, github',
  },
  {
    name: 'a schema location that is not a directory',
    files: { 'a.yaml': cm() },
    args: () => ['validate', 'a.yaml', '--schema-location', 'https://example.com/{{.Kind}}.json'],
    code: 2,
    says: 'only local directories laid out as {group}/{kind}_{version}.json, or local path templates',
  },
  {
    name: 'a Kubernetes version that is not embedded',
    files: { 'a.yaml': cm() },
    args: () => ['validate', 'a.yaml', '--kubernetes-version', '1.29.0'],
    code: 2,
    says: '--kubernetes-version 1.29.0: the embedded core schemas are Kubernetes 1.32',
  },
  {
    name: 'an unknown rule to explain',
    files: {},
    args: () => ['explain', 'tpu-everything'],
    code: 2,
    says: 'unknown rule "tpu-everything"',
  },
  {
    name: 'diff against a ref that does not exist',
    files: {},
    args: () => ['diff', '--base', 'no-such-ref'],
    code: 2,
    says: '"no-such-ref" is not a commit of this repository',
    cwd: 'repo',
  },
];

/** Every file under a directory with a hash of its content, to prove nothing was written. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) out[p] = 'link';
      else if (e.isDirectory()) walk(p);
      else out[p] = createHash('sha1').update(readFileSync(p)).digest('hex') + statSync(p).mtimeMs;
    }
  };
  walk(dir);
  return out;
}

describe('bad input', () => {
  it('has a corpus of at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  for (const c of cases) {
    it(`${c.name}: exit ${c.code}, a clear message, no stack trace, nothing written`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
      for (const [name, content] of Object.entries(c.files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), content);
      }
      c.setup?.(dir);
      const before = fingerprint(dir);
      const started = Date.now();
      const cwd = c.cwd === 'repo' ? repoRoot : dir;
      const { code, stdout, stderr } = await gitops(c.args(dir), cwd);
      const output = stdout + stderr;
      expect(output).toContain(c.says);
      expect(code).toBe(c.code);
      expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(fingerprint(dir)).toEqual(before);
    });
  }
});
