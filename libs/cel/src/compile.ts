// Compiling one CEL expression: parse, check it against what this environment can actually run (cel-es
// has no type checker, so an unknown function or variable would otherwise only surface at evaluation), and
// plan it. Results are cached by expression text for the life of the process; parse results can also be
// kept between processes (seedParsed / parsedOf): parsing is most of the cost of a CRD's rules (80 ms for
// the 230 rules of HTTPRoute, LLMInferenceService and InferencePool; decoding them takes 20 ms).

import { parse, plan, type CelResult, type CelValue } from '@bufbuild/cel';
import { ParsedExprSchema, type ParsedExpr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { env, signatures } from './env.js';
import { compileJsRegex, compileRe2 } from './lib-regex.js';
import { parseDurationValue, parseTimestampValue } from './scalars.js';

type Expr = ReturnType<typeof parse>['expr'];

export interface CompiledExpression {
  readonly evaluate: (vars: Record<string, CelValue>) => CelResult;
  readonly usesOldSelf: boolean;
}

/** Operators the planner implements itself rather than through the function table. */
const PLANNER_OPERATORS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false', '__not_strictly_false__']);
/** Type names usable as values, e.g. `type(self.x) == string`. */
/** Macros cel-es does not expand in their two-variable form (Kubernetes 1.32+ ext.TwoVarComprehensions). */
const TWO_VARIABLE_MACROS = new Set([
  'all',
  'exists',
  'existsOne',
  'exists_one',
  'transformList',
  'transformMap',
  'transformMapEntry',
]);
const OPTIONAL_MACROS = new Set(['optMap', 'optFlatMap']);
const TYPE_IDENTS = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type']);

const cache = new Map<string, CompiledExpression | Error>();
/** Parse results of an earlier run (binary ParsedExpr), by expression text; decoded when first compiled. */
const seeded = new Map<string, Uint8Array>();
/** Parse results of this process, by expression text (what parsedOf() gives back). */
const parsedBySource = new Map<string, ParsedExpr>();

/** Parse results an earlier run kept (see parsedOf), used instead of parsing those expressions again. */
export function seedParsed(entries: Iterable<[string, Uint8Array]>): void {
  for (const [source, bytes] of entries) if (!cache.has(source)) seeded.set(source, bytes);
}

/** The parse results of those `sources` this process compiled, to keep for the next run. */
export function parsedOf(sources: Iterable<string>): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  for (const source of sources) {
    const parsed = parsedBySource.get(source);
    if (parsed) out.push([source, toBinary(ParsedExprSchema, parsed)]);
  }
  return out;
}

function parseOrSeeded(source: string): ReturnType<typeof parse> {
  const bytes = seeded.get(source);
  if (bytes) {
    seeded.delete(source);
    try {
      const parsed = fromBinary(ParsedExprSchema, bytes);
      if (parsed.expr) return parsed as ReturnType<typeof parse>;
    } catch {
      // a damaged entry: parse the text
    }
  }
  return parse(source);
}

