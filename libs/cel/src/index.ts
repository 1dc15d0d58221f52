// Evaluates a CRD version's CEL validation rules (`x-kubernetes-validations`) against an object with the
// API server's semantics on create (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go):
//
// - schema defaults are applied first (structural defaulting), and non-nullable nulls without a default
//   are dropped;
// - a rule runs once for every non-null instance of its schema node, `self` bound to it (per element for
//   `items`, per value for `additionalProperties`, the same node for `allOf` branches);
// - values are typed by the schema: `integer` -> int, `number` -> double, int-or-string -> int or string,
//   `date-time`/`date` -> timestamp, `duration` -> duration, `byte` -> bytes; property names are escaped
//   (`__namespace__`, `__dash__`, ...) and a resource root only shows apiVersion, kind, metadata.name and
//   metadata.generateName;
// - rules using `oldSelf` are transition rules and do not run on create, unless `optionalOldSelf: true`,
//   in which case `oldSelf` is `optional.none()`;
// - a false rule reports messageExpression / message / "failed rule: <rule>" at the node's path plus the
//   rule's fieldPath, with its reason; a rule that fails to evaluate reports "<error> evaluating rule: ...".
//
// Every rule is compiled once, when the validator is built. A rule that cannot be compiled or uses something
// this engine does not implement is listed in `unsupported` and never reported as a pass or a violation.

import { isCelError, type CelValue } from '@bufbuild/cel';
import { compileExpression, type CompiledExpression } from './compile.js';

export { compileExpression, parsedOf, seedParsed } from './compile.js';
import { isDeepStrictEqual } from 'node:util';
import { OPTIONAL_NONE, optionalOf } from './opaque.js';
import {
  additionalPropertiesOf,
  applyDefaults,
  CelConverter,
  containsNull,
  isCelVisible,
  isEmbedded,
  isRecord,
  itemsOf,
  parseFieldPath,
  pointerSegment,
  propertiesOf,
  pruneNonNullableNulls,
  type Schema,
} from './schema.js';

export type CelReason = 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';

export interface CelViolation {
  /** JSON pointer of the field the rule guards, with the rule's fieldPath appended. */
  path: string;
  message: string;
  reason: CelReason;
  rule: string;
  kind: 'violation' | 'runtime-error';
}

export interface CelValidator {
  /**
   * Evaluates the rules on create, or with `old` on update: transition rules (oldSelf) then run where the
   * old value correlates (object fields, map values, map-list items by their keys), and errors on values
   * that did not change are dropped (validation ratcheting, GA in Kubernetes 1.33).
   */
  validate(object: Record<string, unknown>, old?: Record<string, unknown>): CelViolation[];
  /** Number of rules found in the schema (including unsupported ones and transition rules). */
  readonly rules: number;
  /** Rules that cannot be evaluated here; `path` is the schema location (`*` for items/additionalProperties). */
  readonly unsupported: Array<{ rule: string; path: string; error: string }>;
  /** The text of every rule and messageExpression compiled (whose parse results can be kept: parsedOf). */
  readonly expressions: ReadonlySet<string>;
}

const REASONS = new Set<string>([
  'FieldValueInvalid',
  'FieldValueForbidden',
  'FieldValueRequired',
  'FieldValueDuplicate',
]);

interface CompiledRule {
  readonly rule: string;
  readonly program: CompiledExpression;
  readonly messageExpression: CompiledExpression | undefined;
  readonly message: string;
  readonly reason: CelReason;
  readonly fieldPath: string[];
  readonly optionalOldSelf: boolean;
  /** ruleErrorString(): the trimmed message if there is one, else the trimmed rule. */
  readonly errorString: string;
}

interface ValidatorNode {
  readonly schema: Schema;
  readonly isResourceRoot: boolean;
  readonly rules: CompiledRule[];
  readonly properties: Map<string, ValidatorNode>;
  items: ValidatorNode | undefined;
  additionalProperties: ValidatorNode | undefined;
  readonly allOf: ValidatorNode[];
}

