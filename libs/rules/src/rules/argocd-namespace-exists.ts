import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { CLUSTER_SCOPED, finding, obj } from './shared/util.js';

/** Namespaces every cluster has, and Argo CD's own. */
const ALWAYS = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export const rule: Rule = {
  id: 'argocd-namespace-exists',
  severity: 'error',
  summary:
    "Every namespaced object goes to a namespace that the tree creates: a Namespace object, or its Application's destination with CreateNamespace=true.",
  docs: {
    why:
      'The API server refuses an object in a namespace that does not exist ("namespaces \\"x\\" not ' +
      'found"). CreateNamespace=true creates only the Application\'s destination namespace, not the ' +
      'namespaces of the other objects it renders, so a Certificate or Secret sent to another namespace ' +
      'fails the sync.',
    fix:
      'Add a Namespace object to the tree (the generator puts endpoint namespaces in the per-cluster ' +
      'namespaces Application), or render the object from an Application whose destination is that ' +
      'namespace with CreateNamespace=true.',
    source:
      '[doc] Argo CD sync options (CreateNamespace: "the namespace specified in spec.destination.namespace"); Kubernetes namespaces.',
  },
  kinds: ['*'],
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.applicationsOf) return out; // only a cluster validated through its Argo CD tree knows the destinations
    const apps = new Map(ctx.byKind('Application', 'argoproj.io').map((a) => [a.name, a]));
    const created = new Set([...ALWAYS, ...ctx.byKind('Namespace', '').map((n) => n.name)]);
    for (const app of apps.values()) {
      const spec = obj(app.object.spec);
      const options = (obj(spec?.syncPolicy)?.syncOptions as unknown[] | undefined) ?? [];
      const dest = obj(spec?.destination)?.namespace;
      if (typeof dest === 'string' && options.includes('CreateNamespace=true')) created.add(dest);
      if (app.namespace) created.add(app.namespace); // Argo CD runs there
    }
    for (const r of ctx.resources) {
      if (!r.namespace || CLUSTER_SCOPED.has(r.kind)) continue;
      const owners = ctx.applicationsOf(r);
      if (owners.length === 0 || created.has(r.namespace)) continue;
      const owner = apps.get(owners[0]!);
      const dest = obj(obj(owner?.object.spec)?.destination)?.namespace;
      out.push(
        finding(
          r,
          '/metadata/namespace',
          `${r.kind} ${r.name} goes to namespace ${r.namespace}, which nothing in the tree creates (Application ${owners[0]} creates ${typeof dest === 'string' ? `only its destination ${dest}` : 'no namespace'})`,
          `Add a Namespace ${r.namespace} to the tree, or render the object from an Application whose destination is ${r.namespace} with CreateNamespace=true.`,
        ),
      );
    }
    return out;
  },
};
