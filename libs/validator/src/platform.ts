// The platform a cluster runs: one version of each pinned set, as its spec's `versions:` names them (the lock's
// default platform fills what the spec leaves out), or a named platform of the lock (--platform). The schema
// catalog reads only the files of those versions, so a cluster on Gateway API 1.6 is judged by 1.6's CRDs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kserveBuild, type ClusterSpec } from '@inference-gitops/cluster-spec';
import { parseYamlDocument, type Finding } from '@inference-gitops/core';
import {
  EMBEDDED_KUBERNETES_VERSION,
  lockedVersions,
  readPlatforms,
  sameVersion,
  type PlatformSelection,
} from '@inference-gitops/schema-catalog';

/** Spec `versions:` field -> the lock sets it chooses. */
export const SPEC_VERSION_SETS: Readonly<Record<string, readonly string[]>> = {
  kserve: ['kserve', 'kserve-presets'],
  gatewayApi: ['gateway-api'],
  inferenceExtension: ['inference-extension'],
  inferenceModel: ['inference-model'],
  lws: ['lws'],
  argocd: ['argo-cd'],
  externalSecrets: ['external-secrets'],
  sailOperator: ['sail-operator'],
  istio: ['istio-api'],
  certManager: ['cert-manager'],
  configConnector: ['config-connector'],
};

export interface ClusterPlatform {
  /** The named platform of the lock whose versions these are, when they are one. */
  platform?: string;
  selection: PlatformSelection;
  /** Versions the spec names that the lock does not pin, at the spec's lines. */
  findings: Finding[];
}

/** The platform a cluster's spec names, filled from the lock's default platform. */
export function platformOfSpec(repoRoot: string, cluster: string, spec: ClusterSpec): ClusterPlatform {
  const platforms = readPlatforms(repoRoot);
  const base = platforms[0];
  const selection: Record<string, string> = { ...(base?.sets ?? {}) };
  const locked = lockedVersions(repoRoot);
  const findings: Finding[] = [];
  const versions = spec.versions as unknown as Record<string, unknown>;
  for (const [field, sets] of Object.entries(SPEC_VERSION_SETS)) {
    const version = versions[field];
    if (typeof version !== 'string') continue;
    for (const set of sets) {
      const pinned = locked.get(set);
      if (!pinned) continue;
      const match = pinned.find((v) => sameVersion(v, version));
      if (match) {
        selection[set] = match;
        continue;
      }
      if (set !== sets[0]) continue;
      findings.push(
        specFinding(
          repoRoot,
          cluster,
          `/versions/${field}`,
          `versions.${field} ${version}: schemas/lock.yaml pins no ${set} ${version} (it pins ${pinned.join(', ')}), so the tree cannot be judged against what the cluster will run`,
          `Pin that release's files in schemas/lock.yaml (with set: ${set} and version: ${version}) and run \`gitops schemas update\`, or choose a pinned version.`,
        ),
      );
    }
  }
  const kubernetes = versions.kubernetes;
  if (typeof kubernetes === 'string' && !kubernetes.replace(/^v/, '').startsWith(EMBEDDED_KUBERNETES_VERSION))
    findings.push(
      specFinding(
        repoRoot,
        cluster,
        '/versions/kubernetes',
        `versions.kubernetes ${kubernetes}: the embedded core schemas are Kubernetes ${EMBEDDED_KUBERNETES_VERSION}, so the tree cannot be judged against what the cluster will run`,
        `Judge it with --schema-location and that release's schemas, or name ${EMBEDDED_KUBERNETES_VERSION}.`,
      ),
    );
  // Community KServe writes no InferenceModel: its CRD is not installed (the generator leaves it out).
  if (typeof versions.kserve === 'string' && kserveBuild(versions.kserve) === 'community')
    delete selection['inference-model'];
  // Which named platform this is, judged on the sets the cluster installs (a GKE-native cluster has no Istio).
  const same = platforms.find((p) => selectionChanges(p.sets, selection, unusedSets(spec)).length === 0);
  return { ...(same ? { platform: same.name } : {}), selection, findings };
}

/** Sets a cluster does not install whatever a platform says (a GKE-native cluster has no Istio). */
export function unusedSets(spec: ClusterSpec): string[] {
  return spec.variant === 'istio' ? [] : ['sail-operator', 'istio-api'];
}

/** The sets whose version differs between two selections, sorted: "gateway-api v1.4.0 -> v1.6.1". */
export function selectionChanges(
  before: PlatformSelection,
  after: PlatformSelection,
  ignore: readonly string[] = [],
): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((set) => !ignore.includes(set))
    .sort()
    .filter((set) => !(before[set] !== undefined && after[set] !== undefined && sameVersion(before[set], after[set])))
    .map((set) => `${set} ${before[set] ?? '(none)'} -> ${after[set] ?? '(none)'}`);
}

/** A stable key of a selection (catalogs are shared between targets of the same platform). */
export function selectionKey(selection: PlatformSelection | undefined): string {
  if (!selection) return '';
  return Object.keys(selection)
    .sort()
    .map((k) => `${k}=${selection[k]}`)
    .join(',');
}

function specFinding(repoRoot: string, cluster: string, path: string, message: string, hint: string): Finding {
  const file = join(repoRoot, 'clusters', cluster, 'cluster.yaml');
  let position: { line: number; column: number } | undefined;
  try {
    position = parseYamlDocument(readFileSync(file, 'utf8'), file).locator.locate(path).position;
  } catch {
    // the spec was read a moment ago; without it the finding still names the file
  }
  return {
    rule: 'cluster-spec',
    severity: 'error',
    message,
    hint,
    path,
    file,
    ...(position ? { line: position.line, column: position.column } : {}),
  };
}
