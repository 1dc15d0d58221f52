import type { Rule } from '../types.js';
import { containers, finding, obj, pods, valueAt } from './shared/util.js';

/** Images known to run as root (their Dockerfile sets no USER). */
const ROOT_IMAGES: Array<{ re: RegExp; what: string }> = [
  { re: /(^|\/)vllm\/vllm-tpu(:|@|$)/, what: "vLLM's TPU image (built from tpu-inference docker/Dockerfile, no USER)" },
  { re: /(^|\/)vllm\/vllm-openai(:|@|$)/, what: "vLLM's OpenAI server image (no USER)" },
];

/** A securityContext's `runAsNonRoot` and `runAsUser`, when set. */
function identity(sc: unknown): { nonRoot?: boolean; user?: number } {
  const s = obj(sc);
  return {
    ...(typeof s?.runAsNonRoot === 'boolean' ? { nonRoot: s.runAsNonRoot } : {}),
    ...(typeof s?.runAsUser === 'number' ? { user: s.runAsUser } : {}),
  };
}

export const rule: Rule = {
  id: 'runasnonroot-root-image',
  severity: 'error',
  summary: 'A container that must run as non-root either runs an image that does, or sets a non-zero runAsUser.',
  docs: {
    why:
      "KServe's LLMInferenceService presets (v0.18 and later, and odh-v3.4-EA1) set runAsNonRoot: true on " +
      "the main container. vLLM's own TPU image declares no USER, so it runs as root: the kubelet then " +
      'refuses to start the container ("container has runAsNonRoot and image will run as root") and the ' +
      'endpoint never serves. It happens without anyone writing runAsNonRoot: the preset brings it.',
    fix:
      'Set securityContext.runAsUser to a non-zero UID on the container named main (vLLM runs as any user ' +
      'that can write its cache directories), or use an image that runs as non-root (e.g. ' +
      'registry.redhat.io/rhaiis/vllm-tpu-rhel9). Setting runAsNonRoot: false also starts it, as root.',
    source:
      '[code] opendatahub-io/kserve odh-v3.4-EA1 config/llmisvc/config-llm-template.yaml and ' +
      'config-llm-worker-data-parallel.yaml (runAsNonRoot: true); vllm-project/tpu-inference ' +
      'docker/Dockerfile (no USER); KServe docs/samples/llmisvc/opt-125m-cpu (runAsNonRoot: false for the ' +
      'same reason); Kubernetes kubelet: "image will run as root"; domain-facts 4.5, rule 31.',
  },
  kinds: ['Deployment', 'StatefulSet', 'LeaderWorkerSet', 'LLMInferenceService', 'Pod', 'Job'],
  check(ctx) {
    const out = [];
    for (const view of pods(ctx)) {
      const pod = identity(view.spec.securityContext);
      for (const c of containers(view)) {
        const image = String(c.container.image ?? '');
        const root = ROOT_IMAGES.find((r) => r.re.test(image));
        if (!root) continue;
        const own = identity(c.container.securityContext);
        const nonRoot = own.nonRoot ?? pod.nonRoot ?? false;
        const user = own.user ?? pod.user;
        if (!nonRoot || (user !== undefined && user !== 0)) continue;
        // Where runAsNonRoot comes from: the service itself, or (only in the effective object) the preset.
        const written = view.derived ? obj(valueAt(view.owner.object, c.path)) : c.container;
        const fromPreset =
          view.derived &&
          identity(written?.securityContext).nonRoot === undefined &&
          identity(valueAt(view.owner.object, `${view.specPath}/securityContext`)).nonRoot === undefined;
        out.push(
          finding(
            view.owner,
            `${c.path}/image`,
            `container "${c.name}" runs ${image}, ${root.what}, as root, but ${user === 0 ? 'runAsUser is 0 and ' : ''}runAsNonRoot is true${fromPreset ? ` (from the KServe preset ${(view.presets ?? [])[0] ?? ''})` : ''}: the kubelet refuses to start it`,
            `Set securityContext.runAsUser to a non-zero UID on container "${c.name}", or use an image that runs as non-root.`,
          ),
        );
      }
    }
    return out;
  },
};
