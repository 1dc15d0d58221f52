// kubernetes-models' compiled validators use @kubernetes-models/validate for two things: five formats
// (int32, int64, double, date-time, and byte or quantity) and runValidateFunc. Loading that package loads
// ajv-i18n and the draft-2019 formats (uri-js, an SMTP address parser, punycode...) that they never use:
// about 15 ms of every run that checks a core kind. Before the first model loads, the package's entry in
// Node's module cache gets a stand-in with the same exports, which loads the package's own parts only
// when they are needed: its byte and quantity formats when a value is checked against them, its
// runValidateFunc (with the English messages ajv-i18n adds) when a validation fails.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const localRequire = createRequire(import.meta.url);
/** The formats the stand-in serves from ajv-formats, exactly as the package spreads them in. */
const FROM_AJV_FORMATS = ['int32', 'int64', 'float', 'double', 'date-time', 'date', 'time'];

export interface ModelRuntime {
  formats: Record<string, unknown>;
  runValidateFunc(fn: ((data: unknown) => boolean) & { errors?: unknown }, data: unknown): void;
}

let installed = false;
let runtime: { entry: string; exports: ModelRuntime } | null | undefined;

/**
 * The stand-in's exports: what the compiled validators get for `require('@kubernetes-models/validate')`
 * (also the bundled core validators, core-kinds.ts). Undefined when the package is not installed.
 */
export function modelRuntime(): ModelRuntime | undefined {
  if (runtime === undefined) {
    try {
      const entry = createRequire(localRequire.resolve('kubernetes-models/package.json')).resolve('@kubernetes-models/validate');
      runtime = { entry, exports: standIn(entry) };
    } catch {
      runtime = null; // not installed: the models fail to load and the catalog says so
    }
  }
  return runtime?.exports;
}

export function installLazyModelRuntime(): void {
  if (installed) return;
  installed = true;
  if (!modelRuntime()) return;
  const { entry, exports } = runtime!;
  if (localRequire.cache[entry]) return;
  const dist = dirname(entry);
  const Module = localRequire('node:module') as { new (id: string): { filename: string; loaded: boolean; exports: unknown; paths: string[] }; _nodeModulePaths(dir: string): string[] };
  const stand = new Module(entry);
  stand.filename = entry;
  stand.paths = Module._nodeModulePaths(dist);
  stand.exports = exports;
  stand.loaded = true;
  localRequire.cache[entry] = stand as never;
}

function standIn(entry: string): ModelRuntime {
  const packageRequire = createRequire(entry);
  const dist = dirname(entry);
  let ownFormats: Record<string, { type?: string; validate?: unknown }> | undefined;
  let own: { runValidateFunc: (fn: unknown, data: unknown) => void } | undefined;
  const ajvFormats = () => (packageRequire('ajv-formats/dist/formats.js') as { fullFormats: Record<string, unknown> }).fullFormats;
  const ownFormat = (name: string) => (ownFormats ??= (packageRequire(join(dist, 'formats.js')) as { formats: Record<string, { type?: string; validate?: unknown }> }).formats)[name];
  // The compiled validators read a format once, when their module loads (`formats0 = formats.byte`), and
  // call `formats0.validate` for each value: the package's own formats are loaded at that first call.
  const lazy = new Map<string, object>();
  const lazyFormat = (name: string) => {
    let format = lazy.get(name);
    if (!format) {
      format = {
        get type() {
          return ownFormat(name)?.type;
        },
        get validate() {
          return ownFormat(name)?.validate;
        },
      };
      lazy.set(name, format);
    }
    return format;
  };
  const formats = new Proxy({} as Record<string, unknown>, { get: (_target, name) => (typeof name !== 'string' ? undefined : FROM_AJV_FORMATS.includes(name) ? ajvFormats()[name] : lazyFormat(name)) });
  const exports = {
    formats,
    runValidateFunc(fn: ((data: unknown) => boolean) & { errors?: unknown }, data: unknown): void {
      if (fn(data) || !fn.errors) return;
      own ??= packageRequire(join(dist, 'validate.js')) as typeof own;
      own!.runValidateFunc(fn, data);
    },
  };
  return exports;
}
