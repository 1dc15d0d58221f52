/**
 * Label selectors (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go, ValidateLabelSelector
 * and ValidateLabelSelectorRequirement) and their matching (metav1.LabelSelectorAsSelector, labels.Selector.Matches).
 */
import { LABEL_VALUE_RULE, QUALIFIED_NAME_RULE, labelValueProblem, qualifiedNameProblem } from './formats.js';
import { checkLabels } from './metadata.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Validate a metav1.LabelSelector at `base`. */
export function checkLabelSelector(selector: unknown, base: string, report: Report): void {
  const sel = asObj(selector);
  if (!sel) return;
  checkLabels(sel.matchLabels, ptr(base, 'matchLabels'), report, 'label selector');
  asArr(sel.matchExpressions).forEach((expr, i) => {
    const e = asObj(expr);
    if (!e) return;
    const at = ptr(base, 'matchExpressions', i);
    const operator = asStr(e.operator);
    const values = asArr(e.values);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0)
        report.add(
          ptr(at, 'values'),
          `${fieldOf(ptr(at, 'values'))} is empty, but operator ${operator} needs at least one value; list the values, or use Exists/DoesNotExist to test only for the key.`,
          `${SRC.metaV1} (ValidateLabelSelectorRequirement)`,
        );
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0)
        report.add(
          ptr(at, 'values'),
          `${fieldOf(ptr(at, 'values'))} is set, but operator ${operator} takes no values; remove the values, or use In/NotIn to compare them.`,
          `${SRC.metaV1} (ValidateLabelSelectorRequirement)`,
        );
    } else if (operator !== undefined) {
      report.add(
        ptr(at, 'operator'),
        `${fieldOf(ptr(at, 'operator'))} ${quote(operator)} is not a selector operator; use In, NotIn, Exists or DoesNotExist.`,
        `${SRC.metaV1} (ValidateLabelSelectorRequirement)`,
      );
    }
    const key = asStr(e.key);
    if (key !== undefined) {
      const why = qualifiedNameProblem(key);
      if (why)
        report.add(
          ptr(at, 'key'),
          `${fieldOf(ptr(at, 'key'))} ${quote(key)} is not a valid label key: label keys must be qualified names (${QUALIFIED_NAME_RULE}), but ${why}; fix the key.`,
          `${SRC.metaV1} (ValidateLabelName)`,
        );
    }
    values.forEach((v, j) => {
      if (typeof v !== 'string') return;
      const why = labelValueProblem(v);
      if (why)
        report.add(
          ptr(at, 'values', j),
          `${fieldOf(ptr(at, 'values', j))} ${quote(v)} is not a valid label value: ${LABEL_VALUE_RULE}, but ${why}; no Pod can carry such a label, so fix the value.`,
          `${SRC.metaV1} (ValidateLabelSelectorRequirement)`,
        );
    });
  });
}

/** A selector with neither matchLabels nor matchExpressions. */
export function selectorIsEmpty(selector: Obj): boolean {
  return Object.keys(asObj(selector.matchLabels) ?? {}).length + asArr(selector.matchExpressions).length === 0;
}

/** Whether the selector converts (LabelSelectorAsSelector succeeds): known operators, values as the operator wants. */
export function selectorIsWellFormed(selector: Obj): boolean {
  return asArr(selector.matchExpressions).every((expr) => {
    const e = asObj(expr);
    const op = asStr(e?.operator);
    if (!e || !op || !OPERATORS.has(op)) return false;
    const n = asArr(e.values).length;
    return op === 'In' || op === 'NotIn' ? n > 0 : n === 0;
  });
}

/** labels.Selector.Matches for a well-formed selector. */
export function selectorMatches(selector: Obj, labels: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(asObj(selector.matchLabels) ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const expr of asArr(selector.matchExpressions)) {
    const e = asObj(expr) ?? {};
    const key = asStr(e.key) ?? '';
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    const values = asArr(e.values);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A selector written back as the API server prints it: `app=vllm,tier in (a,b)`. */
export function describeSelector(selector: Obj): string {
  const parts = Object.entries(asObj(selector.matchLabels) ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  for (const expr of asArr(selector.matchExpressions)) {
    const e = asObj(expr) ?? {};
    const key = String(e.key ?? '');
    const values = asArr(e.values).map(String).join(',');
    if (e.operator === 'In') parts.push(`${key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${key}`);
  }
  return parts.join(',');
}
