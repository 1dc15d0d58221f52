import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding } from './shared/util.js';

export const rule: Rule = {
  id: 'argocd-shared-resource',
  severity: 'error',
  summary: 'Every object of a cluster is rendered by exactly one Argo CD Application.',
  docs: {
    why:
      'Argo CD tracks an object by the Application that applied it. Two Applications that render the same ' +
      'object overwrite each other on every sync (the tracking label flips, both stay OutOfSync), or fail ' +
      "outright with FailOnSharedResource; and pruning or deleting one Application deletes the other's " +
      'object: two endpoints in one namespace that each render `hf-token` lose their token when one ' +
      'endpoint goes.',
    fix:
      'Give the object one owner: move it to an Application both depend on (the generator puts ' +
      'namespace-wide Secrets in the per-cluster namespaces Application), or render it from one of them ' +
      'only.',
    source:
      '[doc] Argo CD sync options (FailOnSharedResource), resource tracking; issue "two endpoints each emit ExternalSecret hf-token".',
  },
  kinds: ['*'],
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.applicationsOf) return out; // only a cluster validated through its Argo CD tree knows its owners
    const seen = new Map<string, { resource: Resource; apps: string[] }>();
    for (const r of ctx.resources) {
      const apps = ctx.applicationsOf(r);
      if (apps.length === 0) continue;
      const key = `${r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : ''}|${r.kind}|${r.namespace ?? ''}|${r.name}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { resource: r, apps: [...apps] });
        if (apps.length > 1) out.push(shared(r, apps));
        continue;
      }
      const others = apps.filter((a) => !first.apps.includes(a));
      if (others.length === 0) continue;
      out.push(shared(r, [...first.apps, ...others]));
      first.apps.push(...others);
    }
    return out;
  },
};

function shared(r: Resource, apps: string[]): RuleFinding {
  return finding(
    r,
    '/metadata/name',
    `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} is rendered by ${apps.length} Applications (${apps.join(', ')}): they fight over it, and pruning one deletes it for the other`,
    'Render it from one Application only (for namespace-wide Secrets: the namespaces Application).',
  );
}
