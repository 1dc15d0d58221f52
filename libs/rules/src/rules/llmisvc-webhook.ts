import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { isLLMInferenceService } from '../model/kserve.js';
import { finding, list, obj } from './shared/util.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const HINT =
  'KServe refuses the object at admission: Argo CD reports the sync failed ("admission webhook ... denied the request").';

/** KServe's router cross-field constraints (validateRouterCrossFieldConstraints). */
function routerFindings(svc: Resource): RuleFinding[] {
  const router = obj(obj(svc.object.spec)?.router);
  const http = obj(obj(router?.route)?.http);
  if (!router || !http) return [];
  const out: RuleFinding[] = [];
  const routeRefs = list(http.refs).length > 0;
  const routeSpec = obj(http.spec);
  const gateway = obj(router.gateway);
  const gatewayRefs = list(gateway?.refs).length > 0;
  if (routeRefs && routeSpec) {
    out.push(
      finding(
        svc,
        '/spec/router/route/http',
        "spec.router.route.http has both refs (your HTTPRoutes) and spec (a route KServe manages): KServe's webhook refuses the combination",
        `Keep one of them. ${HINT}`,
      ),
    );
  }
  if (routeRefs && gateway && !gatewayRefs) {
    out.push(
      finding(
        svc,
        '/spec/router/route/http/refs',
        'spec.router.route.http.refs (your HTTPRoutes) with a gateway KServe manages (spec.router.gateway ' +
          "without refs): KServe's webhook refuses the combination",
        `Remove spec.router.route.http.refs, or name your Gateway in spec.router.gateway.refs. ${HINT}`,
      ),
    );
  }
  if (routeSpec && list(routeSpec.parentRefs).length > 0 && gatewayRefs) {
    out.push(
      finding(
        svc,
        '/spec/router/route/http/spec/parentRefs',
        "spec.router.route.http.spec.parentRefs together with spec.router.gateway.refs: KServe's webhook " +
          'refuses the combination (it attaches the route to the gateway refs itself)',
        `Remove spec.router.route.http.spec.parentRefs, or spec.router.gateway.refs. ${HINT}`,
      ),
    );
  }
  return out;
}

