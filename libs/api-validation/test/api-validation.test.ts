import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { itWith, upstreamFiles } from '@inference-gitops/core/testing';
import { apiValidation, parseCidr, parseQuantity, compareQuantities } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

type O = Record<string, unknown>;
const only = (object: O, options?: { clientSideApply?: boolean; namespaced?: boolean }) =>
  apiValidation(object, options).map(({ path, message }) => ({ path, message }));

const configMap = (name: string, extra: O = {}): O => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'llm' },
  ...extra,
});
const deployment = (container: O = {}, spec: O = {}, podSpec: O = {}): O => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'vllm', namespace: 'llm' },
  spec: {
    selector: { matchLabels: { app: 'vllm' } },
    template: {
      metadata: { labels: { app: 'vllm' } },
      spec: { containers: [{ name: 'main', image: 'vllm/vllm-openai:v0.6.3', ...container }], ...podSpec },
    },
    ...spec,
  },
});
const C0 = '/spec/template/spec/containers/0';

describe('object names', () => {
  it('refuses a ConfigMap named Model-Config (DNS-1123 subdomain) and accepts model-config', () => {
    expect(only(configMap('Model-Config'))).toEqual([
      {
        path: '/metadata/name',
        message: `metadata.name "Model-Config" is not a valid ConfigMap name: ConfigMap names must be lowercase RFC 1123 subdomains (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); rename it, e.g. to "model-config".`,
      },
    ]);
    expect(only(configMap('model-config'))).toEqual([]);
    expect(only(configMap('qwen2.5-3b.config'))).toEqual([]);
  });

  it('refuses a Service named 9vllm (DNS-1035 label) and accepts vllm', () => {
    const service = (name: string): O => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { ports: [{ port: 80 }] },
    });
    expect(only(service('9vllm'))).toEqual([
      {
        path: '/metadata/name',
        message: `metadata.name "9vllm" is not a valid Service name: Service names must be DNS-1035 labels (at most 63 characters: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit); rename it so that it starts with a letter.`,
      },
    ]);
    expect(only(service('vllm-9'))).toEqual([]);
    // A dot is fine for a ConfigMap but not for a Service.
    expect(only(service('vllm.svc'))[0]?.message).toContain('rename it, e.g. to "vllm-svc"');
  });

  it('applies the DNS label rule to Namespaces, DNS-1035 to LeaderWorkerSets, 52 characters to CronJobs, path segments to RBAC', () => {
    expect(only({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'llm.serving' } })).toEqual([
      {
        path: '/metadata/name',
        message: `metadata.name "llm.serving" is not a valid Namespace name: Namespace names must be lowercase RFC 1123 labels (at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit); rename it, e.g. to "llm-serving".`,
      },
    ]);
    expect(
      only({ apiVersion: 'leaderworkerset.x-k8s.io/v1', kind: 'LeaderWorkerSet', metadata: { name: '2-moe' } }),
    ).toEqual([
      {
        path: '/metadata/name',
        message: `metadata.name "2-moe" is not a valid LeaderWorkerSet name: LeaderWorkerSet names must be DNS-1035 labels (at most 63 characters: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit); rename it so that it starts with a letter.`,
      },
    ]);
    expect(only({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x'.repeat(53) } })).toEqual([
      {
        path: '/metadata/name',
        message: `metadata.name "${'x'.repeat(53)}" is 53 characters long, but CronJob names must be at most 52 characters (the controller appends a suffix to make Job names); shorten it.`,
      },
    ]);
    expect(only({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'redis.cache' } })).toEqual([
      {
        path: '/metadata/name',
        message: `metadata.name "redis.cache" is not a valid StatefulSet name: StatefulSet names must be lowercase RFC 1123 labels (at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit); rename it, e.g. to "redis-cache".`,
      },
    ]);
    expect(
      only({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:aggregate-to-view' },
      }),
    ).toEqual([]);
    expect(only({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'UPPER' } })[0]?.message).toContain(
      'Widget names must be lowercase RFC 1123 subdomains',
    );
  });

  it('checks generateName with the trailing dash allowed, and the namespace as a DNS label', () => {
    const pod = (metadata: O): O => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec: { containers: [{ name: 'a', image: 'busybox' }] },
    });
    expect(only(pod({ generateName: 'bench-' }))).toEqual([]);
    expect(only(pod({ generateName: 'Bench-', namespace: 'Team_A' }))).toEqual([
      {
        path: '/metadata/generateName',
        message: `metadata.generateName "Bench-" is not a valid Pod name prefix: Pod names must be lowercase RFC 1123 subdomains (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit; the prefix may end with '-'); change the prefix.`,
      },
      {
        path: '/metadata/namespace',
        message: `metadata.namespace "Team_A" is not a valid namespace name: namespace names must be lowercase RFC 1123 labels (at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit); use the name of an existing namespace.`,
      },
    ]);
    // A cluster-scoped object's namespace is cleared by the server, not validated.
    expect(
      only(
        { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'ca', namespace: 'Whatever_' } },
        { namespaced: false },
      ),
    ).toEqual([]);
    expect(only(pod({}))).toEqual([
      {
        path: '/metadata/name',
        message: 'metadata.name is missing: every Pod needs metadata.name (or metadata.generateName); add a name.',
      },
    ]);
  });
});

