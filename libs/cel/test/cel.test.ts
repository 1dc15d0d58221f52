import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCelValidator, type CelViolation } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

type Schema = Record<string, unknown>;
type Pinned = { source: { path: string }; type: 'crd' | 'jsonschema'; documents: Schema[] };

/** The committed compact form of every file the lock pins (schemas/pinned keeps each CRD's CEL rules). */
function pinnedFiles(): Array<{ path: string; file: Pinned }> {
  const dir = join(repoRoot, 'schemas/pinned');
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Pinned)
    .map((file) => ({ path: file.source.path, file }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Every version schema of every pinned CRD (the two GKE files are bare JSON Schemas of one version each). */
function pinnedSchemas(): Array<{ name: string; schema: Schema }> {
  const out: Array<{ name: string; schema: Schema }> = [];
  for (const { path, file } of pinnedFiles()) {
    if (file.type === 'jsonschema') {
      out.push({ name: path, schema: file.documents[0]! });
      continue;
    }
    for (const crd of file.documents as Array<{
      spec?: { versions?: Array<{ name: string; schema?: { openAPIV3Schema?: Schema } }> };
    }>) {
      for (const v of crd.spec?.versions ?? [])
        if (v.schema?.openAPIV3Schema) out.push({ name: `${path} ${v.name}`, schema: v.schema.openAPIV3Schema });
    }
  }
  return out;
}

/** One version's schema of a pinned CRD, by its lock path. */
function crdSchema(path: string, version: string): Schema {
  const found = pinnedSchemas().find((s) => s.name === `${path} ${version}`);
  if (!found) throw new Error(`${path} has no version ${version}`);
  return found.schema;
}

describe('compiling the pinned CRDs', () => {
  it('compiles the full KServe LLMInferenceService CRD', () => {
    const v = compileCelValidator(crdSchema('kserve/serving.kserve.io_llminferenceservices.yaml', 'v1alpha1'));
    expect(v.rules).toBe(75);
    expect(v.unsupported).toEqual([]);
  });

  const all = pinnedSchemas();

  it.each(all.map((s) => [s.name, s.schema] as const))('%s: every rule compiles', (name, schema) => {
    const v = compileCelValidator(schema);
    expect(v.unsupported, `${name}: unsupported rules:\n${JSON.stringify(v.unsupported, null, 2)}`).toEqual([]);
  });

  it('finds every rule the lock pins, every release of every set (1162 across 60 schemas)', () => {
    expect(all).toHaveLength(60);
    expect(all.reduce((n, s) => n + compileCelValidator(s.schema).rules, 0)).toBe(1162);
  });
});

describe('HTTPRoute v1 (gateway-api v1.4.0)', () => {
  const httproute = compileCelValidator(crdSchema('gateway-api/gateway.networking.k8s.io_httproutes.yaml', 'v1'));
  const route = (rules: unknown[]) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'qwen', namespace: 'llm' },
    spec: { parentRefs: [{ name: 'inference-gateway', namespace: 'opendatahub' }], rules },
  });
  const poolRef = {
    group: 'inference.networking.k8s.io',
    kind: 'InferencePool',
    name: 'qwen-inference-pool',
    port: 8000,
  };

  it('refuses a PathPrefix value without a leading slash, with the CRD message', () => {
    const violations = httproute.validate(
      route([{ matches: [{ path: { type: 'PathPrefix', value: 'v1/completions' } }], backendRefs: [poolRef] }]),
    );
    expect(violations).toEqual([
      {
        path: '/spec/rules/0/matches/0/path',
        message: "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
        reason: 'FieldValueInvalid',
        rule: "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true",
        kind: 'violation',
      },
    ]);
  });

  it('refuses two RequestHeaderModifier filters in one rule', () => {
    const filter = (name: string) => ({
      type: 'RequestHeaderModifier',
      requestHeaderModifier: { set: [{ name, value: 'x' }] },
    });
    const violations = httproute.validate(route([{ filters: [filter('a'), filter('b')], backendRefs: [poolRef] }]));
    expect(violations).toEqual([
      {
        path: '/spec/rules/0/filters',
        message: 'RequestHeaderModifier filter cannot be repeated',
        reason: 'FieldValueInvalid',
        rule: "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1",
        kind: 'violation',
      },
    ]);
  });

  it('refuses a Service backendRef without a port (after defaulting group "" and kind Service)', () => {
    const violations = httproute.validate(route([{ backendRefs: [{ name: 'vllm' }] }]));
    expect(violations).toEqual([
      {
        path: '/spec/rules/0/backendRefs/0',
        message: 'Must have port for Service reference',
        reason: 'FieldValueInvalid',
        rule: "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true",
        kind: 'violation',
      },
    ]);
    // The same reference to a non-Service kind needs no port.
    expect(
      httproute.validate(
        route([{ backendRefs: [{ kind: 'InferencePool', group: 'inference.networking.k8s.io', name: 'vllm' }] }]),
      ),
    ).toEqual([]);
  });

  it('accepts the KServe-style route (PathPrefix + URLRewrite ReplacePrefixMatch)', () => {
    const kserveRule = (suffix: string, backend: Record<string, unknown>) => ({
      matches: [{ path: { type: 'PathPrefix', value: `/llm/qwen${suffix}` } }],
      filters: [
        { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: suffix || '/' } } },
      ],
      backendRefs: [{ ...backend, weight: 1 }],
      timeouts: { request: '0s', backendRequest: '0s' },
    });
    const ok = route([
      kserveRule('/v1/completions', poolRef),
      kserveRule('/v1/chat/completions', poolRef),
      kserveRule('', { kind: 'Service', name: 'qwen-kserve-workload-svc', port: 8000 }),
    ]);
    expect(httproute.validate(ok)).toEqual([]);
    // ... and refuses the same rewrite once a second match is added to its rule.
    const twoMatches = structuredClone(ok);
    (twoMatches.spec.rules[0] as { matches: unknown[] }).matches.push({
      path: { type: 'PathPrefix', value: '/other' },
    });
    expect(httproute.validate(twoMatches).map((v) => [v.path, v.message])).toEqual([
      [
        '/spec/rules/0',
        'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
      ],
    ]);
  });

  it('compares durations: a backendRequest timeout longer than the request timeout is refused', () => {
    const withTimeouts = (timeouts: Record<string, string>) => route([{ backendRefs: [poolRef], timeouts }]);
    expect(httproute.validate(withTimeouts({ request: '1h', backendRequest: '30m' }))).toEqual([]);
    expect(httproute.validate(withTimeouts({ request: '0s', backendRequest: '90m' }))).toEqual([]);
    expect(
      httproute.validate(withTimeouts({ request: '1h', backendRequest: '1h30m' })).map((v) => [v.path, v.message]),
    ).toEqual([['/spec/rules/0/timeouts', 'backendRequest timeout cannot be longer than request timeout']]);
  });

  it('evaluates the same rules inside the KServe LLMInferenceService route spec', () => {
    const llmisvc = compileCelValidator(crdSchema('kserve/serving.kserve.io_llminferenceservices.yaml', 'v1alpha1'));
    const obj = (rules: unknown[]) => ({
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LLMInferenceService',
      metadata: { name: 'qwen' },
      spec: { model: { uri: 'hf://Qwen/Qwen2.5-3B-Instruct' }, router: { route: { http: { spec: { rules } } } } },
    });
    expect(llmisvc.validate(obj(route([]).spec.rules))).toEqual([]);
    expect(llmisvc.validate(obj([{ backendRefs: [{ name: 'vllm' }] }])).map((v) => [v.path, v.message])).toEqual([
      ['/spec/router/route/http/spec/rules/0/backendRefs/0', 'Must have port for Service reference'],
    ]);
  });
});

