// The OpenAPI document kustomize reads (`openapi:` in a Component) so that strategic-merge patches on
// LLMInferenceService and LLMInferenceServiceConfig merge pod lists by key, as they do on a Deployment.
// Without it kustomize knows no merge keys for custom resources and replaces whole lists: a patch that
// names only `{name: main, resources: ...}` wipes the container's image, args, env and probes.
// Merge keys follow the Kubernetes core/v1 types (patchMergeKey tags); kustomize reads the
// x-kubernetes-patch-* extensions (kubectl.docs.kubernetes.io, kustomization `openapi` field).

const MERGE = (key: string, items: string) => ({
  type: 'array',
  items: { $ref: `#/definitions/${items}` },
  'x-kubernetes-patch-merge-key': key,
  'x-kubernetes-patch-strategy': 'merge',
});
const OBJECT = { type: 'object' };

/** Kinds whose pod specs get merge keys, with the JSON paths (under `spec`) of every PodSpec they hold. */
const KINDS = ['LLMInferenceService', 'LLMInferenceServiceConfig'] as const;

function workload(): Record<string, unknown> {
  return {
    type: 'object',
    properties: { template: { $ref: '#/definitions/podSpec' }, worker: { $ref: '#/definitions/podSpec' } },
  };
}

export function mergeKeySchema(): Record<string, unknown> {
  const spec = {
    type: 'object',
    properties: {
      template: { $ref: '#/definitions/podSpec' },
      worker: { $ref: '#/definitions/podSpec' },
      prefill: workload(),
      router: {
        type: 'object',
        properties: { scheduler: { type: 'object', properties: { template: { $ref: '#/definitions/podSpec' } } } },
      },
    },
  };
  const definitions: Record<string, unknown> = {
    podSpec: {
      type: 'object',
      properties: {
        containers: MERGE('name', 'container'),
        initContainers: MERGE('name', 'container'),
        ephemeralContainers: MERGE('name', 'container'),
        volumes: { ...MERGE('name', 'object'), 'x-kubernetes-patch-strategy': 'merge,retainKeys' },
        imagePullSecrets: MERGE('name', 'object'),
        hostAliases: MERGE('ip', 'object'),
      },
    },
    container: {
      type: 'object',
      properties: {
        env: MERGE('name', 'object'),
        ports: MERGE('containerPort', 'object'),
        volumeMounts: MERGE('mountPath', 'object'),
        volumeDevices: MERGE('devicePath', 'object'),
      },
    },
    object: OBJECT,
  };
  // v1alpha1 (the OpenDataHub build) and v1alpha2 (community KServe): the same spec shape.
  for (const version of ['v1alpha1', 'v1alpha2'])
    for (const kind of KINDS) {
      definitions[`io.kserve.serving.${version}.${kind}`] = {
        type: 'object',
        properties: { spec },
        'x-kubernetes-group-version-kind': [{ group: 'serving.kserve.io', kind, version }],
      };
    }
  return { definitions };
}