/** KServe's parallelism constraints of a workload (validateWorkloadParallelism), at `base` ('/spec' or '/spec/prefill'). */
function parallelismFindings(svc: Resource, workload: Record<string, unknown>, base: string): RuleFinding[] {
  const out: RuleFinding[] = [];
  const p = obj(workload.parallelism);
  const where = base.slice(1).replace(/\//g, '.');
  if (workload.worker !== undefined && workload.worker !== null && !p) {
    return [
      finding(
        svc,
        `${base}/worker`,
        `${where}.worker is set without ${where}.parallelism: KServe's webhook requires data or pipeline parallelism for a multi-node workload`,
        `Set ${where}.parallelism (data with dataLocal, or pipeline). ${HINT}`,
      ),
    ];
  }
  if (!p) return out;
  const [data, dataLocal, pipeline] = [num(p.data), num(p.dataLocal), num(p.pipeline)];
  const dataParallel = (data ?? 0) > 0 || (dataLocal ?? 0) > 0;
  const pipelineParallel = (pipeline ?? 0) > 0;
  if (workload.worker !== undefined && workload.worker !== null && !dataParallel && !pipelineParallel) {
    out.push(
      finding(
        svc,
        `${base}/worker`,
        `${where}.worker is set but ${where}.parallelism has neither data nor pipeline parallelism: KServe's webhook refuses it`,
        `Set data with dataLocal, or pipeline, in ${where}.parallelism. ${HINT}`,
      ),
    );
  }
  if (dataParallel && pipelineParallel) {
    out.push(
      finding(
        svc,
        `${base}/parallelism`,
        `${where}.parallelism sets both pipeline and data parallelism: KServe's webhook refuses it`,
        `Keep one of them. ${HINT}`,
      ),
    );
  }
  if (data !== undefined && dataLocal === undefined)
    out.push(
      finding(
        svc,
        `${base}/parallelism/data`,
        `${where}.parallelism.data is set without dataLocal: KServe's webhook refuses it`,
        `Set ${where}.parallelism.dataLocal too (the data-parallel ranks per pod). ${HINT}`,
      ),
    );
  if (dataLocal !== undefined && data === undefined)
    out.push(
      finding(
        svc,
        `${base}/parallelism/dataLocal`,
        `${where}.parallelism.dataLocal is set without data: KServe's webhook refuses it`,
        `Set ${where}.parallelism.data too (the data-parallel ranks in all). ${HINT}`,
      ),
    );
  for (const [key, value] of [
    ['pipeline', pipeline],
    ['data', data],
    ['dataLocal', dataLocal],
  ] as const) {
    if (value !== undefined && value <= 0)
      out.push(
        finding(
          svc,
          `${base}/parallelism/${key}`,
          `${where}.parallelism.${key} is ${value}: KServe's webhook requires it to be greater than 0`,
          `Set it to 1 or more, or remove it. ${HINT}`,
        ),
      );
  }
  return out;
}

/** KServe's scheduler checks (validateSchedulerConfig). */
function schedulerFindings(svc: Resource): RuleFinding[] {
  const scheduler = obj(obj(obj(svc.object.spec)?.router)?.scheduler);
  if (!scheduler) return [];
  const out: RuleFinding[] = [];
  const replicas = num(scheduler.replicas);
  if (replicas !== undefined && replicas <= 0)
    out.push(
      finding(
        svc,
        '/spec/router/scheduler/replicas',
        `spec.router.scheduler.replicas is ${replicas}: KServe's webhook requires it to be greater than zero`,
        `Set it to 1 or more, or remove it. ${HINT}`,
      ),
    );
  const config = obj(scheduler.config);
  if (!config) return out;
  const inline = config.inline;
  const ref = obj(config.ref);
  const hasInline = inline !== undefined && inline !== null;
  if (!hasInline && !ref)
    out.push(
      finding(
        svc,
        '/spec/router/scheduler/config',
        "spec.router.scheduler.config has neither inline nor ref: KServe's webhook requires one",
        `Give the scheduler configuration inline, or name its ConfigMap in ref. ${HINT}`,
      ),
    );
  if (hasInline && ref)
    out.push(
      finding(
        svc,
        '/spec/router/scheduler/config',
        "spec.router.scheduler.config has both inline and ref: KServe's webhook accepts only one",
        `Keep one of them. ${HINT}`,
      ),
    );
  // KServe refuses inline JSON shorter than 3 characters (`{}` or less).
  if (hasInline && JSON.stringify(inline).length < 3)
    out.push(
      finding(
        svc,
        '/spec/router/scheduler/config/inline',
        "spec.router.scheduler.config.inline is empty: KServe's webhook refuses it as invalid",
        `Give the configuration, or use ref. ${HINT}`,
      ),
    );
  if (ref && (typeof ref.name !== 'string' || ref.name === ''))
    out.push(
      finding(
        svc,
        '/spec/router/scheduler/config/ref/name',
        "spec.router.scheduler.config.ref has no name: KServe's webhook refuses it",
        `Name the ConfigMap. ${HINT}`,
      ),
    );
  return out;
}

export const rule: Rule = {
  id: 'llmisvc-webhook',
  severity: 'error',
  summary:
    "An LLMInferenceService (and an LLMInferenceServiceConfig) passes KServe's validating webhooks: " +
    'router, parallelism, scheduler and baseRefs constraints the CRD schemas do not express.',
  docs: {
    why:
      'KServe runs a validating admission webhook (failurePolicy Fail) on every create and update of an ' +
      'LLMInferenceService. It refuses combinations the CRD schema accepts: HTTPRoute refs with an inline ' +
      'route spec, HTTPRoute refs with a gateway KServe manages, an inline route with parentRefs next to ' +
      'gateway refs, a worker without data or pipeline parallelism, pipeline and data parallelism ' +
      'together, data without dataLocal (or the reverse), degrees of 0 or less, baseRefs in an ' +
      'LLMInferenceServiceConfig; and, in upstream KServe versions whose CRD has them (not the pinned ' +
      'odh-v3.4-EA1), scheduler replicas of 0 or a scheduler config with neither or both of inline and ' +
      'ref. Argo CD then reports the sync failed, and the endpoint is never created or updated.',
    fix:
      'Follow the message: keep one of the two conflicting fields, or set the missing one. The checks are ' +
      'on the LLMInferenceService as written (the webhook sees it before the controller merges the ' +
      'presets).',
    source:
      '[code] opendatahub-io/kserve pkg/apis/serving/v1alpha1/validation/llminferenceservice_validator.go ' +
      '(the pinned line: validateRouterCrossFieldConstraints, validateWorkloadParallelism; webhook ' +
      '/validate-serving-kserve-io-v1alpha1-llminferenceservice, failurePolicy=fail, create and update) ' +
      'and config_validator.go (baseRefs); kserve/kserve ' +
      'pkg/apis/serving/v1alpha1/llm_inference_service_validation.go (the same, plus ' +
      'validateSchedulerConfig); domain-facts 4.3, candidates 23-26.',
  },
  kinds: ['LLMInferenceService', 'LLMInferenceServiceConfig'],
  check(ctx) {
    const out: RuleFinding[] = [];
    // KServe's config webhook (config_validator.go): no baseRefs in a config, recursive refs are disabled.
    for (const config of ctx.resources.filter(
      (r) => r.kind === 'LLMInferenceServiceConfig' && r.apiVersion.startsWith('serving.kserve.io/'),
    )) {
      if (list(obj(config.object.spec)?.baseRefs).length > 0)
        out.push(
          finding(
            config,
            '/spec/baseRefs',
            "spec.baseRefs is not permitted in an LLMInferenceServiceConfig (KServe disabled recursive refs): KServe's webhook refuses it",
            `List the configs in the baseRefs of each LLMInferenceService instead. ${HINT}`,
          ),
        );
    }
    for (const svc of ctx.resources.filter(isLLMInferenceService)) {
      const spec = obj(svc.object.spec) ?? {};
      out.push(...routerFindings(svc), ...parallelismFindings(svc, spec, '/spec'), ...schedulerFindings(svc));
      const prefill = obj(spec.prefill);
      if (prefill) out.push(...parallelismFindings(svc, prefill, '/spec/prefill'));
    }
    return out;
  },
};