describe('InferencePool v1 (inference.networking.k8s.io)', () => {
  const pool = compileCelValidator(
    crdSchema('gateway-api-inference-extension/inference.networking.k8s.io_inferencepools.yaml', 'v1'),
  );
  const obj = (spec: Record<string, unknown>) => ({
    apiVersion: 'inference.networking.k8s.io/v1',
    kind: 'InferencePool',
    metadata: { name: 'qwen-inference-pool' },
    spec,
  });
  const valid = {
    selector: { matchLabels: { app: 'qwen' } },
    targetPorts: [{ number: 8000 }],
    endpointPickerRef: { name: 'qwen-epp', port: { number: 9002 } },
  };

  it('accepts a valid pool', () => {
    expect(pool.validate(obj(valid))).toEqual([]);
  });

  it('refuses the same target port twice', () => {
    expect(pool.validate(obj({ ...valid, targetPorts: [{ number: 8000 }, { number: 8000 }] }))).toEqual([
      {
        path: '/spec/targetPorts',
        message: 'port number must be unique',
        reason: 'FieldValueInvalid',
        rule: 'self.all(p1, self.exists_one(p2, p1.number==p2.number))',
        kind: 'violation',
      },
    ]);
  });

  it('refuses an endpoint picker without a port (kind defaults to Service)', () => {
    expect(
      pool.validate(obj({ ...valid, endpointPickerRef: { name: 'qwen-epp' } })).map((v) => [v.path, v.message]),
    ).toEqual([
      ['/spec/endpointPickerRef', "port is required when kind is 'Service' or unspecified (defaults to 'Service')"],
    ]);
  });
});