describe('labels, annotations, finalizers', () => {
  it('refuses a label value of 70 characters', () => {
    const value = 'q'.repeat(70);
    expect(only(configMap('c', { metadata: { name: 'c', labels: { app: value } } }))).toEqual([
      {
        path: '/metadata/labels/app',
        message: `metadata.labels.app "${value}" is not a valid label value: label values must be empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit, but it is 70 characters long; shorten or simplify the value (free text belongs in an annotation).`,
      },
    ]);
    expect(
      only(
        configMap('c', {
          metadata: {
            name: 'c',
            labels: { app: 'q'.repeat(63), 'app.kubernetes.io/part-of': 'inference-gitops', empty: '' },
          },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses label keys, annotation keys and finalizers that are not qualified names, with RFC 6901 paths', () => {
    expect(
      only(
        configMap('c', {
          metadata: {
            name: 'c',
            labels: { 'model name': 'qwen', 'app.kubernetes.io/version': 'v1/2' },
            annotations: { 'a/b/c': 'x', 'Example.COM/Note': 'upper-case prefixes are fine in annotation keys' },
            finalizers: ['-cleanup'],
          },
        }),
      ),
    ).toEqual([
      {
        path: '/metadata/labels/model name',
        message: `metadata.labels key "model name" is not a valid label key: label keys must be qualified names (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part "model name" contains " "; rename the key.`,
      },
      {
        path: '/metadata/labels/app.kubernetes.io~1version',
        message: `metadata.labels[app.kubernetes.io/version] "v1/2" is not a valid label value: label values must be empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit, but it contains "/"; shorten or simplify the value (free text belongs in an annotation).`,
      },
      {
        path: '/metadata/annotations/a~1b~1c',
        message: `metadata.annotations key "a/b/c" is not a valid annotation key: annotation keys must be qualified names (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but it has more than one '/'; rename the key.`,
      },
      {
        path: '/metadata/finalizers/0',
        message: `metadata.finalizers[0] "-cleanup" is not a valid finalizer: finalizers must be qualified names (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part "-cleanup" does not start and end with a letter or digit; fix the finalizer name.`,
      },
    ]);
  });

  it('limits annotation keys plus values to 262144 bytes', () => {
    expect(only(configMap('c', { metadata: { name: 'c', annotations: { note: 'x'.repeat(262140) } } }))).toEqual([]);
    expect(only(configMap('c', { metadata: { name: 'c', annotations: { note: 'x'.repeat(262141) } } }))).toEqual([
      {
        path: '/metadata/annotations',
        message:
          'metadata.annotations add up to 262145 bytes (keys plus values), more than the 262144 bytes the API server allows; move large values into a ConfigMap.',
      },
    ]);
  });
});

describe('label selectors and workloads', () => {
  it('refuses a Deployment whose selector does not match its template labels', () => {
    expect(only(deployment({}, { selector: { matchLabels: { app: 'vllm', tier: 'serving' } } }))).toEqual([
      {
        path: '/spec/template/metadata/labels',
        message:
          'spec.template.metadata.labels {app=vllm} do not match spec.selector (app=vllm,tier=serving); the API server refuses a Deployment whose Pods its selector would not select, so give the template every label the selector requires.',
      },
    ]);
    expect(
      only(
        deployment(
          {},
          { selector: { matchLabels: { app: 'vllm' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } },
        ),
      ),
    ).toEqual([]);
  });

  it('refuses an empty selector and malformed matchExpressions', () => {
    expect(only(deployment({}, { selector: {} }))).toEqual([
      {
        path: '/spec/selector',
        message:
          "spec.selector is empty, but a Deployment needs a selector that picks its Pods; add matchLabels with the template's labels.",
      },
    ]);
    expect(
      only(
        deployment(
          {},
          {
            selector: {
              matchExpressions: [
                { key: 'app', operator: 'In' },
                { key: 'app', operator: 'Exists', values: ['vllm'] },
                { key: 'app', operator: 'Equals', values: ['vllm'] },
              ],
            },
          },
        ),
      ),
    ).toEqual([
      {
        path: '/spec/selector/matchExpressions/0/values',
        message:
          'spec.selector.matchExpressions[0].values is empty, but operator In needs at least one value; list the values, or use Exists/DoesNotExist to test only for the key.',
      },
      {
        path: '/spec/selector/matchExpressions/1/values',
        message:
          'spec.selector.matchExpressions[1].values is set, but operator Exists takes no values; remove the values, or use In/NotIn to compare them.',
      },
      {
        path: '/spec/selector/matchExpressions/2/operator',
        message:
          'spec.selector.matchExpressions[2].operator "Equals" is not a selector operator; use In, NotIn, Exists or DoesNotExist.',
      },
    ]);
  });

  it('checks the selectors of NetworkPolicies, PodDisruptionBudgets and Services', () => {
    const pdb = (spec: O): O => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'vllm' },
      spec,
    });
    expect(only(pdb({ maxUnavailable: 1, selector: { matchLabels: { app: 'vllm' } } }))).toEqual([]);
    expect(
      only(
        pdb({
          minAvailable: '50%',
          maxUnavailable: 1,
          selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] },
        }),
      ),
    ).toEqual([
      {
        path: '/spec',
        message:
          'spec sets both minAvailable and maxUnavailable, but a PodDisruptionBudget takes only one of them; remove one.',
      },
      {
        path: '/spec/selector/matchExpressions/0/values',
        message:
          'spec.selector.matchExpressions[0].values is empty, but operator NotIn needs at least one value; list the values, or use Exists/DoesNotExist to test only for the key.',
      },
    ]);
    const np: O = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np' },
      spec: {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] },
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'Istio System' } } }] },
        ],
      },
    };
    expect(only(np)).toEqual([
      {
        path: '/spec/podSelector/matchExpressions/0/values',
        message:
          'spec.podSelector.matchExpressions[0].values is set, but operator Exists takes no values; remove the values, or use In/NotIn to compare them.',
      },
      {
        path: '/spec/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name',
        message: `spec.ingress[0].from[0].namespaceSelector.matchLabels[kubernetes.io/metadata.name] "Istio System" is not a valid label selector value: label values must be empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit, but it contains " "; shorten or simplify the value.`,
      },
    ]);
    expect(
      only({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'vllm' },
        spec: { selector: { app: 'vllm server' }, ports: [{ port: 80 }] },
      }),
    ).toEqual([
      {
        path: '/spec/selector/app',
        message: `spec.selector.app "vllm server" is not a valid selector value: label values must be empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit, but it contains " "; shorten or simplify the value.`,
      },
    ]);
  });

  it('checks Deployment rolling-update parameters and PodDisruptionBudget percentages', () => {
    expect(
      only(
        deployment({}, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }),
      ),
    ).toEqual([
      {
        path: '/spec/strategy/rollingUpdate/maxUnavailable',
        message:
          'spec.strategy.rollingUpdate.maxUnavailable and maxSurge are both 0, so a rollout could never make progress; allow at least one of them to be above 0.',
      },
    ]);
    expect(only(deployment({}, { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))).toEqual([
      {
        path: '/spec/strategy/rollingUpdate',
        message:
          'spec.strategy.rollingUpdate is set with strategy type Recreate, which takes no rollingUpdate; remove it or use type RollingUpdate.',
      },
    ]);
    expect(only(deployment({}, { strategy: { rollingUpdate: { maxSurge: '25 %', maxUnavailable: '150%' } } }))).toEqual(
      [
        {
          path: '/spec/strategy/rollingUpdate/maxUnavailable',
          message: 'spec.strategy.rollingUpdate.maxUnavailable "150%" is more than 100%; lower it.',
        },
        {
          path: '/spec/strategy/rollingUpdate/maxSurge',
          message:
            'spec.strategy.rollingUpdate.maxSurge "25 %" is neither a number nor a percentage; write an integer or a percentage such as "25%".',
        },
      ],
    );
    expect(only(deployment({}, { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }))).toEqual([]);
    expect(
      only({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'p' },
        spec: { minAvailable: '120%', selector: { matchLabels: { app: 'vllm' } } },
      }),
    ).toEqual([{ path: '/spec/minAvailable', message: 'spec.minAvailable "120%" is more than 100%; lower it.' }]);
  });

  it('knows that a Job generates its selector and that Jobs need restartPolicy OnFailure or Never', () => {
    const job = (spec: O, podSpec: O = { restartPolicy: 'Never' }): O => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'bench' },
      spec: {
        template: {
          metadata: { labels: { app: 'bench' } },
          spec: { containers: [{ name: 'a', image: 'busybox' }], ...podSpec },
        },
        ...spec,
      },
    });
    expect(only(job({}))).toEqual([]);
    expect(only(job({ selector: { matchLabels: { app: 'bench' } } }, {}))).toEqual([
      {
        path: '/spec/template/spec/restartPolicy',
        message:
          'spec.template.spec.restartPolicy is missing, so it defaults to "Always", but a Job accepts only "OnFailure" or "Never"; set restartPolicy: OnFailure.',
      },
      {
        path: '/spec/selector',
        message:
          'spec.selector (app=bench) is set without spec.manualSelector: true; the API server generates a Job\'s selector itself and refuses one that does not select the generated labels ("`selector` not auto-generated"), so remove the selector (or set manualSelector: true if you really manage it).',
      },
    ]);
    expect(only(job({ manualSelector: true, selector: { matchLabels: { app: 'other' } } }))).toEqual([
      {
        path: '/spec/template/metadata/labels',
        message:
          'spec.template.metadata.labels {app=bench} do not match spec.selector (app=other); the API server refuses a Job whose Pods its selector would not select, so give the template every label the selector requires.',
      },
    ]);
    const cron: O = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 0 * * *',
        jobTemplate: {
          spec: {
            selector: { matchLabels: { app: 'x' } },
            template: { spec: { restartPolicy: 'Always', containers: [{ name: 'a', image: 'busybox' }] } },
          },
        },
      },
    };
    expect(only(cron)).toEqual([
      {
        path: '/spec/jobTemplate/spec/template/spec/restartPolicy',
        message:
          'spec.jobTemplate.spec.template.spec.restartPolicy "Always" is not allowed in a CronJob, which accepts only "OnFailure" or "Never"; set restartPolicy: OnFailure.',
      },
      {
        path: '/spec/jobTemplate/spec/selector',
        message:
          'spec.jobTemplate.spec.selector is set, but the selector of a CronJob\'s Jobs is always generated ("`selector` will be auto-generated"); remove it.',
      },
    ]);
  });
});

