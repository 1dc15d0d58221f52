// What a release of Argo CD checks the health of by itself: the Lua scripts of its resource_customizations
// (compiled from the pinned files into builtin-health.json by `npm run argocd-health`, checked against the
// sha256 below, with a regenerate test), and the kinds its Go code and wildcard scripts cover, each with its
// source. A kind with none of them counts as Healthy as soon as it exists (gitops-engine sync_context.go).
// Sources: argo-cd v3.5.1 resource_customizations/, gitops-engine pkg/health/health.go; research
// serving-safety.md A1.
import { createHash } from 'node:crypto';

/** The Argo CD release whose checks builtin-health.json holds. */
export const ARGOCD_RELEASE = 'v3.5.1';
const REPO = `https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD_RELEASE}/resource_customizations`;

/**
 * The built-in Lua checks of the pinned release for kinds this kind of tree syncs (mirror layout:
 * ../shared/crds/argo-cd@v3.5.1/resource_customizations/). No release up to v3.5.1 has one for
 * LLMInferenceService, InferencePool or LeaderWorkerSet.
 */
export const BUILTIN_HEALTH_SOURCES = [
  {
    group: 'serving.kserve.io',
    kind: 'InferenceService',
    path: 'serving.kserve.io/InferenceService/health.lua',
    sha256: '76d6e2bed3c2c478e76e90f3adaf9636b5cf4c9c0cd2ad424f5060d2ca7fd383',
  },
].map((s) => ({ ...s, url: `${REPO}/${s.path}` }));

/** Checks of the release that are not a pinned Lua file: Go code, and wildcard scripts. */
export const BUILTIN_HEALTH_FACTS: Array<{ group: string; kind: string; how: string; since: string; source: string }> =
  [
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((kind) => ({
      group: 'apps',
      kind,
      how: 'go',
      since: 'v1.0.0',
      source: 'gitops-engine pkg/health/health.go',
    })),
    ...['Job', 'Pod', 'PersistentVolumeClaim', 'Service'].map((kind) => ({
      group: kind === 'Job' ? 'batch' : '',
      kind,
      how: 'go',
      since: 'v1.0.0',
      source: 'gitops-engine pkg/health/health.go',
    })),
    {
      group: 'container.cnrm.cloud.google.com',
      kind: '*',
      how: 'wildcard _.cnrm.cloud.google.com/_ (UpToDate and Ready=True: Healthy; UpdateFailed, DependencyNotFound: Degraded; otherwise Progressing)',
      since: 'v3.3.0',
      source: 'argo-cd resource_customizations/_.cnrm.cloud.google.com/_/health.lua (research serving-safety.md A1)',
    },
    {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      how: 'lua (Accepted or ResolvedRefs False: Degraded; Programmed not True: Progressing)',
      since: 'v3.1.0',
      source: 'argo-cd resource_customizations/gateway.networking.k8s.io (research serving-safety.md A1)',
    },
    {
      group: 'gateway.networking.k8s.io',
      kind: 'HTTPRoute',
      how: 'lua (Accepted or ResolvedRefs False: Degraded)',
      since: 'v3.1.0',
      source: 'argo-cd resource_customizations/gateway.networking.k8s.io (research serving-safety.md A1)',
    },
    {
      group: 'external-secrets.io',
      kind: 'ExternalSecret',
      how: 'lua (Ready=False: Degraded; Ready=True: Healthy)',
      since: 'v2.3.0',
      source: 'argo-cd resource_customizations/external-secrets.io/ExternalSecret',
    },
  ];

export interface BuiltinHealthFile {
  generatedBy: string;
  release: string;
  sources: Array<{ url: string; sha256: string }>;
  /** `<group>/<kind>` -> the release's Lua health script. */
  lua: Record<string, string>;
}

/** Reads the pinned scripts (refusing one whose sha256 differs) into the committed data. */
export function compileBuiltinHealth(
  read: (source: (typeof BUILTIN_HEALTH_SOURCES)[number]) => Uint8Array,
): BuiltinHealthFile {
  const lua: Record<string, string> = {};
  for (const source of BUILTIN_HEALTH_SOURCES) {
    const bytes = read(source);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== source.sha256)
      throw new Error(`${source.path}: sha256 ${actual} does not match the pinned ${source.sha256}; refusing it`);
    lua[`${source.group}/${source.kind}`] = Buffer.from(bytes).toString('utf8');
  }
  return {
    generatedBy: 'npm run argocd-health',
    release: ARGOCD_RELEASE,
    sources: BUILTIN_HEALTH_SOURCES.map(({ url, sha256 }) => ({ url, sha256 })),
    lua,
  };
}

/** The version as numbers, for "since" comparisons (`v3.3.0` -> [3, 3, 0]). */
export function versionParts(v: string): number[] {
  return v
    .replace(/^v/, '')
    .split('.')
    .map((n) => Number.parseInt(n, 10) || 0);
}

export function atLeast(version: string, since: string): boolean {
  const a = versionParts(version);
  const b = versionParts(since);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}
