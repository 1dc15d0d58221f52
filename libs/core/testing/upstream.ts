// Tests that read upstream files in place (pinned CRDs, seed manifests, recorded kubeconform runs, the
// kubeconform binary) find them in ../shared beside the repository. CI always has it; a fresh clone does
// not, and there such a test is skipped with one line that says what is missing, never failed.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/** The repository root (this file sits at libs/core/testing). */
export const repoRoot = resolve(import.meta.dirname, '../../..');

/** The folder of upstream material beside the repository, present or not. */
export const sharedRoot = resolve(repoRoot, '..', 'shared');

/** One piece of upstream material, as a test needs it. */
export interface Upstream {
  /** Absolute path, whether or not it exists. */
  readonly path: string;
  readonly present: boolean;
  /** The one-line reason a test needing it is skipped: empty when present. */
  readonly missing: string;
}

/** Upstream material under ../shared (`crds`, `upstream/llm-d-xks-gke`, `peers/kubeconform/kubeconform`, ...). */
export function upstream(relative: string, what: string): Upstream {
  const path = join(sharedRoot, relative);
  const present = existsSync(path);
  return {
    path,
    present,
    missing: present ? '' : `skipped: needs ../shared/${relative} (${what}), absent beside this clone`,
  };
}

/** The title a test carries: the reason it is skipped, when it is. */
function titled(title: string, needs: readonly Upstream[]): string {
  const missing = needs.find((u) => !u.present);
  return missing ? `${title} [${missing.missing}]` : title;
}

const absent = (needs: readonly Upstream[]) => needs.some((u) => !u.present);

/** `it`, skipped with its reason when any upstream material it needs is absent. */
export function itWith(
  needs: Upstream | readonly Upstream[],
  title: string,
  fn: () => unknown,
  timeout?: number,
): void {
  const list = Array.isArray(needs) ? needs : [needs as Upstream];
  it.skipIf(absent(list))(titled(title, list), fn, timeout);
}

/** `describe`, skipped with its reason when any upstream material it needs is absent. */
export function describeWith(needs: Upstream | readonly Upstream[], title: string, fn: () => void): void {
  const list = Array.isArray(needs) ? needs : [needs as Upstream];
  describe.skipIf(absent(list))(titled(title, list), fn);
}

/** The upstream sets tests read. */
export const upstreamCrds = () => upstream('crds', 'the upstream CRDs the lock pins');
export const seedManifests = () => upstream('upstream/llm-d-xks-gke', "the seed deployment's manifests");
export const upstreamFiles = () => upstream('upstream', 'the seed manifests and KServe presets');
export const recordedKubeconform = () => upstream('kubeconform', 'recorded kubeconform v0.7.0 runs');
export const kubeconformBinary = () => upstream('peers/kubeconform/kubeconform', 'a kubeconform v0.7.0 binary');
