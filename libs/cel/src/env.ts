// The CEL environment: cel-es's standard library and strings extension, plus the Kubernetes libraries
// (apiserver/pkg/cel/environment/base.go) that are implemented here. `signatures` lists every callable
// name with its call shapes so the compiler can refuse, up front, a rule that calls something missing.

import { celEnv, type CelFunc } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { formatFunctions, optionalFunctions } from './lib-format.js';
import { listFunctions } from './lib-lists.js';
import { netFunctions } from './lib-net.js';
import { quantityFunctions } from './lib-quantity.js';
import { cachedRe2, regexFunctions } from './lib-regex.js';
import { urlFunctions } from './lib-url.js';

const kubernetesFunctions: CelFunc[] = [
  ...strings,
  ...listFunctions,
  ...regexFunctions,
  ...urlFunctions,
  ...quantityFunctions,
  ...netFunctions,
  ...formatFunctions,
  ...optionalFunctions,
];

export const env = celEnv({ funcs: kubernetesFunctions, re2: cachedRe2 });

/** name -> call shapes, `m<n>` for a method with n arguments, `f<n>` for a global function. */
export const signatures = new Map<string, Set<string>>();
for (const f of env.funcs) {
  let shapes = signatures.get(f.name);
  if (!shapes) signatures.set(f.name, (shapes = new Set()));
  shapes.add(`${f.target ? 'm' : 'f'}${f.arguments.length}`);
}
