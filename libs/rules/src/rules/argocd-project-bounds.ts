import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { appSources, CLUSTER_SCOPED, finding, list, obj } from './shared/util.js';

/**
 * Argo CD's glob for project patterns: `*` and `?` (gobwas/glob without separators, so `*` crosses `/`), and a
 * leading `!` that denies. An entry is permitted by some allow pattern and no deny pattern.
 */
function globMatch(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}
function permitted(patterns: string[], value: string): boolean {
  const allow = patterns.filter((p) => !p.startsWith('!'));
  const deny = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return allow.some((p) => globMatch(p, value)) && !deny.some((p) => globMatch(p, value));
}
const groupOf = (r: Resource) => (r.apiVersion.includes('/') ? r.apiVersion.split('/')[0]! : '');
const kindListed = (entries: Array<Record<string, unknown>>, group: string, kind: string) =>
  entries.some((e) => globMatch(String(e.group ?? ''), group) && globMatch(String(e.kind ?? ''), kind));

/** Projects the generator keeps for its own Applications: none of the people's may use them. */
const RESERVED = ['gitops-root', 'gitops-platform', 'gitops-custom'];

export const rule: Rule = {
  id: 'argocd-project-bounds',
  severity: 'error',
  summary:
    'Every Application names a project other than `default` that the tree defines, and stays within its bounds: source repositories, destinations, and the kinds it renders.',
  docs: {
    why:
      'Argo CD checks each Application against its AppProject and refuses to sync what the project does not ' +
      'permit: a repository outside sourceRepos, a destination outside destinations, a cluster-scoped kind not in ' +
      'clusterResourceWhitelist (an empty list permits none), a namespaced kind outside the whitelist or in the ' +
      'blacklist. The `default` project permits every repository, destination and kind, so an Application there ' +
      "is bounded by nothing: one under custom/ could deploy anything anywhere, including Argo CD's own " +
      "configuration. The projects the generator keeps for its own Applications are not for the people's.",
    fix:
      "Name a project of the tree in spec.project (people's Applications: gitops-serving), and keep the sources, " +
      'the destination and the rendered kinds within it; widen a project only in the generator.',
    source:
      '[code] argo-cd v3.5.1 pkg/apis/application/v1alpha1/app_project_types.go (IsSourcePermitted, ' +
      'IsDestinationPermitted, IsGroupKindNamePermitted: cluster-scoped kinds are an allow-list); [doc] ' +
      'docs/user-guide/projects.md, docs/operator-manual/cluster-bootstrapping.md; research serving-safety.md A6.',
  },
  kinds: ['Application', 'AppProject'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const apps = ctx.byKind('Application', 'argoproj.io');
    const projects = new Map(ctx.byKind('AppProject', 'argoproj.io').map((p) => [p.name, p]));
    const applicationsOf = ctx.applicationsOf;
    for (const app of apps) {
      const spec = obj(app.object.spec) ?? {};
      const name = typeof spec.project === 'string' && spec.project !== '' ? spec.project : 'default';
      if (name === 'default') {
        out.push(
          finding(
            app,
            '/spec/project',
            `Application ${app.name} is in project default, which permits every repository, destination and kind`,
            'Name a project of the tree (gitops-serving for the gateway and endpoints).',
          ),
        );
        continue;
      }
      // An Application rendered by the custom Application (clusters/<c>/argocd/custom) is a person's.
      const parents = applicationsOf ? applicationsOf(app) : [];
      if (RESERVED.includes(name) && parents.some((p) => p.endsWith('-custom')))
        out.push(
          finding(
            app,
            '/spec/project',
            `Application ${app.name} (under custom/) names project ${name}, which the generator keeps for its own Applications`,
            'Use project gitops-serving: this repository, the serving namespaces, namespaced kinds.',
          ),
        );
      const project = projects.get(name);
      if (!project) {
        if (projects.size > 0)
          out.push(
            finding(
              app,
              '/spec/project',
              `Application ${app.name} names project ${name}, which the tree does not define: Argo CD refuses to sync it`,
              `Use one of ${[...projects.keys()].sort().join(', ')}.`,
            ),
          );
        continue;
      }
      const bounds = obj(project.object.spec) ?? {};
      const sourceRepos = (Array.isArray(bounds.sourceRepos) ? bounds.sourceRepos : []).map(String);
      for (const { source, path } of appSources(app)) {
        const repo = String(source.repoURL ?? '');
        if (!permitted(sourceRepos, repo))
          out.push(
            finding(
              app,
              `${path}/repoURL`,
              `Application ${app.name} renders ${repo}, which project ${name} does not permit (sourceRepos: ${sourceRepos.join(', ') || 'none'})`,
              'Render a repository the project lists, or another project.',
            ),
          );
      }
      const destinations = list(bounds.destinations);
      const inBounds = (server: string, namespace: string) =>
        destinations.some(
          (d) =>
            (d.server === undefined || permitted([String(d.server)], server)) &&
            permitted([String(d.namespace ?? '')], namespace),
        );
      const dest = obj(spec.destination) ?? {};
      const server = String(dest.server ?? 'https://kubernetes.default.svc');
      const namespace = String(dest.namespace ?? '');
      if (!inBounds(server, namespace))
        out.push(
          finding(
            app,
            '/spec/destination',
            `Application ${app.name} deploys to ${server} namespace ${namespace || '(none)'}, outside the destinations of project ${name}`,
            `Deploy to ${destinations.map((d) => `${String(d.server ?? d.name)} ${String(d.namespace)}`).join(', ')}.`,
          ),
        );
      if (!applicationsOf) continue;
      const clusterAllow = list(bounds.clusterResourceWhitelist);
      const clusterDeny = list(bounds.clusterResourceBlacklist);
      const nsAllow = Array.isArray(bounds.namespaceResourceWhitelist)
        ? list(bounds.namespaceResourceWhitelist)
        : undefined;
      const nsDeny = list(bounds.namespaceResourceBlacklist);
      for (const r of ctx.resources.filter((x) => applicationsOf(x).includes(app.name))) {
        const group = groupOf(r);
        const clusterScoped = !r.namespace && CLUSTER_SCOPED.has(r.kind);
        const allowed = clusterScoped
          ? kindListed(clusterAllow, group, r.kind) && !kindListed(clusterDeny, group, r.kind)
          : (!nsAllow || kindListed(nsAllow, group, r.kind)) && !kindListed(nsDeny, group, r.kind);
        const kind = `${group ? `${group}/` : ''}${r.kind}`;
        if (!allowed) {
          out.push(
            finding(
              r,
              '/kind',
              `${kind} ${r.name} is rendered by Application ${app.name}, but project ${name} does not permit ${clusterScoped ? 'the cluster-scoped kind' : 'the kind'} ${kind}: Argo CD refuses to sync it`,
              clusterScoped
                ? 'Render it from an Application of a project that allows it (gitops-platform), not from this one.'
                : `Render only kinds the project allows.`,
            ),
          );
          continue;
        }
        if (!clusterScoped && r.namespace && !inBounds(server, r.namespace))
          out.push(
            finding(
              r,
              '/metadata/namespace',
              `${kind} ${r.name} goes to namespace ${r.namespace}, outside the destinations of project ${name} (Application ${app.name})`,
              'Keep it in a namespace the project lists.',
            ),
          );
      }
    }
    return out;
  },
};
