// CEL's own operators, for library functions that need to add, compare or test equality of arbitrary CEL
// values (ints, uints, doubles, strings, bytes, durations, timestamps) exactly as the language does.

import { celEnv, isCelError, parse, plan, type CelValue } from '@bufbuild/cel';

const env = celEnv();
const addPlan = plan(env, parse('a + b'));
const lessPlan = plan(env, parse('a < b'));
const equalsPlan = plan(env, parse('a == b'));

function unwrap(v: CelValue | Error): CelValue {
  if (isCelError(v)) throw v;
  return v as CelValue;
}

export const celAdd = (a: CelValue, b: CelValue): CelValue => unwrap(addPlan({ a, b }));
export const celLess = (a: CelValue, b: CelValue): boolean => unwrap(lessPlan({ a, b })) === true;
export const celEquals = (a: CelValue, b: CelValue): boolean => unwrap(equalsPlan({ a, b })) === true;
