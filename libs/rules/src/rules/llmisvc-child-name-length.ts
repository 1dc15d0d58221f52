import type { Rule } from '../types.js';
import { finding } from './shared/util.js';

/** The StatefulSet controller labels each pod `controller-revision-hash: <StatefulSet name>-<10-character hash>`. */
const STATEFULSET_NAME_MAX = 63 - 11;

export const rule: Rule = {
  id: 'llmisvc-child-name-length',
  severity: 'error',
  summary:
    "Names KServe derives from an LLMInferenceService stay within 63 characters, and a multi-host one's StatefulSets within 52.",
  docs: {
    why:
      'KServe derives child names with kmeta.ChildName, which hashes names longer than 63 characters; ' +
      'every reference by name (HealthCheckPolicy, NetworkPolicy, EnvoyFilter, dashboards) then points at ' +
      'nothing. A multi-host endpoint is a LeaderWorkerSet named <name>-kserve-mn, which runs a leader ' +
      'StatefulSet of that name and one worker StatefulSet per replica, <name>-kserve-mn-<index>; the ' +
      'StatefulSet controller labels every pod with controller-revision-hash, <StatefulSet ' +
      'name>-<10-character hash>, and a label value over 63 characters is refused, so a StatefulSet name ' +
      'over 52 characters never gets a pod.',
    fix:
      'Shorten the LLMInferenceService name so that <name>-kserve-router-scheduler has at most 63 ' +
      'characters (name <= 39), and, for a multi-host endpoint, <name>-kserve-mn-<replicas - 1> at most 52.',
    source:
      '[code] knative kmeta.ChildName; kserve pkg/controller/v1alpha1/llmisvc/workload_multi_node.go ' +
      '(LeaderWorkerSet ChildName(name, "-kserve-mn")); LWS: a worker StatefulSet per group, named after ' +
      'its leader pod <lws>-<index>; kubernetes/kubernetes#64023 (controller-revision-hash, StatefulSet ' +
      'names over 52 characters); seed-repo section 3.',
  },
  kinds: ['LLMInferenceService'],
  check(ctx) {
    const out = [];
    for (const k of ctx.kserve) {
      const long = k.childNames.filter((c) => c.name.length > 63);
      if (long.length) {
        out.push(
          finding(
            k.service,
            '/metadata/name',
            `KServe would derive ${long.map((c) => `"${c.name}" (${c.name.length})`).join(', ')}: longer than 63 characters, so it hashes them`,
            `Use a name of at most ${63 - '-kserve-router-scheduler'.length} characters.`,
          ),
        );
        continue;
      }
      const lws = k.childNames.find((c) => c.kind === 'LeaderWorkerSet');
      if (!lws) continue;
      const replicas = typeof k.effective.replicas === 'number' && k.effective.replicas > 0 ? k.effective.replicas : 1;
      const longest = `${lws.name}-${replicas - 1}`;
      if (longest.length > STATEFULSET_NAME_MAX) {
        const max = STATEFULSET_NAME_MAX - '-kserve-mn-'.length - String(replicas - 1).length;
        out.push(
          finding(
            k.service,
            '/metadata/name',
            `the LeaderWorkerSet KServe derives runs StatefulSets up to "${longest}" (${longest.length} characters): over 52, so the StatefulSet controller cannot label their pods (controller-revision-hash = <name>-<10-character hash>, at most 63) and the endpoint never starts`,
            `Use a name of at most ${max} characters for ${replicas} replica${replicas === 1 ? '' : 's'}.`,
          ),
        );
      }
    }
    return out;
  },
};