export function compileCelValidator(openAPIV3Schema: Record<string, unknown>): CelValidator {
  const unsupported: Array<{ rule: string; path: string; error: string }> = [];
  const expressions = new Set<string>();
  let ruleCount = 0;

  const compileRules = (validationSchema: Schema, nodeSchema: Schema, path: string): CompiledRule[] => {
    const raw = validationSchema['x-kubernetes-validations'];
    if (!Array.isArray(raw)) return [];
    const out: CompiledRule[] = [];
    for (const entry of raw) {
      ruleCount++;
      const r = isRecord(entry) ? entry : {};
      const rule = typeof r.rule === 'string' ? r.rule : '';
      expressions.add(rule);
      if (typeof r.messageExpression === 'string') expressions.add(r.messageExpression);
      try {
        const program = compileExpression(rule);
        let messageExpression: CompiledExpression | undefined;
        if (typeof r.messageExpression === 'string' && r.messageExpression !== '') {
          try {
            messageExpression = compileExpression(r.messageExpression);
          } catch (e) {
            throw new Error(`messageExpression: ${(e as Error).message}`);
          }
        }
        const reason = r.reason === undefined ? 'FieldValueInvalid' : String(r.reason);
        if (!REASONS.has(reason)) throw new Error(`unsupported reason ${JSON.stringify(reason)}`);
        let fieldPath: string[] = [];
        if (typeof r.fieldPath === 'string' && r.fieldPath !== '') {
          try {
            fieldPath = parseFieldPath(r.fieldPath, nodeSchema);
          } catch (e) {
            throw new Error(`fieldPath ${JSON.stringify(r.fieldPath)}: ${(e as Error).message}`);
          }
        }
        const message = typeof r.message === 'string' ? r.message.trim() : '';
        out.push({
          rule,
          program,
          messageExpression,
          message,
          reason: reason as CelReason,
          fieldPath,
          optionalOldSelf: r.optionalOldSelf === true,
          errorString: message !== '' ? message : rule.trim(),
        });
      } catch (e) {
        unsupported.push({ rule, path, error: (e as Error).message });
      }
    }
    return out;
  };

  // Mirrors validator() in validation.go: rules come from validationSchema (which differs from nodeSchema
  // only inside allOf branches), value types from nodeSchema. Returns undefined for rule-free subtrees.
  const build = (
    validationSchema: Schema,
    nodeSchema: Schema,
    isResourceRoot: boolean,
    path: string,
  ): ValidatorNode | undefined => {
    const node: ValidatorNode = {
      schema: nodeSchema,
      isResourceRoot,
      rules: compileRules(validationSchema, nodeSchema, path),
      properties: new Map(),
      items: undefined,
      additionalProperties: undefined,
      allOf: [],
    };
    const vItems = itemsOf(validationSchema);
    const nItems = itemsOf(nodeSchema);
    if (vItems && nItems && isCelVisible(nItems)) node.items = build(vItems, nItems, isEmbedded(nItems), `${path}/*`);
    const vProps = propertiesOf(validationSchema);
    const nProps = propertiesOf(nodeSchema);
    for (const [k, vProp] of Object.entries(vProps ?? {})) {
      const nProp = nProps?.[k];
      if (!nProp || !isCelVisible(nProp)) continue;
      const child = build(vProp, nProp, isEmbedded(nProp), `${path}/${pointerSegment(k)}`);
      if (child) node.properties.set(k, child);
    }
    const vAp = additionalPropertiesOf(validationSchema);
    const nAp = additionalPropertiesOf(nodeSchema);
    if (vAp && nAp && isCelVisible(nAp)) node.additionalProperties = build(vAp, nAp, isEmbedded(nAp), `${path}/*`);
    if (Array.isArray(validationSchema.allOf)) {
      for (const branch of validationSchema.allOf) {
        if (!isRecord(branch)) continue;
        const child = build(branch, nodeSchema, isResourceRoot, path);
        if (child) node.allOf.push(child);
      }
    }
    const empty =
      node.rules.length === 0 &&
      !node.items &&
      !node.additionalProperties &&
      node.properties.size === 0 &&
      node.allOf.length === 0;
    return empty ? undefined : node;
  };

  const schema = openAPIV3Schema as Schema;
  const root = build(schema, schema, true, '');

  return {
    rules: ruleCount,
    unsupported,
    expressions,
    validate(object, old) {
      if (!root) return [];
      const prepare = (o: Record<string, unknown>) => {
        const copy = structuredClone(o) as Record<string, unknown>;
        applyDefaults(copy, schema);
        if (containsNull(copy)) pruneNonNullableNulls(copy, schema);
        return copy;
      };
      const out: CelViolation[] = [];
      walk(root, prepare(object), '', new CelConverter(), out, old ? { value: prepare(old) } : undefined);
      return out;
    },
  };
}

/** The old value at the same place, when the object is updated and the place correlates. */
type Old = { value: unknown } | undefined;

