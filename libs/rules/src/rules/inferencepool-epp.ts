import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { selectorMatches } from '../model/pods.js';
import { finding, flag, list, obj } from './shared/util.js';

/** An InferencePool's endpoint picker reference, in either API version, and where it is written. */
interface PickerRef {
  pool: Resource;
  namespace: string;
  name: string;
  port: number;
  path: string;
}

function pickerRef(pool: Resource): PickerRef | undefined {
  const spec = obj(pool.object.spec) ?? {};
  const namespace = pool.namespace ?? 'default';
  // v1: endpointPickerRef {group, kind, name, port: {number}}; v1alpha2: extensionRef {group, kind, name, portNumber (default 9002)}.
  const v1 = obj(spec.endpointPickerRef);
  const ref = v1 ?? obj(spec.extensionRef);
  if (!ref || typeof ref.name !== 'string') return undefined;
  if (String(ref.group ?? '') !== '' || String(ref.kind ?? 'Service') !== 'Service') return undefined;
  const port = v1 ? Number(obj(v1.port)?.number) : Number(ref.portNumber ?? 9002);
  return { pool, namespace, name: ref.name, port, path: v1 ? '/spec/endpointPickerRef' : '/spec/extensionRef' };
}

/** The value of an EPP flag in a container's command and args, in any of its spellings (`--pool-name x`, `-poolName=x`). */
function flagValue(container: Record<string, unknown>, spellings: string[]): string | undefined {
  const words = [
    ...(Array.isArray(container.command) ? container.command : []),
    ...(Array.isArray(container.args) ? container.args : []),
  ]
    .map(String)
    .flatMap((w) => w.split(/\s+/))
    .filter(Boolean);
  for (const name of spellings) {
    const value = flag(words, name);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export const rule: Rule = {
  id: 'inferencepool-epp',
  severity: 'error',
  summary:
    "An InferencePool's endpointPickerRef is a Service of the pool's namespace, on one of its ports " +
    '(error), in front of an EPP that watches this pool (warning).',
  docs: {
    why:
      'A reference to a port the picker Service does not expose, or to an ExternalName Service, leaves the ' +
      'Gateway without its endpoint picker (ResolvedRefs=False, 5xx): an error. An endpoint picker (EPP) ' +
      "watches the one InferencePool its --pool-name names and picks among that pool's endpoints, " +
      'whichever pool the request was routed to: a pool whose picker watches another pool, or that shares ' +
      "its picker with other pools, works only where the watched pool's pods also serve this pool's " +
      "models. The seed's pattern2-bbr-gpu.yaml (two pools on one picker, marked DOES NOT WORK) answered " +
      '"no healthy upstream" to every request; its pattern2-bbr-gpu-working.yaml shares the picker too ' +
      'and was reported to work. So these are warnings.',
    fix:
      "Deploy one EPP per pool (its --pool-name the pool's name) behind its own Service, point each pool's " +
      "endpointPickerRef at it with the Service's ext-proc port (9002 by convention); or route both models " +
      'through one pool.',
    source:
      '[code] gateway-api-inference-extension api/v1/inferencepool_types.go (endpointPickerRef: a Service ' +
      'of the pool namespace, port the Service port, no ExternalName), pkg/epp/server/options.go ' +
      '(--pool-name, --pool-namespace); [doc] site-src/api-types/inferencepool.md (one EPP per pool); seed ' +
      'deployments/gateway-api/pattern2-multimodel/manifests/pattern2-bbr-gpu.yaml.',
  },
  kinds: ['InferencePool', 'Service', 'Deployment'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const refs = ctx
      .byKind('InferencePool')
      .map(pickerRef)
      .filter((r): r is PickerRef => r !== undefined);
    // Pools sharing one picker Service: at most one of them is the pool that EPP watches.
    const byService = new Map<string, PickerRef[]>();
    for (const r of refs)
      byService.set(`${r.namespace}/${r.name}`, [...(byService.get(`${r.namespace}/${r.name}`) ?? []), r]);
    for (const r of refs) {
      const service = ctx.find('Service', r.namespace, r.name);
      const sharing = byService.get(`${r.namespace}/${r.name}`)!.filter((o) => o !== r);
      // The EPP behind the Service, when the set holds it: the pool it watches.
      const selector = (obj(obj(service?.object.spec)?.selector) ?? {}) as Record<string, string>;
      const epps =
        service && Object.keys(selector).length > 0
          ? ctx
              .byKind('Deployment')
              .filter(
                (d) =>
                  (d.namespace ?? 'default') === r.namespace &&
                  selectorMatches(
                    selector,
                    (obj(obj(obj(obj(d.object.spec)?.template)?.metadata)?.labels) ?? {}) as Record<string, string>,
                  ),
              )
          : [];
      const watched = epps
        .flatMap((d) =>
          list(obj(obj(obj(d.object.spec)?.template)?.spec)?.containers).map((c) => ({
            deployment: d,
            pool: flagValue(c, ['--pool-name', '-pool-name', '--poolName', '-poolName']),
            namespace: flagValue(c, ['--pool-namespace', '-pool-namespace', '--poolNamespace', '-poolNamespace']),
          })),
        )
        .filter((w) => w.pool !== undefined);
      if (watched.length > 0) {
        const mine = watched.some(
          (w) => w.pool === r.pool.name && (w.namespace === undefined || w.namespace === r.namespace),
        );
        if (!mine) {
          const w = watched[0]!;
          out.push({
            ...finding(
              r.pool,
              `${r.path}/name`,
              `the EPP behind Service ${r.name} (Deployment ${w.deployment.name}) watches InferencePool ${w.namespace ?? r.namespace}/${w.pool}, not ${r.namespace}/${r.pool.name}: it picks among that pool's endpoints for this pool's requests, and answers "no healthy upstream" unless that pool's pods serve them`,
              `Deploy an EPP with --pool-name ${r.pool.name} behind its own Service and point endpointPickerRef at it.`,
            ),
            severity: 'warning',
          });
          continue;
        }
      } else if (sharing.length > 0) {
        out.push({
          ...finding(
            r.pool,
            `${r.path}/name`,
            `InferencePools ${[r, ...sharing]
              .map((o) => o.pool.name)
              .sort()
              .join(
                ' and ',
              )} share the endpoint picker Service ${r.namespace}/${r.name}, and an EPP picks among the endpoints of the one pool its --pool-name names: the other pools' requests get "no healthy upstream" unless that pool's pods serve them`,
            'Give each pool its own EPP (--pool-name <pool>) and Service, or route these models through one pool.',
          ),
          severity: 'warning',
        });
        continue;
      }
      if (!service) {
        ctx.skip(
          `InferencePool ${r.namespace}/${r.pool.name}: its endpoint picker Service ${r.name} is not in the validated set (a chart or another Application installs it)`,
        );
        continue;
      }
      const spec = obj(service.object.spec) ?? {};
      if (spec.type === 'ExternalName') {
        out.push(
          finding(
            r.pool,
            `${r.path}/name`,
            `endpoint picker Service ${r.namespace}/${r.name} is an ExternalName Service, which Gateways must not use as a picker`,
            "Point endpointPickerRef at the EPP Deployment's ClusterIP Service.",
          ),
        );
        continue;
      }
      const ports = list(spec.ports).map((p) => Number(p.port));
      if (Number.isFinite(r.port) && ports.length > 0 && !ports.includes(r.port)) {
        out.push(
          finding(
            r.pool,
            r.path.endsWith('endpointPickerRef') ? `${r.path}/port/number` : `${r.path}/portNumber`,
            `endpoint picker port ${r.port} is not a port of Service ${r.namespace}/${r.name} (${ports.join(', ')}): the Gateway cannot reach the picker`,
            "Use the Service port of the EPP's ext-proc gRPC (9002 by convention), not its container port.",
          ),
        );
      }
    }
    return out;
  },
};
