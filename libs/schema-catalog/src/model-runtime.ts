// kubernetes-models' compiled validators, and the core validators the build bundles, take two things from
// @kubernetes-models/validate: its formats and runValidateFunc (which gives a failure its messages). This
// resolves the package the way kubernetes-models does. (A stand-in that loaded the package's parts lazily
// gained nothing measurable: 80 alternating runs of a one-ConfigMap validate each way, within the noise.)
import { createRequire } from 'node:module';

const localRequire = createRequire(import.meta.url);

export interface ModelRuntime {
  formats: Record<string, unknown>;
  runValidateFunc(fn: ((data: unknown) => boolean) & { errors?: unknown }, data: unknown): void;
}

let runtime: ModelRuntime | null | undefined;

/** The package kubernetes-models validates with; undefined when it is not installed. */
export function modelRuntime(): ModelRuntime | undefined {
  if (runtime === undefined) {
    try {
      const entry = createRequire(localRequire.resolve('kubernetes-models/package.json')).resolve(
        '@kubernetes-models/validate',
      );
      runtime = localRequire(entry) as ModelRuntime;
    } catch {
      runtime = null; // not installed: the models fail to load and the catalog says so
    }
  }
  return runtime ?? undefined;
}
