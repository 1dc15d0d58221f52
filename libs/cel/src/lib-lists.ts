// Kubernetes list library (apiserver/pkg/cel/library/lists.go) and the cel-go sets extension.

import { celFunc, celMethod, CelScalar, listType, type CelFunc, type CelList, type CelValue } from '@bufbuild/cel';
import { celAdd, celEquals, celLess } from './ops.js';

const { BOOL, INT, DYN } = CelScalar;
const LIST = listType(DYN);

function extreme(list: CelList, name: 'min' | 'max'): CelValue {
  let result: CelValue | undefined;
  for (const v of list) {
    if (result === undefined) result = v;
    else if (name === 'min' ? celLess(v, result) : celLess(result, v)) result = v;
  }
  if (result === undefined) throw new Error(`${name} called on empty list`);
  return result;
}

function contains(list: CelList, v: CelValue): boolean {
  for (const x of list) if (celEquals(x, v)) return true;
  return false;
}

export const listFunctions: CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function () {
    let prev: CelValue | undefined;
    for (const v of this) {
      if (prev !== undefined && celLess(v, prev)) return false;
      prev = v;
    }
    return true;
  }),
  celMethod('sum', LIST, [], DYN, function () {
    let acc: CelValue | undefined;
    for (const v of this) acc = acc === undefined ? v : celAdd(acc, v);
    return acc ?? 0n;
  }),
  celMethod('min', LIST, [], DYN, function () {
    return extreme(this, 'min');
  }),
  celMethod('max', LIST, [], DYN, function () {
    return extreme(this, 'max');
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (x) {
    let i = 0;
    for (const v of this) {
      if (celEquals(v, x)) return BigInt(i);
      i++;
    }
    return -1n;
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (x) {
    const values = [...this];
    for (let i = values.length - 1; i >= 0; i--) if (celEquals(values[i]!, x)) return BigInt(i);
    return -1n;
  }),
  // sets extension (Kubernetes 1.29+)
  celFunc('sets.contains', [LIST, LIST], BOOL, (a, b) => [...b].every((x) => contains(a, x))),
  celFunc(
    'sets.equivalent',
    [LIST, LIST],
    BOOL,
    (a, b) => [...b].every((x) => contains(a, x)) && [...a].every((x) => contains(b, x)),
  ),
  celFunc('sets.intersects', [LIST, LIST], BOOL, (a, b) => [...b].some((x) => contains(a, x))),
];
