import type { Resource } from '@inference-gitops/core';
import type { KServeDerived, PodTemplateView } from '../types.js';

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Every pod template in the set, the KServe-made ones included, with the labels the pods will carry. */
export function podTemplates(resources: readonly Resource[], kserve: readonly KServeDerived[]): PodTemplateView[] {
  const out: PodTemplateView[] = [];
  for (const r of resources) {
    const spec = obj(r.object.spec);
    const replicas = typeof spec?.replicas === 'number' ? spec.replicas : 1;
    const add = (
      path: string,
      template: Record<string, unknown> | undefined,
      controller: PodTemplateView['controller'],
      podsPerReplica = 1,
    ) => {
      const podSpec = obj(template?.spec);
      if (!podSpec) return;
      const labels = (obj(obj(template?.metadata)?.labels) ?? {}) as Record<string, string>;
      out.push({ owner: r, specPath: `${path}/spec`, spec: podSpec, labels, podsPerReplica, replicas, controller });
    };
    switch (r.kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'ReplicaSet':
      case 'Job':
        add(
          '/spec/template',
          obj(spec?.template),
          r.kind === 'ReplicaSet' ? 'Deployment' : (r.kind as PodTemplateView['controller']),
        );
        break;
      case 'CronJob':
        add('/spec/jobTemplate/spec/template', obj(obj(obj(spec?.jobTemplate)?.spec)?.template), 'Job');
        break;
      case 'Pod':
        if (spec)
          out.push({
            owner: r,
            specPath: '/spec',
            spec,
            labels: (obj(obj(r.object.metadata)?.labels) ?? {}) as Record<string, string>,
            podsPerReplica: 1,
            replicas: 1,
            controller: 'Pod',
          });
        break;
      case 'LeaderWorkerSet': {
        const lwt = obj(spec?.leaderWorkerTemplate);
        const size = typeof lwt?.size === 'number' ? lwt.size : 1;
        add('/spec/leaderWorkerTemplate/leaderTemplate', obj(lwt?.leaderTemplate), 'LeaderWorkerSet', size);
        add('/spec/leaderWorkerTemplate/workerTemplate', obj(lwt?.workerTemplate), 'LeaderWorkerSet', size);
        break;
      }
    }
  }
  for (const k of kserve) {
    out.push(...k.workloadPods);
    if (k.scheduler) {
      const template = obj(obj(k.effective.router)?.scheduler)?.template;
      out.push({
        owner: k.service,
        specPath: '/spec/router/scheduler',
        spec: obj(template) ?? {
          containers: [{ name: 'main', ports: k.scheduler.ports.map((p) => ({ containerPort: p })) }],
        },
        labels: k.scheduler.labels,
        podsPerReplica: 1,
        replicas: 1,
        controller: 'LLMInferenceService/scheduler',
        derived: true,
      });
    }
  }
  return out;
}

/** Containers of a pod spec with their JSON pointer. */
export function containersOf(view: PodTemplateView): Array<{ container: Record<string, unknown>; path: string }> {
  const list = Array.isArray(view.spec.containers)
    ? (view.spec.containers as unknown[]).filter(
        (x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x),
      )
    : [];
  return list.map((container, i) => ({ container, path: `${view.specPath}/containers/${i}` }));
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
