// Which KServe a cluster runs, from versions.kserve: an OpenDataHub tag (odh-v3.4-EA1) names the OpenDataHub build
// (opendatahub-io/kserve, overlay config/overlays/odh-xks, LLMInferenceService v1alpha1, namespace opendatahub); a
// release tag (v0.20.0) names community KServe (kserve/kserve, overlay config/overlays/llmisvc plus the presets of
// config/llmisvcconfig, LLMInferenceService v1alpha2, namespace kserve). Source: research platform-versions.md.

export type KServeBuild = 'odh' | 'community';

/** The build a versions.kserve tag names. */
export function kserveBuild(version: string): KServeBuild {
  return /^v\d+\.\d+\.\d+/.test(version) ? 'community' : 'odh';
}

/** What differs between the builds, for the generator and the checks of the spec. */
export const KSERVE_BUILDS: Readonly<
  Record<
    KServeBuild,
    {
      repoURL: string;
      /** Kustomize paths installed (the controller, then the presets where they are apart). */
      paths: readonly string[];
      /** The namespace the install creates and runs in. */
      namespace: string;
      /** The LLMInferenceService version to write (v1alpha1 reaches community KServe only through its webhook). */
      apiVersion: string;
    }
  >
> = {
  odh: {
    repoURL: 'https://github.com/opendatahub-io/kserve.git',
    paths: ['config/overlays/odh-xks'],
    namespace: 'opendatahub',
    apiVersion: 'serving.kserve.io/v1alpha1',
  },
  community: {
    repoURL: 'https://github.com/kserve/kserve.git',
    paths: ['config/overlays/llmisvc', 'config/llmisvcconfig'],
    namespace: 'kserve',
    apiVersion: 'serving.kserve.io/v1alpha2',
  },
};
