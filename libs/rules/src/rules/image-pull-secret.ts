import type { RuleFinding } from '@inference-gitops/core';
import type { PodTemplateView, Rule, RuleContext } from '../types.js';
import { list, pods } from './shared/util.js';

/**
 * Registries that refuse anonymous pulls. Source: Red Hat, "Red Hat Container Registry Authentication"
 * (https://access.redhat.com/RegistryAuthentication): registry.redhat.io (Red Hat products) and
 * registry.connect.redhat.com (third-party products) support no unauthenticated access, unlike
 * registry.access.redhat.com.
 */
export const CREDENTIAL_REGISTRIES: readonly string[] = ['registry.redhat.io', 'registry.connect.redhat.com'];

/** The registry host of an image reference ("docker.io" when the first component is not a host). */
export function imageRegistry(image: string): string {
  const first = image.trim().split('/')[0] ?? '';
  const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return (isHost ? first.replace(/:\d+$/, '') : 'docker.io').toLowerCase();
}

function names(v: unknown): string[] {
  return list(v)
    .map((s) => s.name)
    .filter((n): n is string => typeof n === 'string' && n.length > 0);
}

/** Where a pull secret reaches the pod from, or undefined when none does. */
function pullSecretSource(ctx: RuleContext, view: PodTemplateView): string | undefined {
  if (names(view.spec.imagePullSecrets).length > 0) return 'pod';
  const sa = String(view.spec.serviceAccountName ?? view.spec.serviceAccount ?? 'default');
  const account = ctx.find('ServiceAccount', view.owner.namespace ?? 'default', sa);
  return account && names(account.object.imagePullSecrets).length > 0 ? `ServiceAccount ${sa}` : undefined;
}

export const rule: Rule = {
  id: 'image-pull-secret',
  severity: 'error',
  summary:
    'Pods with an image from a registry that needs credentials (registry.redhat.io, ' +
    'registry.connect.redhat.com) get an image pull secret, on the pod or its ServiceAccount.',
  docs: {
    why:
      'registry.redhat.io and registry.connect.redhat.com refuse anonymous pulls. A GKE kubelet has no Red ' +
      'Hat credentials (only OpenShift puts them in the node-wide pull secret), so a pod whose spec has no ' +
      '`imagePullSecrets` and whose ServiceAccount carries none stays in ErrImagePull/ImagePullBackOff; ' +
      'the seed hit this with the vLLM TPU image (IK-1: the manifest named a pull secret that did not ' +
      'exist). Every pod template is checked, containers and initContainers, including the pods KServe ' +
      'derives from an LLMInferenceService (`spec.template`, `spec.worker`). A ServiceAccount only counts ' +
      'when it is in the validated set.',
    fix:
      'Set `secrets.imagePull` in the cluster spec (the generator then wires `imagePullSecrets` into the ' +
      'endpoint), or add `imagePullSecrets` to the pod spec (for an LLMInferenceService: ' +
      '`spec.template.imagePullSecrets`) or to the ServiceAccount the pod runs as; or use a public mirror ' +
      'of the image (quay.io/...).',
    source:
      'Red Hat Container Registry Authentication (https://access.redhat.com/RegistryAuthentication: ' +
      'registry table, "Supports unauthenticated access: No" for registry.redhat.io and ' +
      'registry.connect.redhat.com); Kubernetes "Pull an Image from a Private Registry" ' +
      '(https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/) and "Add ' +
      'ImagePullSecrets to a service account" ' +
      '(https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#add-imagepullsecrets-to-a-service-account); ' +
      'seed IK-1, INV-W5.',
  },
  kinds: [
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'Job',
    'CronJob',
    'LLMInferenceService',
    'LeaderWorkerSet',
    'Pod',
    'ServiceAccount',
  ],
  check(ctx) {
    const out: RuleFinding[] = [];
    const configured = ctx.spec?.secrets?.imagePull?.name;
    for (const view of pods(ctx)) {
      const images = (['initContainers', 'containers'] as const).flatMap((field) =>
        list(view.spec[field]).map((container, i) => ({ container, path: `${view.specPath}/${field}/${i}` })),
      );
      const needing = images.filter(
        ({ container }) =>
          typeof container.image === 'string' && CREDENTIAL_REGISTRIES.includes(imageRegistry(container.image)),
      );
      if (needing.length === 0 || pullSecretSource(ctx, view)) continue;
      const sa = String(view.spec.serviceAccountName ?? view.spec.serviceAccount ?? 'default');
      const saNote = ctx.find('ServiceAccount', view.owner.namespace ?? 'default', sa)
        ? `ServiceAccount ${sa} has no imagePullSecrets`
        : `ServiceAccount ${sa} is not in the set`;
      for (const { container, path } of needing) {
        const image = String(container.image);
        out.push({
          resource: view.owner,
          path: `${path}/image`,
          message: `image "${image}" of container "${String(container.name ?? '')}" comes from ${imageRegistry(image)}, which needs credentials, but no image pull secret reaches the pod`,
          hint: `${configured ? `The cluster spec sets secrets.imagePull (${configured}) but it does not reach this pod: regenerate, or add` : 'Set secrets.imagePull in the cluster spec (the generator then wires imagePullSecrets), or add'} imagePullSecrets to the pod or its ServiceAccount (${saNote}); or use a public mirror (quay.io/...).`,
        });
      }
    }
    return out;
  },
};