describe('Kubernetes semantics', () => {
  const rule = (r: string, extra: Record<string, unknown> = {}) => ({ rule: r, ...extra });
  const widgetSchema: Schema = {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        properties: {
          mode: { type: 'string', default: 'strict' },
          replicas: {
            type: 'integer',
            'x-kubernetes-validations': [rule('self % 2 == 0', { message: 'replicas must be even' })],
          },
          ratio: { type: 'number' },
          namespace: { type: 'string' },
          'max-surge': { type: 'integer' },
          'app.kubernetes.io/name': { type: 'string' },
          total: { type: 'integer' },
          divisor: { type: 'integer' },
          when: { type: 'string', format: 'date-time' },
          budget: { 'x-kubernetes-int-or-string': true },
          workers: { type: 'array', items: { type: 'object', properties: { count: { type: 'integer' } } } },
          limits: {
            type: 'object',
            additionalProperties: {
              type: 'integer',
              'x-kubernetes-validations': [rule('self >= 0', { message: 'must not be negative' })],
            },
          },
          ports: {
            type: 'array',
            items: {
              type: 'object',
              properties: { port: { type: 'integer' } },
              'x-kubernetes-validations': [rule('self.port < 65536', { message: 'port out of range' })],
            },
          },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
        'x-kubernetes-validations': [
          rule("self.mode != 'strict' || has(self.replicas)", {
            message: 'replicas is required in strict mode',
            reason: 'FieldValueRequired',
            fieldPath: '.replicas',
          }),
          rule("!has(self.__namespace__) || self.__namespace__ == 'prod'", { message: 'namespace must be prod' }),
          rule('!has(self.max__dash__surge) || self.max__dash__surge < 5', {
            messageExpression: "'max-surge is ' + string(self.max__dash__surge) + ', at most 4 is allowed'",
            message: 'max-surge too large',
          }),
          rule(
            "!has(self.app__dot__kubernetes__dot__io__slash__name) || self.app__dot__kubernetes__dot__io__slash__name != ''",
            { message: 'name label must not be empty' },
          ),
          rule('!has(self.ratio) || type(self.ratio) == double', { message: 'ratio is a double' }),
          rule('!has(self.workers) || self.workers.all(w, w.count % 2 == 0)', {
            message: 'worker counts must be even',
          }),
          rule("!has(self.when) || self.when < timestamp('2030-01-01T00:00:00Z')", { message: 'too late' }),
          rule("!has(self.budget) || (type(self.budget) == int ? self.budget <= 10 : self.budget.endsWith('%'))", {
            message: 'budget is at most 10 or a percentage',
          }),
          rule("!has(self.labels) || !('team' in self.labels) || self.labels['team'].size() <= 3", {
            messageExpression: "'team label ' + self.labels['team'] + ' is too long'",
            fieldPath: ".labels['team']",
            reason: 'FieldValueForbidden',
          }),
        ],
      },
    },
    'x-kubernetes-validations': [
      rule("self.kind == 'Widget' && self.metadata.name.startsWith('w-')", { message: 'widgets are named w-*' }),
    ],
  };
  const widget = compileCelValidator(widgetSchema);
  const obj = (spec: Record<string, unknown>, name = 'w-1') => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'default', labels: { a: 'b' } },
    spec,
  });
  const summary = (vs: CelViolation[]) => vs.map((v) => `${v.kind} ${v.reason} ${v.path}: ${v.message}`);

  it('accepts a valid object, and does not modify it', () => {
    const o = obj({ replicas: 2 });
    expect(widget.unsupported).toEqual([]);
    expect(widget.rules).toBe(13);
    expect(widget.validate(o)).toEqual([]);
    expect(o).toEqual(obj({ replicas: 2 }));
  });

  it('applies defaults before the rules: mode defaults to strict, which requires replicas (reason and fieldPath honoured)', () => {
    expect(widget.validate(obj({}))).toEqual([
      {
        path: '/spec/replicas',
        message: 'replicas is required in strict mode',
        reason: 'FieldValueRequired',
        rule: "self.mode != 'strict' || has(self.replicas)",
        kind: 'violation',
      },
    ]);
    expect(widget.validate(obj({ mode: 'relaxed' }))).toEqual([]);
  });

  it('types integer fields as CEL ints, also nested, and number fields as doubles', () => {
    expect(summary(widget.validate(obj({ replicas: 3, ratio: 1 })))).toEqual([
      'violation FieldValueInvalid /spec/replicas: replicas must be even',
    ]);
    expect(summary(widget.validate(obj({ replicas: 2, workers: [{ count: 2 }, { count: 5 }] })))).toEqual([
      'violation FieldValueInvalid /spec: worker counts must be even',
    ]);
    expect(widget.validate(obj({ replicas: 2, workers: [{ count: 4 }], ratio: 0.5 }))).toEqual([]);
  });

  it('types int-or-string as int or string, and date-time as timestamp', () => {
    expect(widget.validate(obj({ replicas: 2, budget: 5, when: '2026-01-01T00:00:00Z' }))).toEqual([]);
    expect(widget.validate(obj({ replicas: 2, budget: '50%' }))).toEqual([]);
    expect(summary(widget.validate(obj({ replicas: 2, budget: 11, when: '2031-01-01T00:00:00Z' })))).toEqual([
      'violation FieldValueInvalid /spec: too late',
      'violation FieldValueInvalid /spec: budget is at most 10 or a percentage',
    ]);
  });

  it('escapes property names the way Kubernetes does (__namespace__, __dash__, __dot__, __slash__)', () => {
    expect(summary(widget.validate(obj({ replicas: 2, namespace: 'dev', 'app.kubernetes.io/name': '' })))).toEqual([
      'violation FieldValueInvalid /spec: namespace must be prod',
      'violation FieldValueInvalid /spec: name label must not be empty',
    ]);
    expect(widget.validate(obj({ replicas: 2, namespace: 'prod', 'app.kubernetes.io/name': 'x' }))).toEqual([]);
  });

  it('reports messageExpression when it evaluates to a string, else message', () => {
    expect(summary(widget.validate(obj({ replicas: 2, 'max-surge': 7 })))).toEqual([
      'violation FieldValueInvalid /spec: max-surge is 7, at most 4 is allowed',
    ]);
    const s = compileCelValidator({
      type: 'object',
      properties: { n: { type: 'integer' } },
      'x-kubernetes-validations': [
        rule('self.n < 3', { messageExpression: 'self.n', message: 'n must be below 3' }),
        rule('self.n < 2'),
      ],
    });
    // a non-string messageExpression falls back to message; no message at all gives "failed rule: <rule>"
    expect(summary(s.validate({ n: 5 }))).toEqual([
      'violation FieldValueInvalid : n must be below 3',
      'violation FieldValueInvalid : failed rule: self.n < 2',
    ]);
  });

  it('appends fieldPath (map keys in brackets) to the path and honours reason', () => {
    expect(widget.validate(obj({ replicas: 2, labels: { team: 'platform' } }))).toEqual([
      {
        path: '/spec/labels/team',
        message: 'team label platform is too long',
        reason: 'FieldValueForbidden',
        rule: "!has(self.labels) || !('team' in self.labels) || self.labels['team'].size() <= 3",
        kind: 'violation',
      },
    ]);
  });

  it('runs items rules per element and additionalProperties rules per value', () => {
    expect(
      summary(
        widget.validate(obj({ replicas: 2, ports: [{ port: 80 }, { port: 70000 }], limits: { cpu: 1, memory: -1 } })),
      ),
    ).toEqual([
      'violation FieldValueInvalid /spec/limits/memory: must not be negative',
      'violation FieldValueInvalid /spec/ports/1: port out of range',
    ]);
  });

  it('shows apiVersion, kind and metadata.name at the root', () => {
    expect(summary(widget.validate(obj({ replicas: 2 }, 'x-1')))).toEqual([
      'violation FieldValueInvalid : widgets are named w-*',
    ]);
  });

  it('treats a nullable field set to null as present, and skips rules on null values', () => {
    const s = compileCelValidator({
      type: 'object',
      properties: {
        note: {
          type: 'string',
          nullable: true,
          'x-kubernetes-validations': [rule('self.size() > 0', { message: 'note must not be empty' })],
        },
        other: { type: 'string' },
      },
      'x-kubernetes-validations': [
        rule('!has(self.note)', { message: 'note is present' }),
        rule('has(self.other)', { message: 'other is absent' }),
      ],
    });
    // note: null is present (nullable); other: null is dropped before validation (not nullable, no default)
    expect(summary(s.validate({ note: null, other: null }))).toEqual([
      'violation FieldValueInvalid : note is present',
      'violation FieldValueInvalid : other is absent',
    ]);
    expect(summary(s.validate({ note: '', other: 'x' }))).toEqual([
      'violation FieldValueInvalid : note is present',
      'violation FieldValueInvalid /note: note must not be empty',
    ]);
  });

  it('runs allOf branch rules on the node, and treats embedded resources as resource roots', () => {
    const s = compileCelValidator({
      type: 'object',
      properties: {
        size: {
          type: 'integer',
          allOf: [{ 'x-kubernetes-validations': [rule('self <= 10', { message: 'size at most 10' })] }],
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
          'x-kubernetes-validations': [
            rule("self.kind == 'ConfigMap' && self.metadata.name.endsWith('-cm')", {
              message: 'a ConfigMap named *-cm',
            }),
          ],
        },
      },
    });
    expect(
      s.validate({
        size: 3,
        template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a-cm' }, data: { k: 'v' } },
      }),
    ).toEqual([]);
    expect(
      summary(s.validate({ size: 11, template: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' } } })),
    ).toEqual([
      'violation FieldValueInvalid /size: size at most 10',
      'violation FieldValueInvalid /template: a ConfigMap named *-cm',
    ]);
  });

  it('reports a runtime error as runtime-error, not as a pass or a violation', () => {
    const s = compileCelValidator({
      type: 'object',
      properties: { total: { type: 'integer' }, divisor: { type: 'integer' }, name: { type: 'string' } },
      'x-kubernetes-validations': [
        rule('self.total / self.divisor > 1'),
        rule("self.name == 'x'", { message: 'name must be x' }),
      ],
    });
    expect(s.validate({ total: 4, divisor: 2, name: 'x' })).toEqual([]);
    expect(s.validate({ total: 4, divisor: 0 })).toEqual([
      {
        path: '',
        message: 'division by zero evaluating rule: self.total / self.divisor > 1',
        reason: 'FieldValueInvalid',
        rule: 'self.total / self.divisor > 1',
        kind: 'runtime-error',
      },
      // As in validation.go, a rule with a message is named by its message.
      {
        path: '',
        message: 'no such key: name evaluating rule: name must be x',
        reason: 'FieldValueInvalid',
        rule: "self.name == 'x'",
        kind: 'runtime-error',
      },
    ]);
  });

  it('reports an int-or-string value used with the wrong type as a no-such-overload runtime error', () => {
    const s = compileCelValidator({
      type: 'object',
      properties: { budget: { 'x-kubernetes-int-or-string': true } },
      'x-kubernetes-validations': [rule("self.budget.endsWith('%')")],
    });
    expect(s.validate({ budget: '10%' })).toEqual([]);
    expect(s.validate({ budget: 10 }).map((v) => [v.kind, v.message])).toEqual([
      [
        'runtime-error',
        "'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self.budget.endsWith('%')",
      ],
    ]);
  });

  it('skips rules that use oldSelf on create, unless optionalOldSelf is set (oldSelf is then optional.none())', () => {
    const s = compileCelValidator({
      type: 'object',
      properties: { name: { type: 'string' } },
      'x-kubernetes-validations': [
        rule('self == oldSelf', { message: 'immutable' }),
        rule('!oldSelf.hasValue() || self.name == oldSelf.value().name', {
          optionalOldSelf: true,
          message: 'name is immutable',
        }),
        rule('oldSelf.hasValue()', { optionalOldSelf: true, message: 'only updates' }),
      ],
    });
    expect(s.unsupported).toEqual([]);
    expect(s.validate({ name: 'a' }).map((v) => v.message)).toEqual(['only updates']);
  });

  it('lists rules it cannot run as unsupported, and never reports them', () => {
    const s = compileCelValidator({
      type: 'object',
      properties: {
        items: { type: 'array', items: { type: 'string' } },
        m: { type: 'object', additionalProperties: { type: 'string' } },
      },
      'x-kubernetes-validations': [
        rule('self.m.all(k, v, k != v)'),
        rule('self.?m.orValue({}).size() > 0'),
        rule("semver('1.0.0').major() == 1"),
        rule("self.items.all(i, i.matches('['))"),
        rule('self.items.size() > 100'),
        rule('true', { reason: 'FieldValueTooLong' }),
        rule('true', { fieldPath: '.nope' }),
      ],
    });
    expect(s.rules).toBe(7);
    expect(s.unsupported.map((u) => [u.path, u.rule, u.error])).toEqual([
      ['', 'self.m.all(k, v, k != v)', 'two-variable comprehensions are not supported'],
      ['', 'self.?m.orValue({}).size() > 0', expect.stringMatching(/^syntax not supported by the CEL engine: /)],
      ['', "semver('1.0.0').major() == 1", "undeclared reference to 'semver' (function or macro not available)"],
      ['', "self.items.all(i, i.matches('['))", expect.stringMatching(/^invalid regular expression "\[": /)],
      ['', 'true', 'unsupported reason "FieldValueTooLong"'],
      ['', 'true', 'fieldPath ".nope": does not refer to a valid field'],
    ]);
    expect(s.validate({ items: ['a'], m: { a: 'a' } }).map((v) => v.rule)).toEqual(['self.items.size() > 100']);
  });
});

describe('Kubernetes CEL libraries', () => {
  const check = (expr: string) => {
    const v = compileCelValidator({
      type: 'object',
      properties: { s: { type: 'string' } },
      'x-kubernetes-validations': [{ rule: expr }],
    });
    expect(v.unsupported, expr).toEqual([]);
    return v.validate({ s: 'x' });
  };
  const truths: Record<string, string[]> = {
    urls: [
      "isURL('https://example.com:8443/a/b?x=1') && !isURL('example.com') && isURL('/relative/path')",
      "url('https://user@example.com:8443/a%20b?x=1&x=2&y').getScheme() == 'https'",
      "url('https://example.com:8443/p').getHost() == 'example.com:8443'",
      "url('https://example.com:8443/p').getHostname() == 'example.com' && url('https://example.com:8443/p').getPort() == '8443'",
      "url('https://[::1]:80/').getHostname() == '::1' && url('https://example.com/').getPort() == ''",
      "url('https://example.com/a%20b').getEscapedPath() == '/a%20b'",
      "url('https://example.com/?x=1&x=2&y').getQuery() == {'x': ['1', '2'], 'y': ['']}",
    ],
    quantity: [
      "isQuantity('1.3Gi') && !isQuantity('200K') && !isQuantity('1,3G') && !isQuantity('Three')",
      "quantity('200M').compareTo(quantity('0.2G')) == 0 && quantity('50M').compareTo(quantity('50Mi')) == -1",
      "quantity('150Mi').isGreaterThan(quantity('100Mi')) && quantity('50M').isLessThan(quantity('100M'))",
      "quantity('50k').asInteger() == 50000 && quantity('50000000G').isInteger()",
      "!quantity('9999999999999999999999999999999999999G').isInteger()",
      "quantity('50k').sub(20000).asApproximateFloat() == 30000.0",
      "quantity('50k').add(quantity('20k')) == quantity('70k') && quantity('50k').add(20) == quantity('50020')",
      "quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')",
      "quantity('-1').sign() == -1 && quantity('1Gi').asApproximateFloat() == 1073741824.0",
    ],
    lists: [
      '[1, 2, 3].isSorted() && ![2, 1].isSorted() && [].isSorted()',
      '[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0',
      "[3, 1, 2].min() == 1 && ['b', 'a'].max() == 'b'",
      '[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2 && [1].indexOf(5) == -1',
      'sets.contains([1, 2, 3], [2]) && sets.equivalent([1, 2], [2, 1, 1]) && sets.intersects([1], [2, 1])',
    ],
    regex: [
      "'abc 123 def 456'.find('[0-9]+') == '123' && 'abc'.find('x') == ''",
      "'abc 123 def 456'.findAll('[0-9]+') == ['123', '456'] && 'abc 123 def 456'.findAll('[0-9]+', 1) == ['123']",
      "'aaa'.findAll('a*') == ['aaa'] && 'a1b'.findAll('\\\\d*') == ['', '1', '']",
      "'ABC'.matches('(?i)^abc$') && 'x.y'.find('[[:alpha:]]\\\\.') == 'x.'",
    ],
    format: [
      "!format.dns1123Label().validate('my-name').hasValue() && format.dns1123Label().validate('My_Name').hasValue()",
      "format.named('dns1035Label').hasValue() && !format.named('nope').hasValue()",
      "!format.dns1123LabelPrefix().validate('my-prefix-').hasValue() && format.dns1123Label().validate('my-prefix-').hasValue()",
      "!format.qualifiedName().validate('example.com/MyName').hasValue() && !format.labelValue().validate('').hasValue()",
      "format.uri().validate('example.com').value() == ['parse \"example.com\": invalid URI for request']",
      "!format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue() && format.date().validate('2021-02-30').hasValue()",
      'optional.of(1).value() == 1 && optional.none().orValue(2) == 2 && !optional.none().hasValue()',
    ],
    net: [
      "isIP('10.0.0.1') && !isIP('010.0.0.1') && !isIP('::ffff:1.2.3.4') && isIP('2001:db8::1')",
      "ip('10.0.0.1').family() == 4 && ip('fe80::1').family() == 6 && ip('fe80::1').isLinkLocalUnicast()",
      "ip('127.0.0.1').isLoopback() && ip('0.0.0.0').isUnspecified() && ip('10.0.0.1').isGlobalUnicast() && ip('224.0.0.1').isLinkLocalMulticast()",
      "ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1') && !ip.isCanonical('2001:db8:0:0:0:0:0:1')",
      "cidr('10.0.0.0/8').containsIP('10.1.2.3') && cidr('10.0.0.0/8').containsIP(ip('10.1.2.3')) && !cidr('10.0.0.0/8').containsIP('11.0.0.1')",
      "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && !cidr('10.0.0.0/16').containsCIDR('10.0.0.0/8')",
      "cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.0.0.0/8').prefixLength() == 8 && string(cidr('10.1.2.3/8').ip()) == '10.1.2.3'",
      "isCIDR('2001:db8::/32') && !isCIDR('10.0.0.0/33') && !isCIDR('10.0.0.0')",
    ],
    strings: [
      "'a-b'.split('-') == ['a', 'b'] && 'Hello'.lowerAscii() == 'hello' && 'abc'.charAt(1) == 'b' && 'abc'.indexOf('c') == 2",
    ],
  };

  it.each(Object.entries(truths))('%s', (_lib, exprs) => {
    for (const expr of exprs) expect(check(expr), expr).toEqual([]);
  });

  it('reports library errors as runtime errors', () => {
    expect(check("quantity('200K').sign() == 1").map((v) => v.message)).toEqual([
      "unable to parse quantity's suffix evaluating rule: quantity('200K').sign() == 1",
    ]);
    expect(check('[].min() == 1').map((v) => v.message)).toEqual([
      'min called on empty list evaluating rule: [].min() == 1',
    ]);
    expect(check("url('nope').getHost() == ''").map((v) => v.message)).toEqual([
      "URL parse error during conversion from string: parse \"nope\": invalid URI for request evaluating rule: url('nope').getHost() == ''",
    ]);
  });

  it('returns apimachinery validation messages from format.*.validate()', () => {
    const v = compileCelValidator({
      type: 'object',
      properties: { name: { type: 'string' } },
      'x-kubernetes-validations': [
        {
          rule: '!format.dns1123Label().validate(self.name).hasValue()',
          messageExpression: "format.dns1123Label().validate(self.name).value().join('; ')",
        },
      ],
    });
    expect(v.validate({ name: 'My_Name' }).map((x) => x.message)).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});
