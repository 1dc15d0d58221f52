// What a KServe upgrade changes in what an endpoint runs: the same LLMInferenceService merged over the presets of
// two releases, compared where it matters to the person who owns the endpoint (images, TLS and probe schemes, the
// start command, the scheduler, the route). The whole effective specs are returned too, for a rendered diff.
import type { Resource } from '@inference-gitops/core';
import { effectiveSpec } from './effective.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);
const main = (podSpec: unknown): Obj | undefined =>
  (Array.isArray(at(podSpec, 'containers')) ? (at(podSpec, 'containers') as unknown[]) : []).find(
    (c): c is Obj => isObj(c) && c.name === 'main',
  );
const words = (c: Obj | undefined): string =>
  [...(Array.isArray(c?.command) ? c.command : []), ...(Array.isArray(c?.args) ? c.args : [])].map(String).join(' ');

export interface EffectiveChange {
  /** One line per aspect that differs, e.g. `vLLM image: a -> b`. */
  changes: string[];
  before: Obj;
  after: Obj;
}

/** The effective spec of `service` under two KServe releases, and what differs between them. */
export function compareEffective(
  service: Resource,
  configs: readonly Resource[],
  from: string,
  to: string,
): EffectiveChange {
  const before = effectiveSpec(service, configs, from).spec;
  const after = effectiveSpec(service, configs, to).spec;
  const changes: string[] = [];
  const note = (what: string, a: unknown, b: unknown) => {
    const x = a === undefined ? '(none)' : String(a);
    const y = b === undefined ? '(none)' : String(b);
    if (x !== y) changes.push(`${what}: ${x} -> ${y}`);
  };
  const [vb, va] = [main(before.template), main(after.template)];
  note('vLLM image', vb?.image, va?.image);
  const tls = (c: Obj | undefined) => (/--ssl-certfile/.test(words(c)) ? 'TLS (--ssl-certfile)' : 'plain HTTP');
  note('vLLM serves', tls(vb), tls(va));
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'])
    note(`vLLM ${probe} scheme`, at(vb, probe, 'httpGet', 'scheme'), at(va, probe, 'httpGet', 'scheme'));
  if (words(vb) !== words(va)) changes.push('vLLM command and args differ (see the diff)');
  const [sb, sa] = [
    main(at(before, 'router', 'scheduler', 'template')),
    main(at(after, 'router', 'scheduler', 'template')),
  ];
  note('scheduler image', sb?.image, sa?.image);
  if (words(sb) !== words(sa)) changes.push('scheduler command and args differ (see the diff)');
  const rules = (spec: Obj) => at(spec, 'router', 'route', 'http', 'spec', 'rules');
  const count = (v: unknown) => (Array.isArray(v) ? v.length : undefined);
  note('route rules', count(rules(before)), count(rules(after)));
  const groups = (spec: Obj) =>
    [
      ...new Set(
        (Array.isArray(rules(spec)) ? (rules(spec) as unknown[]) : []).flatMap((r) =>
          (Array.isArray(at(r, 'backendRefs')) ? (at(r, 'backendRefs') as unknown[]) : [])
            .filter((b) => at(b, 'kind') === 'InferencePool')
            .map((b) => String(at(b, 'group') ?? '')),
        ),
      ),
    ].join(', ') || undefined;
  note('route InferencePool group', groups(before), groups(after));
  return { changes, before, after };
}
