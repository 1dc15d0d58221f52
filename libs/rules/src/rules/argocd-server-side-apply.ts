import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { appSources, finding, obj } from './shared/util.js';

/** Sources known to carry CRDs beyond the 262144-byte client-side annotation limit. */
export const LARGE_CRD_SOURCES = [
  /kubernetes-sigs\/lws/,
  /opendatahub-io\/kserve|kserve\/kserve/,
  /gateway-api-inference-extension/,
  /argo-cd/,
  /sail-operator/,
];
const LIMIT = 262_144;

export const rule: Rule = {
  id: 'argocd-server-side-apply',
  severity: 'error',
  summary: 'An Application that syncs a CRD too large for client-side apply sets ServerSideApply=true.',
  docs: {
    why:
      'Client-side apply stores the whole object in the last-applied-configuration annotation, limited to ' +
      '262144 bytes; the LWS CRD (~1.3 MB) and KServe LLMInferenceService CRDs (~1 MB+) fail to sync (seed ' +
      'NG-7).',
    fix: 'Add ServerSideApply=true to spec.syncPolicy.syncOptions (or Replace=true).',
    source: 'seed NG-7, X-5; [doc] Argo CD sync-options (ServerSideApply); CRD sizes in domain-facts 4.1.',
  },
  kinds: ['Application', 'CustomResourceDefinition'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const app of ctx.byKind('Application', 'argoproj.io')) {
      const options = (obj(obj(app.object.spec)?.syncPolicy)?.syncOptions as unknown[] | undefined) ?? [];
      if (options.map(String).some((o) => o === 'ServerSideApply=true' || o === 'Replace=true')) continue;
      if (appSources(app).some(({ source }) => LARGE_CRD_SOURCES.some((re) => re.test(String(source.repoURL ?? '')))))
        out.push(
          finding(
            app,
            '/spec/syncPolicy',
            `Application ${app.name} syncs CRDs larger than the ${LIMIT}-byte client-side apply annotation without ServerSideApply=true`,
            'Add ServerSideApply=true to spec.syncPolicy.syncOptions.',
          ),
        );
    }
    for (const crd of ctx.byKind('CustomResourceDefinition')) {
      if (JSON.stringify(crd.object).length > LIMIT)
        out.push({
          ...finding(
            crd,
            '/metadata/name',
            `CRD ${crd.name} is larger than ${LIMIT} bytes: its Application must sync it with ServerSideApply=true`,
            'Set ServerSideApply=true on the Application (or annotate the CRD with argocd.argoproj.io/sync-options: ServerSideApply=true).',
          ),
          severity: 'warning',
        });
    }
    return out;
  },
};