describe('ConfigMap and Secret', () => {
  it('refuses bad keys, a key in both data and binaryData, and more than 1 MiB of data', () => {
    expect(
      only(
        configMap('c', {
          data: { 'model config.json': '{}', '..meta': 'x', 'config.json': '{}' },
          binaryData: { 'config.json': 'e30=' },
        }),
      ),
    ).toEqual([
      {
        path: '/data/model config.json',
        message: `data key "model config.json" is not a valid ConfigMap key: keys must be at most 253 characters of letters, digits, '-', '_' and '.', and not '.', '..' or start with '..', but it contains " "; rename the key (it becomes a file name when mounted).`,
      },
      {
        path: '/data/..meta',
        message: `data key "..meta" is not a valid ConfigMap key: keys must be at most 253 characters of letters, digits, '-', '_' and '.', and not '.', '..' or start with '..', but it must not start with '..'; rename the key (it becomes a file name when mounted).`,
      },
      {
        path: '/data/config.json',
        message:
          'data key "config.json" is also in binaryData; a ConfigMap key may be in only one of them, so remove one.',
      },
    ]);
    expect(
      only(
        configMap('c', {
          data: { a: 'x'.repeat(600_000) },
          binaryData: { b: Buffer.alloc(500_000).toString('base64') },
        }),
      ),
    ).toEqual([
      {
        path: '/data',
        message:
          'the ConfigMap holds 1100000 bytes of data, more than the 1048576 bytes (1 MiB) the API server allows; split it into several ConfigMaps or mount the content another way.',
      },
    ]);
    expect(
      only(
        configMap('c', {
          data: { 'config.yaml': 'a: 1', '.hidden': 'ok', KEY_NAME: 'v' },
          binaryData: { 'model.bin': 'AAECAw==' },
        }),
      ),
    ).toEqual([]);
  });

  it('requires the keys each Secret type needs, and base64 in data', () => {
    const secret = (type: string, extra: O): O => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type,
      ...extra,
    });
    expect(only(secret('kubernetes.io/tls', { data: { 'tls.crt': 'not base64!' } }))).toEqual([
      {
        path: '/data/tls.crt',
        message:
          'data[tls.crt] is not valid base64, so the API server cannot decode the Secret; encode the value with `base64` (padded, standard alphabet), or put the plain text under stringData.',
      },
      {
        path: '/data/tls.key',
        message:
          'a Secret of type kubernetes.io/tls needs the key "tls.key" in data or stringData; add it, or change the type.',
      },
    ]);
    expect(
      only(secret('kubernetes.io/dockerconfigjson', { stringData: { '.dockerconfigjson': 'registry: quay.io' } })),
    ).toEqual([
      {
        path: '/stringData/.dockerconfigjson',
        message:
          'stringData[.dockerconfigjson] of a kubernetes.io/dockerconfigjson Secret is not a JSON object; the API server parses it, so write the registry credentials as JSON.',
      },
    ]);
    expect(only(secret('kubernetes.io/dockercfg', {}))).toEqual([
      {
        path: '/data/.dockercfg',
        message:
          'a Secret of type kubernetes.io/dockercfg needs the key ".dockercfg" in data or stringData; add it, or change the type.',
      },
    ]);
    expect(only(secret('kubernetes.io/basic-auth', { stringData: { user: 'x' } }))).toEqual([
      {
        path: '/data',
        message:
          'a Secret of type kubernetes.io/basic-auth needs the key "username" or "password" (or both) in data or stringData; add them.',
      },
    ]);
    expect(only(secret('kubernetes.io/ssh-auth', { data: { 'ssh-privatekey': '' } }))).toEqual([
      {
        path: '/data/ssh-privatekey',
        message:
          'a Secret of type kubernetes.io/ssh-auth needs the key "ssh-privatekey" in data or stringData; add it, or change the type.',
      },
    ]);
    expect(only(secret('kubernetes.io/service-account-token', {}))).toEqual([
      {
        path: '/metadata/annotations/kubernetes.io~1service-account.name',
        message:
          'a Secret of type kubernetes.io/service-account-token needs the annotation kubernetes.io/service-account.name naming its ServiceAccount; add the annotation.',
      },
    ]);
    expect(
      only(
        secret('kubernetes.io/tls', {
          data: { 'tls.crt': 'LS0t\nLS0t' },
          stringData: { 'tls.key': '-----BEGIN PRIVATE KEY-----' },
        }),
      ),
    ).toEqual([]);
    expect(
      only(
        secret('kubernetes.io/dockerconfigjson', {
          data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
        }),
      ),
    ).toEqual([]);
    expect(only(secret('Opaque', { stringData: { HF_TOKEN: 'hf_x' } }))).toEqual([]);
  });
});

