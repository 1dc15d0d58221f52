import type { Resource, RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { finding } from './shared/util.js';

const KINDS = ['ContainerCluster', 'ContainerNodePool'];
const GROUP = 'container.cnrm.cloud.google.com';

export const rule: Rule = {
  id: 'config-connector-own-root',
  severity: 'error',
  summary:
    'The Application that applies the GKE cluster and its node pools (Config Connector) is not a child of a root that also syncs workload Applications.',
  docs: {
    why:
      'A root Application syncs its child Applications wave by wave, and a wave starts only when the previous ' +
      'one is Healthy. A Config Connector object stays Progressing (or turns Degraded) while GCP works or ' +
      'refuses (quota, a field it cannot update in place): an infrastructure Application among the workload ' +
      'Applications then holds back every later wave, endpoints included. And when that root runs in the ' +
      'workload cluster itself, the cluster holds the ContainerCluster it runs in: it cannot create itself, and ' +
      'deleting it deletes its own Argo CD mid-sync.',
    fix:
      'Give the infrastructure its own root Application, synced by the Argo CD of the management cluster that ' +
      'runs Config Connector: the generator writes `clusters/<name>/argocd/infrastructure-root.yaml` from ' +
      '`configConnector.managementCluster`, and no infrastructure Application under `argocd/apps/`.',
    source:
      '[doc] Argo CD sync waves (a wave waits for the health of the previous one; Application health in ' +
      'app-of-apps needs the Application health check, docs operator-manual/health.md); Config Connector ' +
      'installation types (a management cluster in namespaced mode); issue #21 item 3.',
  },
  kinds: ['Application', ...KINDS],
  check(ctx) {
    const out: RuleFinding[] = [];
    const applicationsOf = ctx.applicationsOf;
    if (!applicationsOf) return out;
    const infra = KINDS.flatMap((kind) => ctx.byKind(kind, GROUP));
    const apps = ctx.byKind('Application', 'argoproj.io');
    const byName = new Map(apps.map((a) => [a.name, a]));
    const rendersInfrastructure = new Set(infra.flatMap((o) => applicationsOf(o)));
    const reported = new Set<string>();
    for (const name of rendersInfrastructure) {
      const app = byName.get(name);
      if (!app || reported.has(name)) continue;
      for (const parent of applicationsOf(app)) {
        // Siblings the parent syncs in the same waves that hold no infrastructure: the workload.
        const workload = apps.filter(
          (a: Resource) => a !== app && applicationsOf(a).includes(parent) && !rendersInfrastructure.has(a.name),
        );
        if (workload.length === 0) continue;
        reported.add(name);
        out.push(
          finding(
            app,
            '/metadata',
            `Application ${name} applies the GKE cluster and node pools from root ${parent}, which also syncs ${workload.length} workload Application(s) (${workload
              .map((a) => a.name)
              .slice(0, 3)
              .join(
                ', ',
              )}${workload.length > 3 ? ', ...' : ''}): a Config Connector object that is still working or refused holds back every later wave`,
            'Move it to a root of its own synced by the management cluster that runs Config Connector (configConnector.managementCluster; the generator writes clusters/<name>/argocd/infrastructure-root.yaml).',
          ),
        );
        break;
      }
    }
    return out;
  },
};