/** Compiles a rule or messageExpression; throws an Error saying why it cannot be run here. */
export function compileExpression(source: string): CompiledExpression {
  let hit = cache.get(source);
  if (hit === undefined) {
    try {
      hit = compileUncached(source);
    } catch (e) {
      hit = e instanceof Error ? e : new Error(String(e));
    }
    cache.set(source, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

function compileUncached(source: string): CompiledExpression {
  if (source.trim() === '') throw new Error('empty expression');
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parseOrSeeded(source);
  } catch (e) {
    throw new Error(`syntax not supported by the CEL engine: ${firstLine(e)}`);
  }
  parsedBySource.set(source, parsed);
  const state = { usesOldSelf: false };
  checkExpr(parsed.expr, new Set(), state);
  let evaluate: CompiledExpression['evaluate'];
  try {
    evaluate = plan(env, parsed) as CompiledExpression['evaluate'];
  } catch (e) {
    throw new Error(`cannot plan expression: ${firstLine(e)}`);
  }
  return { evaluate, usesOldSelf: state.usesOldSelf };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

function qualifiedName(e: Expr): string | undefined {
  switch (e.exprKind.case) {
    case 'identExpr':
      return e.exprKind.value.name;
    case 'selectExpr': {
      const sel = e.exprKind.value;
      if (sel.testOnly || !sel.operand) return undefined;
      const parent = qualifiedName(sel.operand);
      return parent === undefined ? undefined : `${parent}.${sel.field}`;
    }
    default:
      return undefined;
  }
}

function constString(e: Expr | undefined): string | undefined {
  if (e?.exprKind.case !== 'constExpr') return undefined;
  const c = e.exprKind.value.constantKind;
  return c.case === 'stringValue' ? c.value : undefined;
}

function checkExpr(e: Expr, scope: Set<string>, state: { usesOldSelf: boolean }): void {
  const k = e.exprKind;
  switch (k.case) {
    case 'constExpr':
      return;
    case 'identExpr': {
      const name = k.value.name;
      if (scope.has(name) || name === 'self' || TYPE_IDENTS.has(name)) return;
      if (name === 'oldSelf') {
        state.usesOldSelf = true;
        return;
      }
      throw new Error(`undeclared reference to '${name}'`);
    }
    case 'selectExpr':
      if (k.value.operand) checkExpr(k.value.operand, scope, state);
      return;
    case 'callExpr': {
      const call = k.value;
      const fn = call.function;
      const argc = call.args.length;
      if (call.target) {
        const q = qualifiedName(call.target);
        if (q !== undefined && signatures.has(`${q}.${fn}`)) {
          if (!signatures.get(`${q}.${fn}`)!.has(`f${argc}`))
            throw new Error(`found no matching overload for '${q}.${fn}' with ${argc} argument(s)`);
          for (const a of call.args) checkExpr(a, scope, state);
          return;
        }
      }
      if (fn === '_[?_]' || fn === '_?._') throw new Error('optional field selection is not supported');
      if (TWO_VARIABLE_MACROS.has(fn) && call.target && argc >= 3)
        throw new Error('two-variable comprehensions are not supported');
      if (OPTIONAL_MACROS.has(fn) && call.target && argc === 2)
        throw new Error(`the optional macro ${fn}() is not supported`);
      // Check operands first, so that the innermost missing function is the one reported.
      if (call.target) checkExpr(call.target, scope, state);
      for (const a of call.args) checkExpr(a, scope, state);
      if (!PLANNER_OPERATORS.has(fn)) {
        const shapes = signatures.get(fn);
        const shape = `${call.target ? 'm' : 'f'}${argc}`;
        if (!shapes) throw new Error(`undeclared reference to '${fn}' (function or macro not available)`);
        if (!shapes.has(shape))
          throw new Error(
            `found no matching overload for '${fn}' as a ${call.target ? 'method' : 'function'} with ${argc} argument(s)`,
          );
      }
      checkLiterals(fn, call.target, call.args);
      return;
    }
    case 'listExpr':
      if (k.value.optionalIndices.length > 0) throw new Error('optional list elements are not supported');
      for (const el of k.value.elements) checkExpr(el, scope, state);
      return;
    case 'structExpr':
      if (k.value.messageName !== '') throw new Error(`message construction (${k.value.messageName}) is not supported`);
      for (const entry of k.value.entries) {
        if (entry.optionalEntry) throw new Error('optional map entries are not supported');
        if (entry.keyKind.case === 'mapKey') checkExpr(entry.keyKind.value, scope, state);
        if (entry.value) checkExpr(entry.value, scope, state);
      }
      return;
    case 'comprehensionExpr': {
      const c = k.value;
      if (c.iterVar2 !== '') throw new Error('two-variable comprehensions are not supported');
      if (c.iterRange) checkExpr(c.iterRange, scope, state);
      if (c.accuInit) checkExpr(c.accuInit, scope, state);
      const inner = new Set(scope).add(c.iterVar).add(c.accuVar);
      if (c.loopCondition) checkExpr(c.loopCondition, inner, state);
      if (c.loopStep) checkExpr(c.loopStep, inner, state);
      if (c.result) checkExpr(c.result, new Set(scope).add(c.accuVar), state);
      return;
    }
    default:
      throw new Error('unsupported expression');
  }
}

/** Kubernetes validates regex, duration and timestamp literals at compile time (base.go ASTValidators). */
function checkLiterals(fn: string, target: Expr | undefined, args: Expr[]): void {
  const pattern = target ? constString(args[0]) : constString(args[1]);
  try {
    if (fn === 'matches' && pattern !== undefined) compileRe2(pattern);
    if ((fn === 'find' || fn === 'findAll') && target && pattern !== undefined) compileJsRegex(pattern);
  } catch (e) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${firstLine(e)}`);
  }
  const literal = !target && args.length === 1 ? constString(args[0]) : undefined;
  if (literal === undefined) return;
  if (fn === 'duration' && parseDurationValue(literal) === undefined)
    throw new Error(`invalid duration literal ${JSON.stringify(literal)}`);
  if (fn === 'timestamp' && parseTimestampValue(literal, false) === undefined)
    throw new Error(`invalid timestamp literal ${JSON.stringify(literal)}`);
}