describe('Service', () => {
  it('checks port names, names with several ports, and port+protocol pairs', () => {
    const service = (ports: O[]): O => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'vllm' },
      spec: { selector: { app: 'vllm' }, ports },
    });
    expect(
      only(
        service([
          { name: 'http', port: 8000, targetPort: 'http' },
          { port: 8000 },
          { name: 'http', port: 9000, protocol: 'UDP' },
          { name: 'Metrics_Port', port: 70000, targetPort: 'metrics-port-name' },
        ]),
      ),
    ).toEqual([
      {
        path: '/spec/ports/1/name',
        message:
          'spec.ports[1].name is missing: when a Service has more than one port, every port needs a name; name it (e.g. "http").',
      },
      {
        path: '/spec/ports/1',
        message:
          'spec.ports[1] repeats port 8000/TCP of spec.ports[0]; each port and protocol pair may appear only once in a Service (the protocol defaults to TCP), so remove or change one.',
      },
      {
        path: '/spec/ports/2/name',
        message:
          'spec.ports[2].name "http" is already the name of spec.ports[0]; Service port names must be unique, so rename one.',
      },
      {
        path: '/spec/ports/3/name',
        message: `spec.ports[3].name "Metrics_Port" is not a valid Service port name: Service port names must be lowercase RFC 1123 labels (at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit); rename it.`,
      },
      {
        path: '/spec/ports/3/port',
        message:
          'spec.ports[3].port 70000 is not a valid port number: ports must be between 1 and 65535; fix the number.',
      },
      {
        path: '/spec/ports/3/targetPort',
        message: `spec.ports[3].targetPort "metrics-port-name" is not a valid port name: a port referenced by name must be an IANA service name: at most 15 characters, lower-case letters, digits and '-', at least one letter, no leading, trailing or double '-', but it is 17 characters long (at most 15); use the port number or the container port's name.`,
      },
    ]);
    // Service port names are DNS labels (longer than the 15 characters of container port names); one port needs no name.
    expect(
      only(
        service([
          { name: 'http', port: 8000, targetPort: 'http' },
          { name: 'grpc-inference-service', port: 8000, protocol: 'UDP', targetPort: 9000 },
        ]),
      ),
    ).toEqual([]);
    expect(only(service([{ port: 8000 }]))).toEqual([]);
  });
});