function walk(
  node: ValidatorNode,
  value: unknown,
  path: string,
  conv: CelConverter,
  out: CelViolation[],
  old?: Old,
): void {
  if (value === null || value === undefined) return;
  if (node.rules.length > 0) {
    const self = conv.convert(value, node.schema, node.isResourceRoot);
    const unchanged = old !== undefined && isDeepStrictEqual(old.value, value);
    const oldSelf =
      old !== undefined && old.value !== null && old.value !== undefined
        ? conv.convert(old.value, node.schema, node.isResourceRoot)
        : undefined;
    for (const rule of node.rules) {
      // Ratcheting: a rule that would fail on a value the update did not change is not enforced again.
      const before = out.length;
      evaluateRule(rule, self, path, out, oldSelf);
      if (unchanged && !rule.program.usesOldSelf) out.splice(before);
    }
  }
  for (const branch of node.allOf) walk(branch, value, path, conv, out, old);
  if (Array.isArray(value)) {
    if (node.items) {
      const keys = listMapKeys(node.schema);
      const oldList = old && Array.isArray(old.value) ? old.value : undefined;
      value.forEach((v, i) => {
        const match =
          keys && oldList
            ? oldList.find((o) => isRecord(o) && isRecord(v) && keys.every((k) => isDeepStrictEqual(o[k], v[k])))
            : undefined;
        walk(node.items!, v, `${path}/${i}`, conv, out, match !== undefined ? { value: match } : undefined);
      });
    }
  } else if (isRecord(value)) {
    const oldMap = old && isRecord(old.value) ? old.value : undefined;
    if (node.additionalProperties) {
      for (const [k, v] of Object.entries(value))
        walk(
          node.additionalProperties,
          v,
          `${path}/${pointerSegment(k)}`,
          conv,
          out,
          oldMap && k in oldMap ? { value: oldMap[k] } : undefined,
        );
    }
    for (const [k, child] of node.properties) {
      if (k in value)
        walk(
          child,
          value[k],
          `${path}/${pointerSegment(k)}`,
          conv,
          out,
          oldMap && k in oldMap ? { value: oldMap[k] } : undefined,
        );
    }
  }
}

/** The keys that correlate items of a `x-kubernetes-list-type: map` list across an update. */
function listMapKeys(schema: Schema): string[] | undefined {
  const keys = (schema as Record<string, unknown>)['x-kubernetes-list-map-keys'];
  return (schema as Record<string, unknown>)['x-kubernetes-list-type'] === 'map' && Array.isArray(keys)
    ? keys.map(String)
    : undefined;
}

function evaluateRule(rule: CompiledRule, self: CelValue, path: string, out: CelViolation[], oldSelf?: CelValue): void {
  const vars: Record<string, CelValue> = { self };
  if (rule.program.usesOldSelf) {
    if (oldSelf !== undefined) vars.oldSelf = rule.optionalOldSelf ? optionalOf(oldSelf) : oldSelf;
    // Transition rule without an old value (create, or nothing correlates): only optionalOldSelf rules run, with oldSelf = none.
    else if (!rule.optionalOldSelf) return;
    else vars.oldSelf = OPTIONAL_NONE;
  }
  const result = rule.program.evaluate(vars);
  if (isCelError(result)) {
    out.push({
      path,
      message: runtimeErrorMessage(result.message, rule),
      reason: 'FieldValueInvalid',
      rule: rule.rule,
      kind: 'runtime-error',
    });
    return;
  }
  if (result === true) return;
  let message: string | undefined;
  if (rule.messageExpression) {
    // Evaluated with the non-optional activation, as the API server does.
    const m = rule.messageExpression.evaluate({ self });
    if (typeof m === 'string') {
      const trimmed = m.trim();
      if (trimmed !== '' && !trimmed.includes('\n') && trimmed.length <= 5120) message = trimmed;
    }
  }
  message ??= rule.message !== '' ? rule.message : `failed rule: ${rule.errorString}`;
  const fieldPath = rule.fieldPath.map((s) => `/${pointerSegment(s)}`).join('');
  out.push({ path: `${path}${fieldPath}`, message, reason: rule.reason, rule: rule.rule, kind: 'violation' });
}

/** cel-go's wording for the runtime errors Kubernetes reports, and validation.go's framing of them. */
function runtimeErrorMessage(raw: string, rule: CompiledRule): string {
  if (/^found no matching overload/.test(raw) || /^no such overload/.test(raw)) {
    return `'no such overload': call arguments did not match a supported operator, function or macro signature for rule: ${rule.errorString}`;
  }
  const err = raw
    .replace(/^field not found: (.*)$/, 'no such key: $1')
    .replace(/^int divide by zero$/, 'division by zero')
    .replace(/^int modulus by zero$/, 'modulus by zero')
    .replace(/^index (-?\d+) out of bounds.*$/, 'index out of bounds: $1')
    .replace(/^int overflow during .*$/, 'integer overflow')
    .replace(/^uint overflow during .*$/, 'unsigned integer overflow');
  return `${err} evaluating rule: ${rule.errorString}`;
}
