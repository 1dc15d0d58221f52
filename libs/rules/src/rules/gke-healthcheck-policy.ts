import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding, list, obj, onGke, routeServiceBackends } from './shared/util.js';

export const rule: Rule = {
  id: 'gke-healthcheck-policy',
  severity: 'error',
  summary:
    'On GKE, every InferencePool and every Service a KServe route sends to has a HealthCheckPolicy (HTTP, /health, the serving port, timeoutSec <= checkIntervalSec).',
  docs: {
    why:
      'Without a policy the GKE load balancer health-checks `/` (404 on vLLM), marks every backend ' +
      'unhealthy and answers 503 "no healthy upstream"; manual gcloud fixes are reverted by the controller ' +
      '(seed NG-5, NG-13).',
    fix:
      'Add a networking.gke.io/v1 HealthCheckPolicy per backend: targetRef the InferencePool (group ' +
      'inference.networking.k8s.io) and each Service backend of the route (the preset route sends its ' +
      'catch-all rule to <name>-kserve-workload-svc), config.type HTTP, httpHealthCheck {port: 8000, ' +
      'requestPath: /health}.',
    source: 'seed NG-5, NG-13, X-1; [code] GIE chart config/charts/inferencepool/templates/gke.yaml.',
  },
  kinds: ['HealthCheckPolicy', 'InferencePool', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!onGke(ctx)) return out;
    const policies = ctx.byKind('HealthCheckPolicy', 'networking.gke.io');
    const covering = (kind: string, name: string, namespace: string) =>
      policies.filter(
        (p) =>
          (p.namespace ?? 'default') === namespace &&
          obj(obj(p.object.spec)?.targetRef)?.kind === kind &&
          obj(obj(p.object.spec)?.targetRef)?.name === name,
      );
    const check = (owner: Resource, kind: string, name: string, namespace: string, port: number, derived: boolean) => {
      const found = covering(kind, name, namespace);
      if (found.length === 0) {
        out.push({
          ...finding(
            owner,
            derived ? '/spec/router' : '/metadata/name',
            `${kind} ${namespace}/${name} has no HealthCheckPolicy: GKE would health-check "/" and mark vLLM unhealthy`,
            `Add a HealthCheckPolicy targeting ${kind} ${name} with HTTP /health on port ${port}.`,
          ),
          ...(derived
            ? {
                derivedFrom: {
                  apiVersion: kind === 'Service' ? 'v1' : 'inference.networking.k8s.io/v1',
                  kind,
                  name,
                  namespace,
                },
              }
            : {}),
        });
        return;
      }
      for (const p of found) {
        const d = obj(obj(p.object.spec)?.default) ?? {};
        const cfg = obj(d.config);
        const http = obj(cfg?.httpHealthCheck);
        if (
          cfg?.type !== 'HTTP' ||
          http?.requestPath !== '/health' ||
          (http?.port !== undefined && Number(http.port) !== port)
        )
          out.push(
            finding(
              p,
              '/spec/default/config',
              `HealthCheckPolicy ${p.name} must check HTTP /health on port ${port} (found ${String(cfg?.type)} ${String(http?.requestPath)} port ${String(http?.port)})`,
              'vLLM serves /health over plain HTTP on 8000.',
            ),
          );
        if (
          typeof d.timeoutSec === 'number' &&
          typeof d.checkIntervalSec === 'number' &&
          d.timeoutSec > d.checkIntervalSec
        )
          out.push(
            finding(
              p,
              '/spec/default/timeoutSec',
              `timeoutSec ${d.timeoutSec} exceeds checkIntervalSec ${d.checkIntervalSec}; Compute Engine rejects the health check`,
              'Make timeoutSec <= checkIntervalSec.',
            ),
          );
      }
    };
    for (const k of ctx.kserve) {
      if (k.pools.length) check(k.service, 'InferencePool', `${k.name}-inference-pool`, k.namespace, 8000, true);
      for (const backend of routeServiceBackends(k))
        check(k.service, 'Service', backend.name, k.namespace, backend.port, true);
    }
    for (const pool of ctx.byKind('InferencePool')) {
      const spec = obj(pool.object.spec);
      const port = Number(list(spec?.targetPorts)[0]?.number ?? spec?.targetPortNumber ?? 8000);
      check(pool, 'InferencePool', pool.name, pool.namespace ?? 'default', port, false);
    }
    return out;
  },
};