describe('pod templates', () => {
  it('refuses a readiness probe with both httpGet and tcpSocket', () => {
    expect(
      only(deployment({ readinessProbe: { httpGet: { path: '/health', port: 8000 }, tcpSocket: { port: 8000 } } })),
    ).toEqual([
      {
        path: `${C0}/readinessProbe`,
        message:
          'spec.template.spec.containers[0].readinessProbe has 2 handlers (httpGet and tcpSocket), but a probe must have exactly one of exec, httpGet, tcpSocket and grpc; keep one.',
      },
    ]);
    expect(
      only(
        deployment({
          readinessProbe: { httpGet: { path: '/health', port: 'http' } },
          livenessProbe: { tcpSocket: { port: 8000 }, successThreshold: 1 },
          startupProbe: { grpc: { port: 9000 } },
        }),
      ),
    ).toEqual([]);
  });

  it('checks probe details and lifecycle handlers', () => {
    expect(
      only(
        deployment({
          livenessProbe: { periodSeconds: 10, successThreshold: 2, httpGet: { port: 'metrics-endpoint' } },
          lifecycle: { preStop: { sleep: { seconds: 5 }, exec: { command: ['drain'] } } },
        }),
      ),
    ).toEqual([
      {
        path: `${C0}/livenessProbe/httpGet/port`,
        message: `spec.template.spec.containers[0].livenessProbe.httpGet.port "metrics-endpoint" is not a valid port name: a port referenced by name must be an IANA service name: at most 15 characters, lower-case letters, digits and '-', at least one letter, no leading, trailing or double '-', but it is 16 characters long (at most 15); use the port number or the container port's name.`,
      },
      {
        path: `${C0}/livenessProbe/successThreshold`,
        message:
          'spec.template.spec.containers[0].livenessProbe.successThreshold 2 is not allowed: liveness probes must have successThreshold 1; set it to 1 or remove it.',
      },
      {
        path: `${C0}/lifecycle/preStop`,
        message:
          'spec.template.spec.containers[0].lifecycle.preStop has 2 handlers (exec and sleep), but a lifecycle hook must have exactly one of exec, httpGet, tcpSocket and sleep; keep one.',
      },
    ]);
    expect(only(deployment({ readinessProbe: { periodSeconds: 5 } }))).toEqual([
      {
        path: `${C0}/readinessProbe`,
        message:
          'spec.template.spec.containers[0].readinessProbe has no handler, but a probe must have exactly one of exec, httpGet, tcpSocket and grpc; add one.',
      },
    ]);
    expect(
      only(
        deployment(
          {},
          {},
          {
            initContainers: [
              { name: 'fetch', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } },
              {
                name: 'proxy',
                image: 'envoy',
                restartPolicy: 'Always',
                readinessProbe: { tcpSocket: { port: 15000 } },
              },
            ],
          },
        ),
      ),
    ).toEqual([
      {
        path: '/spec/template/spec/initContainers/0/readinessProbe',
        message:
          'spec.template.spec.initContainers[0].readinessProbe is set on an init container that is not a sidecar; init containers without restartPolicy: Always may not have probes, so remove it (or make the container a sidecar).',
      },
    ]);
  });

  it('refuses the same env name twice (server-side apply) and value together with valueFrom', () => {
    const env = [
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'HF_TOKEN' } } },
      { name: 'PJRT_DEVICE', value: 'TPU', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'HF_TOKEN', value: 'hf_x' },
      { name: 'EMPTY', valueFrom: {} },
    ];
    expect(only(deployment({ env }))).toEqual([
      {
        path: `${C0}/env/1/valueFrom`,
        message:
          'spec.template.spec.containers[0].env[1] has both value and valueFrom; an env entry takes its value from one of them, so remove one.',
      },
      {
        path: `${C0}/env/2/name`,
        message:
          'spec.template.spec.containers[0].env[2] repeats env[0]: duplicate entries for key [name="HF_TOKEN"] (server-side apply refuses it; client-side apply silently keeps the last); remove one of them.',
      },
      {
        path: `${C0}/env/3/valueFrom`,
        message:
          'spec.template.spec.containers[0].env[3].valueFrom names no source; it needs exactly one of fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef, so add one.',
      },
    ]);
    expect(
      only(
        deployment({
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'b.conf' } } },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('checks container ports: range, IANA names unique per container, containerPort+protocol unique (server-side apply)', () => {
    expect(
      only(
        deployment({
          ports: [
            { name: 'http', containerPort: 8000 },
            { name: 'http', containerPort: 8000, protocol: 'TCP' },
            { name: 'metrics-endpoint', containerPort: 70000 },
          ],
        }),
      ),
    ).toEqual([
      {
        path: `${C0}/ports/1/name`,
        message:
          'spec.template.spec.containers[0].ports[1].name "http" is already the name of ports[0]; port names must be unique within a container, so rename one.',
      },
      {
        path: `${C0}/ports/1`,
        message:
          'spec.template.spec.containers[0].ports[1] repeats ports[0]: duplicate entries for key [containerPort=8000,protocol="TCP"] (server-side apply refuses it; client-side apply silently keeps the last); remove one of them.',
      },
      {
        path: `${C0}/ports/2/name`,
        message: `spec.template.spec.containers[0].ports[2].name "metrics-endpoint" is not a valid container port name: it must be an IANA service name: at most 15 characters, lower-case letters, digits and '-', at least one letter, no leading, trailing or double '-', but it is 16 characters long (at most 15); rename it (and the Service targetPort or probe that refers to it).`,
      },
      {
        path: `${C0}/ports/2/containerPort`,
        message:
          'spec.template.spec.containers[0].ports[2].containerPort 70000 is not a valid port number: ports must be between 1 and 65535; fix the number.',
      },
    ]);
    expect(
      only(
        deployment({
          ports: [
            { name: 'http', containerPort: 8000 },
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53 },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('compares requests with limits and checks extended resources and quantities', () => {
    expect(
      only(
        deployment({
          resources: {
            requests: { cpu: '2', memory: '4GB', 'google.com/tpu': '2', 'nvidia.com/gpu': '1.5' },
            limits: { cpu: '1500m', 'google.com/tpu': 4, 'nvidia.com/gpu': '1.5' },
          },
        }),
      ),
    ).toEqual([
      {
        path: `${C0}/resources/limits/nvidia.com~1gpu`,
        message:
          'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu] "1.5" is not a whole number; extended resources such as nvidia.com/gpu are counted in whole devices, so use an integer.',
      },
      {
        path: `${C0}/resources/requests/memory`,
        message:
          'spec.template.spec.containers[0].resources.requests.memory "4GB" is not a valid quantity: a quantity is a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei; n, u, m, k, M, G, T, P, E; or an exponent such as e3), e.g. 500m, 4Gi, 1.5 (did you mean "4G" or "4Gi"?); fix it.',
      },
      {
        path: `${C0}/resources/requests/nvidia.com~1gpu`,
        message:
          'spec.template.spec.containers[0].resources.requests[nvidia.com/gpu] "1.5" is not a whole number; extended resources such as nvidia.com/gpu are counted in whole devices, so use an integer.',
      },
      {
        path: `${C0}/resources/requests/cpu`,
        message:
          'spec.template.spec.containers[0].resources.requests.cpu "2" is more than the limit "1500m"; a request may not exceed the limit of the same resource, so lower the request or raise the limit.',
      },
      {
        path: `${C0}/resources/requests/google.com~1tpu`,
        message:
          'spec.template.spec.containers[0].resources.requests[google.com/tpu] "2" differs from the limit "4"; google.com/tpu cannot be overcommitted, so its request must equal its limit (or give only the limit, and the request defaults to it).',
      },
    ]);
    expect(only(deployment({ resources: { requests: { 'google.com/tpu': '4' } } }))).toEqual([
      {
        path: `${C0}/resources/requests/google.com~1tpu`,
        message:
          'spec.template.spec.containers[0].resources.requests[google.com/tpu] "4" has no matching limit; google.com/tpu cannot be overcommitted, so set spec.template.spec.containers[0].resources.limits[google.com/tpu] too (the request may then be omitted, it defaults to the limit).',
      },
    ]);
    expect(only(deployment({ resources: { requests: { gpu: 1 } } }))[0]).toEqual({
      path: `${C0}/resources/requests/gpu`,
      message:
        'spec.template.spec.containers[0].resources.requests.gpu names the resource "gpu", which a container cannot request: names without a domain must be cpu, memory, ephemeral-storage or hugepages-<size>; use one of those or a device plugin\'s full name (e.g. google.com/tpu).',
    });
    // Only a limit for a non-overcommittable resource is fine (the request defaults to it); 1Gi > 1G; quantities as numbers.
    expect(
      only(
        deployment({
          resources: {
            limits: { 'google.com/tpu': '4', memory: '1Gi', cpu: 16 },
            requests: { memory: '1G', cpu: '15.5', 'ephemeral-storage': '10e9' },
          },
        }),
      ),
    ).toEqual([]);
  });

  it('checks container and volume names, volume references and mount paths, restartPolicy by kind', () => {
    const podSpec = {
      restartPolicy: 'Never',
      volumes: [
        { name: 'dshm', emptyDir: { medium: 'Memory' } },
        { name: 'Model_Cache', emptyDir: {}, hostPath: { path: '/mnt' } },
        { name: 'dshm', emptyDir: {} },
      ],
      containers: [
        {
          name: 'main',
          image: 'vllm',
          volumeMounts: [
            { name: 'dshm', mountPath: '/dev/shm' },
            { name: 'models', mountPath: '/dev/shm' },
          ],
        },
        { name: 'main', image: 'sidecar' },
      ],
    };
    expect(only(deployment({}, { template: { metadata: { labels: { app: 'vllm' } }, spec: podSpec } }))).toEqual([
      {
        path: '/spec/template/spec/volumes/1/name',
        message: `spec.template.spec.volumes[1].name "Model_Cache" is not a valid volume name: volume names must be lowercase RFC 1123 labels (at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit); rename it and the volumeMounts that use it.`,
      },
      {
        path: '/spec/template/spec/volumes/1',
        message:
          'spec.template.spec.volumes[1] has 2 volume sources (hostPath and emptyDir); a volume must have exactly one, so split it into several volumes.',
      },
      {
        path: '/spec/template/spec/volumes/2/name',
        message:
          'spec.template.spec.volumes[2].name "dshm" is the name of an earlier volume too; volume names must be unique within a pod, so rename or remove one.',
      },
      {
        path: `${C0}/volumeMounts/1/name`,
        message:
          'spec.template.spec.containers[0].volumeMounts[1].name "models" does not name a volume of the pod; add a volume named "models" to the pod\'s volumes, or fix the name.',
      },
      {
        path: `${C0}/volumeMounts/1/mountPath`,
        message:
          'spec.template.spec.containers[0].volumeMounts[1].mountPath "/dev/shm" is already mounted by volumeMounts[0]; a mount path may be used only once per container, so change one.',
      },
      {
        path: '/spec/template/spec/containers/1/name',
        message:
          'spec.template.spec.containers[1].name "main" is already the name of spec.template.spec.containers[0]; container names must be unique across containers, initContainers and ephemeralContainers, so rename one.',
      },
      {
        path: '/spec/template/spec/restartPolicy',
        message:
          'spec.template.spec.restartPolicy "Never" is not allowed in a Deployment, which accepts only "Always"; set restartPolicy: Always or remove it.',
      },
    ]);
    // StatefulSet volumeClaimTemplates count as volumes.
    const sts: O = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'cache' },
      spec: {
        selector: { matchLabels: { app: 'cache' } },
        volumeClaimTemplates: [{ metadata: { name: 'data' } }],
        template: {
          metadata: { labels: { app: 'cache' } },
          spec: {
            containers: [{ name: 'redis', image: 'redis', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
          },
        },
      },
    };
    expect(only(sts)).toEqual([]);
  });

  it('checks the pod templates of LeaderWorkerSets and, leniently, the merged templates of LLMInferenceServices', () => {
    const lws: O = {
      apiVersion: 'leaderworkerset.x-k8s.io/v1',
      kind: 'LeaderWorkerSet',
      metadata: { name: 'moe' },
      spec: {
        leaderWorkerTemplate: {
          size: 2,
          workerTemplate: {
            spec: {
              containers: [
                {
                  name: 'w',
                  image: 'vllm',
                  env: [
                    { name: 'A', value: '1' },
                    { name: 'A', value: '2' },
                  ],
                  volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
                },
              ],
            },
          },
        },
      },
    };
    expect(only(lws)).toEqual([
      {
        path: '/spec/leaderWorkerTemplate/workerTemplate/spec/containers/0/volumeMounts/0/name',
        message:
          'spec.leaderWorkerTemplate.workerTemplate.spec.containers[0].volumeMounts[0].name "dshm" does not name a volume of the pod; add a volume named "dshm" to the pod\'s volumes, or fix the name.',
      },
      {
        path: '/spec/leaderWorkerTemplate/workerTemplate/spec/containers/0/env/1/name',
        message:
          'spec.leaderWorkerTemplate.workerTemplate.spec.containers[0].env[1] repeats env[0]: duplicate entries for key [name="A"] (the LeaderWorkerSet CRD declares env a list keyed by name, so the API server refuses it with either kind of apply); remove one of them.',
      },
    ]);
    // KServe merges spec.template with the LLMInferenceServiceConfig templates: volumes and probe handlers may come from there.
    const llmisvc: O = {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LLMInferenceService',
      metadata: { name: 'qwen' },
      spec: {
        template: {
          containers: [
            {
              name: 'main',
              volumeMounts: [{ name: 'model-cache', mountPath: '/mnt/models' }],
              livenessProbe: { initialDelaySeconds: 240 },
              resources: { requests: { 'google.com/tpu': '4' } },
            },
          ],
        },
        prefill: {
          worker: {
            containers: [{ name: 'main', readinessProbe: { httpGet: { port: 8000 }, tcpSocket: { port: 8000 } } }],
          },
        },
      },
    };
    expect(only(llmisvc)).toEqual([
      {
        path: '/spec/prefill/worker/containers/0/readinessProbe',
        message:
          'spec.prefill.worker.containers[0].readinessProbe has 2 handlers (httpGet and tcpSocket), but a probe must have exactly one of exec, httpGet, tcpSocket and grpc; keep one.',
      },
    ]);
  });

  it('checks tolerations and hostNetwork ports', () => {
    expect(
      only(
        deployment(
          { ports: [{ containerPort: 8000, hostPort: 9000 }] },
          {},
          {
            hostNetwork: true,
            tolerations: [
              { key: 'google.com/tpu', operator: 'Exists', value: 'present', effect: 'NoSchedule' },
              { operator: 'Equal', value: 'x' },
              { key: 'google.com/tpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
            ],
          },
        ),
      ),
    ).toEqual([
      {
        path: '/spec/template/spec/containers/0/ports/0/hostPort',
        message:
          'spec.template.spec.containers[0].ports[0].hostPort 9000 differs from containerPort 8000, but with hostNetwork: true they must be equal; remove hostPort (it then defaults to containerPort).',
      },
      {
        path: '/spec/template/spec/tolerations/0/value',
        message:
          'spec.template.spec.tolerations[0].value "present" is set with operator: Exists, which takes no value; remove the value or use operator: Equal.',
      },
      {
        path: '/spec/template/spec/tolerations/1/operator',
        message:
          'spec.template.spec.tolerations[1] has no key, which means "every taint", and that needs operator: Exists (not Equal); set operator: Exists or add the key.',
      },
    ]);
  });
});

describe('NetworkPolicy', () => {
  const np = (spec: O): O => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-vllm', namespace: 'llm' },
    spec: { podSelector: { matchLabels: { app: 'vllm' } }, ...spec },
  });

  it('refuses endPort below port and an except outside cidr', () => {
    expect(
      only(
        np({
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ ports: [{ protocol: 'TCP', port: 9000, endPort: 8000 }] }],
          egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }],
        }),
      ),
    ).toEqual([
      {
        path: '/spec/ingress/0/ports/0/endPort',
        message:
          'spec.ingress[0].ports[0].endPort 8000 is less than port 9000; endPort must be greater than or equal to port, so fix the range.',
      },
      {
        path: '/spec/egress/0/to/0/ipBlock/except/0',
        message:
          'spec.egress[0].to[0].ipBlock.except[0] "192.168.0.0/16" is not strictly inside cidr "10.0.0.0/8"; each except entry must be a smaller block within cidr (same IP family), so fix or remove it.',
      },
    ]);
  });

  it('checks port ranges, peers, CIDRs and policyTypes', () => {
    expect(
      only(
        np({
          policyTypes: ['Ingress', 'Egres'],
          ingress: [
            {
              ports: [{ port: 'http', endPort: 9000 }, { endPort: 9000 }, { port: 0 }],
              from: [{}, { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }],
            },
          ],
          egress: [
            {
              to: [
                { ipBlock: { cidr: '10.0.0.0/33', except: ['10.1.0.0/16'] } },
                { ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8', 'fd00::/16', '10.1.0.0/16'] } },
              ],
            },
          ],
        }),
      ),
    ).toEqual([
      {
        path: '/spec/ingress/0/ports/0/endPort',
        message:
          'spec.ingress[0].ports[0].endPort is set, but port "http" is a name; a port range needs a numeric port, so use the number or drop endPort.',
      },
      {
        path: '/spec/ingress/0/ports/1/endPort',
        message:
          'spec.ingress[0].ports[1].endPort is set without port; a port range needs its first port, so add port.',
      },
      {
        path: '/spec/ingress/0/ports/2/port',
        message:
          'spec.ingress[0].ports[2].port 0 is not a valid port number: ports must be between 1 and 65535; fix the number.',
      },
      {
        path: '/spec/ingress/0/from/0',
        message:
          'spec.ingress[0].from[0] is an empty peer; a peer needs podSelector, namespaceSelector or ipBlock (to allow everything, leave out from/to instead).',
      },
      {
        path: '/spec/ingress/0/from/1',
        message:
          'spec.ingress[0].from[1] combines ipBlock with podSelector; ipBlock must be a peer of its own, so split them into two list entries.',
      },
      {
        path: '/spec/egress/0/to/0/ipBlock/cidr',
        message:
          'spec.egress[0].to[0].ipBlock.cidr "10.0.0.0/33" is not a valid CIDR: write an IP address and a prefix length, e.g. 10.0.0.0/8 or fd00::/8; fix it.',
      },
      {
        path: '/spec/egress/0/to/1/ipBlock/except/0',
        message:
          'spec.egress[0].to[1].ipBlock.except[0] "10.0.0.0/8" is not strictly inside cidr "10.0.0.0/8"; each except entry must be a smaller block within cidr (same IP family), so fix or remove it.',
      },
      {
        path: '/spec/egress/0/to/1/ipBlock/except/1',
        message:
          'spec.egress[0].to[1].ipBlock.except[1] "fd00::/16" is not strictly inside cidr "10.0.0.0/8"; each except entry must be a smaller block within cidr (same IP family), so fix or remove it.',
      },
      {
        path: '/spec/policyTypes/1',
        message: 'spec.policyTypes[1] "Egres" is not a policy type; use Ingress or Egress.',
      },
    ]);
    expect(
      only(
        np({
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            {
              ports: [{ port: 8000, endPort: 8010 }, { port: 'http' }],
              from: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
                  podSelector: {},
                },
              ],
            },
          ],
          egress: [
            {
              to: [
                { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32', '10.0.0.0/8'] } },
                { ipBlock: { cidr: 'fd00::/8', except: ['fd00:1::/32'] } },
              ],
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('parses CIDRs as net.ParseCIDR does', () => {
    expect(parseCidr('10.0.0.1/8')).toEqual({ bytes: [10, 0, 0, 1], prefix: 8 });
    expect(parseCidr('::ffff:10.0.0.0/104')?.bytes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 0]);
    expect(parseCidr('2001:db8::/32')?.bytes.slice(0, 4)).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    for (const bad of ['10.0.0.0', '10.0.0/8', '256.0.0.0/8', '1::2::3/64', 'fd00::/129', '10.0.0.0/-1'])
      expect(parseCidr(bad)).toBeUndefined();
  });
});

describe('quantities', () => {
  it('parse with the Kubernetes grammar and compare exactly', () => {
    for (const ok of [
      '1',
      '0.5',
      '.5',
      '5.',
      '500m',
      '4Gi',
      '16Ki',
      '1k',
      '1e3',
      '1E3',
      '2.5e-3',
      '+1',
      '-1',
      '100n',
      '3u',
      '1E',
    ])
      expect(parseQuantity(ok), ok).toBeDefined();
    for (const bad of ['', '4GB', '1K', '1KiB', ' 1', '1 ', 'Gi', '1e', '1.2.3', 'one'])
      expect(parseQuantity(bad), bad).toBeUndefined();
    const q = (s: string | number) => parseQuantity(s)!;
    expect(compareQuantities(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantities(q('1500m'), q(1.5))).toBe(0);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
    expect(compareQuantities(q('0.1'), q('100m'))).toBe(0);
  });
});

describe('size limits', () => {
  it('under client-side apply, refuses an object that does not fit in last-applied-configuration', () => {
    const big = configMap('big', { data: { 'model.json': 'x'.repeat(262_000) } });
    expect(only(big)).toEqual([]);
    expect(only(big, { clientSideApply: true })).toEqual([
      {
        path: '/metadata/annotations',
        message:
          'client-side apply would store the whole object (262125 bytes of JSON) in the annotation kubectl.kubernetes.io/last-applied-configuration, bringing metadata.annotations to 262173 bytes, more than the 262144 bytes allowed ("metadata.annotations: Too long"); apply it server-side (Argo CD sync option ServerSideApply=true, or kubectl apply --server-side), or make the object smaller.',
      },
    ]);
    expect(
      only(configMap('small', { data: { 'model.json': 'x'.repeat(261_000) } }), { clientSideApply: true }),
    ).toEqual([]);
  });

  it('refuses any object over the 3 MiB request limit', () => {
    const huge: O = {
      apiVersion: 'example.com/v1',
      kind: 'Blob',
      metadata: { name: 'huge' },
      spec: { data: 'x'.repeat(3 * 1024 * 1024) },
    };
    expect(only(huge)).toEqual([
      {
        path: '',
        message:
          'the object is 3145819 bytes as JSON, more than the 3145728 bytes (3 MiB) the API server accepts in one request; split it into several objects.',
      },
    ]);
  });
});

describe('lists', () => {
  it('checks the items of a v1 List with paths under /items', () => {
    expect(only({ apiVersion: 'v1', kind: 'List', items: [configMap('ok'), configMap('Not_OK')] })).toEqual([
      {
        path: '/items/1/metadata/name',
        message: `metadata.name "Not_OK" is not a valid ConfigMap name: ConfigMap names must be lowercase RFC 1123 subdomains (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); rename it, e.g. to "not-ok".`,
      },
    ]);
  });
});

describe('no false positives', () => {
  function* yamlFiles(dir: string, skip: (name: string) => boolean): Generator<string> {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* yamlFiles(path, skip);
      else if (/\.ya?ml$/.test(entry.name) && !skip(entry.name)) yield path;
    }
  }
  function check(files: Iterable<string>) {
    const problems: { file: string; object: string; violations: unknown }[] = [];
    let objects = 0;
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const object = doc.toJS() as O | null;
        const metadata = object?.metadata as O | undefined;
        // Kustomize patch fragments are not whole objects.
        if (!object || typeof object !== 'object' || !object.apiVersion || !object.kind || !metadata?.name) continue;
        objects++;
        const violations = only(object, { clientSideApply: true });
        if (violations.length)
          problems.push({
            file: relative(repoRoot, file),
            object: `${String(object.kind)}/${String(metadata.name)}`,
            violations,
          });
      }
    }
    return { problems, objects };
  }

  const upstream = upstreamFiles();
  itWith(upstream, 'accepts every upstream manifest under shared/upstream', () => {
    const { problems, objects } = check(yamlFiles(upstream.path, (name) => name === 'kustomization.yaml'));
    expect(problems).toEqual([]);
    expect(objects).toBeGreaterThan(50);
  });

  it('accepts every generated manifest under overlays and clusters', () => {
    const skip = (name: string) => ['kustomization.yaml', 'patches.yaml', 'openapi.yaml'].includes(basename(name));
    const { problems, objects } = check([
      ...yamlFiles(join(repoRoot, 'overlays'), skip),
      ...yamlFiles(join(repoRoot, 'clusters'), skip),
    ]);
    expect(problems).toEqual([]);
    expect(objects).toBeGreaterThan(50);
  });
});

describe('RBAC bindings, after the built-in defaults (pkg/apis/rbac/v1/defaults.go, rbac/validation)', () => {
  const binding = (kind: string, extra: O): O => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'n' } : {}) },
    roleRef: { kind: 'ClusterRole', name: 'view' },
    ...extra,
  });

  it('accepts a roleRef and subjects without apiGroup: the server defaults them', () => {
    expect(
      only(
        binding('RoleBinding', {
          subjects: [
            { kind: 'ServiceAccount', name: 'sa' },
            { kind: 'User', name: 'ann' },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses what the server refuses: a nameless subject, a namespaceless ServiceAccount of a ClusterRoleBinding, an unknown kind, a Role in a ClusterRoleBinding', () => {
    const found = only(
      binding('ClusterRoleBinding', {
        roleRef: { kind: 'Role', name: 'r' },
        subjects: [
          { kind: 'User', name: '' },
          { kind: 'ServiceAccount', name: 'sa' },
          { kind: 'Robot', name: 'x' },
        ],
      }),
    );
    expect(found.map((v) => `${v.path} ${v.message}`)).toEqual([
      '/roleRef/kind roleRef.kind "Role" is not supported in a ClusterRoleBinding: use ClusterRole.',
      '/subjects/0/name subjects[0].name is required.',
      '/subjects/1/namespace subjects[1].namespace is required for a ServiceAccount in a ClusterRoleBinding.',
      '/subjects/2/kind subjects[2].kind "Robot" is not supported: use ServiceAccount, User or Group.',
    ]);
  });
});

describe('non-negative counts (ValidateNonnegativeField)', () => {
  it('refuses negative replicas, and negative Job parallelism', () => {
    expect(only(deployment({}, { replicas: -1 })).map((v) => v.message)).toEqual([
      'spec.replicas is -1: it must be greater than or equal to 0.',
    ]);
    const job: O = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'n' },
      spec: {
        parallelism: -2,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1' }] } },
      },
    };
    expect(only(job).map((v) => v.message)).toEqual(['spec.parallelism is -2: it must be greater than or equal to 0.']);
  });
});

describe('HorizontalPodAutoscaler, PersistentVolumeClaim, Deployment deadlines', () => {
  it('refuses replica bounds the server refuses', () => {
    const hpa = (spec: O): O => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'n' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, ...spec },
    });
    expect(only(hpa({ minReplicas: 0, maxReplicas: 3 })).map((v) => v.message)).toEqual([
      'spec.minReplicas is 0: it must be greater than or equal to 1.',
    ]);
    expect(only(hpa({ minReplicas: 4, maxReplicas: 3 })).map((v) => v.message)).toEqual([
      'spec.maxReplicas is 3: it must be greater than or equal to minReplicas (4).',
    ]);
    expect(only(hpa({ minReplicas: 1, maxReplicas: 3 }))).toEqual([]);
  });

  it('refuses a claim without access modes or size', () => {
    const pvc: O = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'c', namespace: 'n' },
      spec: {},
    };
    expect(only(pvc).map((v) => v.message)).toEqual([
      'spec.accessModes needs at least 1 access mode.',
      'spec.resources.requests.storage is required.',
    ]);
    expect(
      only({ ...pvc, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }),
    ).toEqual([]);
  });

  it('refuses a progress deadline not above minReadySeconds', () => {
    expect(only(deployment({}, { minReadySeconds: 30, progressDeadlineSeconds: 30 })).map((v) => v.message)).toEqual([
      'spec.progressDeadlineSeconds is 30: it must be greater than minReadySeconds (30).',
    ]);
  });
});

describe('Role and ClusterRole rules (ValidatePolicyRule)', () => {
  const role = (kind: string, rules: O[], extra: O = {}): O => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'r', ...(kind === 'Role' ? { namespace: 'n' } : {}) },
    rules,
    ...extra,
  });

  it('refuses a rule without verbs, a resource rule without groups or resources, and URLs in a Role', () => {
    expect(
      only(
        role('Role', [
          { apiGroups: [''], resources: ['pods'] },
          { verbs: ['get'], resources: ['pods'] },
          { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        ]),
      ).map((v) => `${v.path} ${v.message}`),
    ).toEqual([
      '/rules/0/verbs rules[0].verbs must contain at least one value.',
      '/rules/1/apiGroups rules[1]: resource rules must supply at least one api group.',
      '/rules/2/nonResourceURLs rules[2]: namespaced rules cannot apply to non-resource URLs.',
    ]);
  });

  it('accepts URLs in a ClusterRole, the usual resource rules, and an aggregated ClusterRole without rules', () => {
    expect(
      only(
        role('ClusterRole', [
          { verbs: ['get'], nonResourceURLs: ['/metrics'] },
          { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] },
        ]),
      ),
    ).toEqual([]);
    expect(
      only(role('ClusterRole', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } })),
    ).toEqual([]);
  });
});

describe('volume file modes', () => {
  const withVolume = (volume: O) => deployment({}, {}, { volumes: [{ name: 'creds', ...volume }] });
  it('refuses a decimal 644 (above 0777) and accepts 0644 read as octal (420) and items modes', () => {
    expect(only(withVolume({ secret: { secretName: 's', defaultMode: 644 } }))).toEqual([
      {
        path: '/spec/template/spec/volumes/0/secret/defaultMode',
        message:
          'spec.template.spec.volumes[0].secret.defaultMode is 644: a file mode must be a number between 0 and 0777 (octal), both inclusive (644 is 1204 in octal); write it in octal with a leading 0 (e.g. 0644), or in decimal (420).',
      },
    ]);
    expect(
      only(withVolume({ configMap: { name: 'c', defaultMode: 420, items: [{ key: 'a', path: 'a', mode: 511 }] } })),
    ).toEqual([]);
    expect(
      only(
        withVolume({
          projected: { sources: [{ secret: { name: 's', items: [{ key: 'a', path: 'a', mode: 1000 }] } }] },
        }),
      ).map((v) => v.path),
    ).toEqual(['/spec/template/spec/volumes/0/projected/sources/0/secret/items/0/mode']);
  });
});
