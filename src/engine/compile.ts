import { budget, made, overSteps, withBudget } from "./budget.js";
import { configuredJsonLogic, helpers, literalPath, pathReader, readPath, readVar, type LiteralPath } from "./operations.js";
import type { LogicEvaluator } from "./three-valued.js";

/**
 * JsonLogic compiled once to a tree of closures, with the semantics of json-logic-js 2.0.5 as
 * configured in operations.ts, exactly: the same results, the same `var` reads in the same order
 * (every `var` reads as `readVar` does, so a VarRecorder sees what `apply` would have shown it),
 * and the same throws. Ordinary operators evaluate all their arguments depth-first before
 * operating, as `apply` does; only if/?:/and/or and the array operations are lazy. No `eval`:
 * closures only. An operator not compiled here (unknown, or `log`) is left to `apply` for its
 * subtree, so it fails exactly as it would there.
 *
 * What compiling decides once rather than on every evaluation:
 * - a `var` with a literal path is split once and read by a function made for it (pathReader),
 *   with the own-property test only on segments an object could inherit; a short one (readPath)
 *   is read in place by the comparison or operator that uses it, without a call of its own;
 * - a comparison returns a boolean, which and/or/if then use as it is, without `truthy`; a
 *   comparison of paths and constants inside and/or is evaluated in place (`test`);
 * - an expression that reads no data (no var, missing or missing_some) and does not throw is
 *   evaluated once, when its value is a primitive: `{"*": [60, 60]}` is 3600;
 * - a literal list of primitives (or such an expression giving one) whose identity nobody can
 *   see, because only its elements are read (the list of `in`, a `var` default there, the list
 *   of some/all/filter/…, count, sum, diff, merge), is made once instead of on every evaluation.
 *   Where the list itself can be seen (returned, compared with ==), each evaluation makes a new
 *   one, as `apply` does.
 *
 * Compiled forms are cached by the identity of the logic object: a rule's logic must not be
 * mutated once it has been evaluated.
 */
export type CompiledLogic = (data: unknown) => unknown;

/** Where a value goes: seen as itself (VALUE), or only read element by element (ELEMENTS). */
const VALUE = 0;
const ELEMENTS = 1;
type Context = typeof VALUE | typeof ELEMENTS;

const caches: [WeakMap<object, CompiledLogic>, WeakMap<object, CompiledLogic>] = [new WeakMap(), new WeakMap()];

/** Compiled forms known to give the same value every time, and that value. */
const constants = new WeakMap<CompiledLogic, { value: unknown }>();

function constant(value: unknown): CompiledLogic {
  const compiled: CompiledLogic = () => value;
  constants.set(compiled, { value });
  return compiled;
}

/** The compiled form of `logic`, built on first use and kept as long as the logic object lives. */
export function compileLogic(logic: unknown): CompiledLogic {
  return compileIn(logic, VALUE);
}

function compileIn(logic: unknown, context: Context): CompiledLogic {
  if (typeof logic !== "object" || logic === null) return constant(logic);
  const forContext = caches[context];
  let compiled = forContext.get(logic);
  if (compiled === undefined) {
    compiled = folded(logic, build(logic, context), context);
    if (givesBoolean(logic) || typeof constants.get(compiled)?.value === "boolean") booleans.add(compiled);
    forContext.set(logic, compiled);
  }
  return compiled;
}

/**
 * The first SLOTS logic objects evaluated, in the order they first came, with their compiled forms
 * (they stay referenced from here). The engine evaluates the same rules in the same order record
 * after record, so the logic asked for is most often the one in the slot after the last one used:
 * found with one comparison, where looking it up in a WeakMap would take several times as long.
 */
const SLOTS = 256;
const slotLogic: object[] = [];
const slotCompiled: CompiledLogic[] = [];
const slots = new WeakMap<object, number>();
let lastSlot = 0;

/** The slot of `logic`, when it is not in the one after the last: looked up, or given one if any are left (else -1). */
function slotOf(logic: object): number {
  const slot = slots.get(logic);
  if (slot !== undefined) return slot;
  if (slotLogic.length === SLOTS) return -1;
  const compiled = compileLogic(logic);
  slots.set(logic, slotLogic.length);
  slotCompiled.push(compiled);
  return slotLogic.push(logic) - 1;
}

export const compiledEvaluator: LogicEvaluator = {
  evaluate(logic, scope) {
    let slot = lastSlot + 1;
    if (slot >= slotLogic.length) slot = 0;
    if (slotLogic[slot] !== logic) {
      if (typeof logic !== "object" || logic === null) return logic;
      slot = withBudget(() => slotOf(logic));
      if (slot === -1) return withBudget(() => compileLogic(logic)(scope));
    }
    lastSlot = slot;
    const compiled = slotCompiled[slot] as CompiledLogic;
    return budget.depth === 0 ? withBudget(() => compiled(scope)) : compiled(scope);
  },
};

type JsonLogicApply = (logic: unknown, data: unknown) => unknown;
const reference = (): JsonLogicApply => configuredJsonLogic().apply as JsonLogicApply;

/** json-logic-js `truthy`: an empty array is false, otherwise JavaScript truthiness. */
function truthy(value: unknown): boolean {
  return value ? !Array.isArray(value) || value.length !== 0 : false;
}

/** `parseFloat(value, 10)` as json-logic-js's + and * call it: a number parses to itself, except -0 to 0. */
function toFloat(value: unknown): number {
  if (typeof value === "number") return value === 0 ? 0 : value;
  return parseFloat(value as string);
}

const isPrimitive = (value: unknown): boolean => typeof value !== "object" || value === null;

function fallback(logic: object): CompiledLogic {
  const apply = reference();
  return (data) => apply(logic, data);
}

function hasHoles(list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (!(i in list)) return true;
  return false;
}

/** The operators compiled here (any other is left to `apply`); those that read the data are marked. */
const compiledOperators = new Map<string, boolean>([
  ["var", true], ["missing", true], ["missing_some", true],
  ...["if", "?:", "and", "or", "!", "!!", "==", "===", "!=", "!==", ">", ">=", "<", "<=", "+", "-", "*", "/", "%", "min", "max",
    "map", "filter", "reduce", "all", "none", "some", "merge", "in", "cat", "substr", "year", "count", "sum", "diff", "round"].map((op): [string, boolean] => [op, false]),
]);

const pureness = new WeakMap<object, boolean>();

/** Logic that reads no data and leaves nothing to `apply`: its value is the same on every evaluation. */
function isPure(logic: unknown): boolean {
  if (typeof logic !== "object" || logic === null) return true;
  let pure = pureness.get(logic);
  if (pure !== undefined) return pure;
  if (Array.isArray(logic)) pure = !hasHoles(logic) && logic.every(isPure);
  else {
    const keys = Object.keys(logic);
    if (keys.length !== 1) pure = true;
    else {
      const op = keys[0] as string;
      const raw: unknown = (logic as Record<string, unknown>)[op];
      const values: unknown[] = Array.isArray(raw) ? raw : [raw];
      pure = compiledOperators.get(op) === false && !hasHoles(values) && values.every(isPure);
    }
  }
  pureness.set(logic, pure);
  return pure;
}

/**
 * Pure logic evaluated once, now, when that cannot be told from evaluating it every time: its
 * value a primitive, or a list of primitives only read element by element. Logic that throws is
 * left to throw on every evaluation.
 */
function folded(logic: object, compiled: CompiledLogic, context: Context): CompiledLogic {
  if (constants.has(compiled) || !isPure(logic)) return compiled;
  let value: unknown;
  try {
    value = withBudget(() => compiled(undefined));
  } catch {
    return compiled;
  }
  if (isPrimitive(value)) return constant(value);
  if (context === ELEMENTS && Array.isArray(value) && !hasHoles(value) && value.every(isPrimitive)) return constant(value);
  return compiled;
}

/** Compiled forms that give a boolean every time they do not throw: their value is their own truthiness. */
const booleans = new WeakSet<CompiledLogic>();
const booleanOperators = new Set(["==", "===", "!=", "!==", ">", ">=", "<", "<=", "!", "!!", "in", "all", "none", "some"]);

function givesBoolean(logic: unknown): boolean {
  if (typeof logic !== "object" || logic === null) return typeof logic === "boolean";
  if (Array.isArray(logic)) return false;
  const keys = Object.keys(logic);
  if (keys.length !== 1) return false;
  const op = keys[0] as string;
  // json-logic-js gives a boolean for these whatever their arguments, compiled here or not.
  if (booleanOperators.has(op)) return true;
  if (op !== "and" && op !== "or") return false;
  // and/or give one of their operands (undefined for none): booleans if they all are.
  const raw: unknown = (logic as Record<string, unknown>)[op];
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  return values.length > 0 && !hasHoles(values) && values.every(givesBoolean);
}

// The operators of two operands, by number: one kernel for them all keeps the closures few, and
// V8 inlines it where it is called (comparisons of paths have functions of their own: comparison()).
const EQ = 0, STRICT_EQ = 1, NE = 2, STRICT_NE = 3, GT = 4, GE = 5, LT = 6, LE = 7;
const MOD = 8, DIV = 9, MINUS = 10, PLUS = 11, TIMES = 12, MIN = 13, MAX = 14, IN = 15;
const codes: Record<string, number> = {
  "==": EQ, "===": STRICT_EQ, "!=": NE, "!==": STRICT_NE, ">": GT, ">=": GE, "<": LT, "<=": LE,
  "%": MOD, "/": DIV, "-": MINUS, "+": PLUS, "*": TIMES, min: MIN, max: MAX, in: IN,
};

/** The two-operand operators, as json-logic-js computes them. */
function kernel(code: number, a: unknown, b: unknown): unknown {
  switch (code) {
    case EQ: return a == b;
    case STRICT_EQ: return a === b;
    case NE: return a != b;
    case STRICT_NE: return a !== b;
    case GT: return (a as number) > (b as number);
    case GE: return (a as number) >= (b as number);
    case LT: return (a as number) < (b as number);
    case LE: return (a as number) <= (b as number);
    case MOD: return (a as number) % (b as number);
    case DIV: return (a as number) / (b as number);
    case MINUS: return b === undefined ? -(a as number) : (a as number) - (b as number);
    // json-logic-js: reduce from 0 with parseFloat on both sides, for each operand.
    case PLUS: return toFloat(0 + toFloat(a)) + toFloat(b);
    // json-logic-js: reduce without an initial value, so the first operand is parsed once.
    case TIMES: return toFloat(a) * toFloat(b);
    case MIN: return Math.min(a as number, b as number);
    case MAX: return Math.max(a as number, b as number);
    default:
      if (!b || typeof (b as { indexOf?: unknown }).indexOf === "undefined") return false;
      return (b as { indexOf(item: unknown): number }).indexOf(a) !== -1;
  }
}

/** The compiled `var`s with a LiteralPath, and their paths: the operators they feed read them in place. */
const paths = new WeakMap<CompiledLogic, LiteralPath>();

/**
 * A two-operand operator with exactly two arguments. Both are evaluated, left then right, before
 * the kernel runs; a constant operand is used as is and a `var` with a LiteralPath is read in place.
 */
function twoOperands(code: number, args: CompiledLogic[]): CompiledLogic {
  const [fx, fy] = args as [CompiledLogic, CompiledLogic];
  const cx = constants.get(fx);
  const cy = constants.get(fy);
  const px = paths.get(fx);
  const py = paths.get(fy);
  const compiled = operate(code, fx, fy, cx, cy, px, py);
  if ((code <= LE || code === IN) && (px !== undefined || py !== undefined) && (px !== undefined || cx !== undefined) && (py !== undefined || cy !== undefined)) {
    leaves.set(compiled, { code, x: px, a: cx?.value, y: py, b: cy?.value });
  }
  return compiled;
}

type Known = { value: unknown } | undefined;

function operate(code: number, fx: CompiledLogic, fy: CompiledLogic, cx: Known, cy: Known, px: LiteralPath | undefined, py: LiteralPath | undefined): CompiledLogic {
  if (code === IN && cy !== undefined && (Array.isArray(cy.value) || typeof cy.value === "string" || !cy.value)) {
    // A constant list (or text) to look in: searched as it is. (Other objects go through the kernel,
    // which fails as json-logic-js does when their indexOf is not a function.)
    const haystack = cy.value as { indexOf(item: unknown): number } | null | undefined | "";
    if (!haystack) {
      return (data) => {
        fx(data);
        return false;
      };
    }
    if (px !== undefined) return (data) => haystack.indexOf(readPath(data, px)) !== -1;
    return (data) => haystack.indexOf(fx(data)) !== -1;
  }
  if (code <= LE && px !== undefined && (cy !== undefined || py !== undefined)) return comparison(code, px, py, cy?.value);
  if (px !== undefined) {
    if (cy !== undefined) {
      const b = cy.value;
      return (data) => kernel(code, readPath(data, px), b);
    }
    if (py !== undefined) {
      return (data) => {
        const a = readPath(data, px);
        return kernel(code, a, readPath(data, py));
      };
    }
    return (data) => {
      const a = readPath(data, px);
      return kernel(code, a, fy(data));
    };
  }
  if (py !== undefined) {
    if (cx !== undefined) {
      const a = cx.value;
      return (data) => kernel(code, a, readPath(data, py));
    }
    return (data) => {
      const a = fx(data);
      return kernel(code, a, readPath(data, py));
    };
  }
  if (cy !== undefined) {
    const b = cy.value;
    return (data) => kernel(code, fx(data), b);
  }
  if (cx !== undefined) {
    const a = cx.value;
    return (data) => kernel(code, a, fy(data));
  }
  return (data) => {
    const a = fx(data);
    return kernel(code, a, fy(data));
  };
}

/** A comparison or `in` of two operands, each a LiteralPath (x, y) or else a constant (a, b), one at least a path. */
interface Leaf {
  readonly code: number;
  readonly x: LiteralPath | undefined;
  readonly a: unknown;
  readonly y: LiteralPath | undefined;
  readonly b: unknown;
}

/** The compiled comparisons that are leaves, and their leaves: and/or evaluate them in place, with `test`. */
const leaves = new WeakMap<CompiledLogic, Leaf>();

/** A leaf evaluated: its operands read (left, then right), then compared as json-logic-js does. */
function test(data: unknown, leaf: Leaf): boolean {
  const x = leaf.x;
  const a = x === undefined ? leaf.a : readPath(data, x);
  const y = leaf.y;
  const b = y === undefined ? leaf.b : readPath(data, y);
  switch (leaf.code) {
    case EQ: return a == b;
    case STRICT_EQ: return a === b;
    case NE: return a != b;
    case STRICT_NE: return a !== b;
    case GT: return (a as number) > (b as number);
    case GE: return (a as number) >= (b as number);
    case LT: return (a as number) < (b as number);
    case LE: return (a as number) <= (b as number);
    default:
      // `in`, as the kernel (and json-logic-js) has it, to the letter: `b.indexOf` is in the message of what it throws.
      if (!b || typeof (b as { indexOf?: unknown }).indexOf === "undefined") return false;
      return (b as { indexOf(item: unknown): number }).indexOf(a) !== -1;
  }
}

/**
 * A comparison of a path as a function of its own. One function per operator (rather than the kernel with the
 * operator as an argument) gives each its own type feedback in V8, and no switch to go through.
 */
function comparison(code: number, x: LiteralPath, y: LiteralPath | undefined, b: unknown): CompiledLogic {
  if (y === undefined) {
    switch (code) {
      case EQ: return b === null ? (data) => readPath(data, x) == null : (data) => readPath(data, x) == b;
      case STRICT_EQ: return (data) => readPath(data, x) === b;
      case NE: return b === null ? (data) => readPath(data, x) != null : (data) => readPath(data, x) != b;
      case STRICT_NE: return (data) => readPath(data, x) !== b;
      case GT: return (data) => (readPath(data, x) as number) > (b as number);
      case GE: return (data) => (readPath(data, x) as number) >= (b as number);
      case LT: return (data) => (readPath(data, x) as number) < (b as number);
      default: return (data) => (readPath(data, x) as number) <= (b as number);
    }
  }
  switch (code) {
    case EQ:
      return (data) => {
        const a = readPath(data, x);
        return a == readPath(data, y);
      };
    case STRICT_EQ:
      return (data) => {
        const a = readPath(data, x);
        return a === readPath(data, y);
      };
    case NE:
      return (data) => {
        const a = readPath(data, x);
        return a != readPath(data, y);
      };
    case STRICT_NE:
      return (data) => {
        const a = readPath(data, x);
        return a !== readPath(data, y);
      };
    case GT:
      return (data) => {
        const a = readPath(data, x) as number;
        return a > (readPath(data, y) as number);
      };
    case GE:
      return (data) => {
        const a = readPath(data, x) as number;
        return a >= (readPath(data, y) as number);
      };
    case LT:
      return (data) => {
        const a = readPath(data, x) as number;
        return a < (readPath(data, y) as number);
      };
    default:
      return (data) => {
        const a = readPath(data, x) as number;
        return a <= (readPath(data, y) as number);
      };
  }
}

/**
 * The context an operator's argument is compiled in: ELEMENTS where the operator only reads the
 * elements of the value (or hands it on to something that does), VALUE everywhere else.
 */
function contextOf(op: string, index: number, count: number, context: Context): Context {
  switch (op) {
    case "if":
    case "?:":
      // The branches give the result; the conditions are only tested.
      return index % 2 === 1 || index === count - 1 ? context : VALUE;
    case "and":
    case "or":
      return context;
    case "var":
      return index === 1 ? context : VALUE;
    case "filter":
    case "map":
    case "all":
    case "none":
    case "some":
    case "reduce":
    case "sum":
      return index === 0 ? ELEMENTS : VALUE;
    case "in":
      return index === 1 ? ELEMENTS : VALUE;
    case "diff":
      return index < 2 ? ELEMENTS : VALUE;
    case "count":
    case "merge":
      return ELEMENTS;
    default:
      return VALUE;
  }
}

function build(logic: object, context: Context): CompiledLogic {
  if (Array.isArray(logic)) {
    if (hasHoles(logic)) return fallback(logic);
    return list(logic.map(compileLogic));
  }
  const keys = Object.keys(logic);
  if (keys.length !== 1) return constant(logic);
  const op = keys[0] as string;
  const raw: unknown = (logic as Record<string, unknown>)[op];
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (hasHoles(values)) return fallback(logic);
  if (!compiledOperators.has(op)) return fallback(logic);
  const args = values.map((value, index) => compileIn(value, contextOf(op, index, values.length, context)));
  const code = codes[op] ?? -1;
  switch (op) {
    case "if":
    case "?:":
      return ifThenElse(args);
    case "and":
      return andOr(args, false);
    case "or":
      return andOr(args, true);
    case "filter":
    case "map":
    case "all":
    case "none":
    case "some":
      return overArray(op, args);
    case "reduce":
      return reduce(args, values.length > 2 && values[2] !== undefined);
    case "var":
      return variable(values, args);
    case "==":
    case "===":
    case "!=":
    case "!==":
    case ">":
    case ">=":
    case "%":
    case "/":
    case "-":
      return args.length === 2 ? twoOperands(code, args) : binary(args, (a, b) => kernel(code, a, b));
    case "<":
    case "<=":
      return args.length === 2 ? twoOperands(code, args) : between(args, op === "<");
    case "!!":
      return args.length === 1 ? not(args[0] as CompiledLogic, false) : unary(args, (a) => truthy(a));
    case "!":
      return args.length === 1 ? not(args[0] as CompiledLogic, true) : unary(args, (a) => !truthy(a));
    case "+":
      return args.length === 2 ? twoOperands(PLUS, args) : plus(args);
    case "*":
      return args.length === 2 ? twoOperands(TIMES, args) : times(args);
    case "in":
      return args.length === 2 ? twoOperands(IN, args) : binary(args, (a, b) => kernel(IN, a, b));
    case "min":
    case "max":
      if (args.length === 2) return twoOperands(code, args);
      return op === "min" ? eager(args, (_, vs) => Math.min(...(vs as number[]))) : eager(args, (_, vs) => Math.max(...(vs as number[])));
    case "cat":
      return eager(args, (_, vs) => counted(vs.join("")));
    case "substr":
      if (args.length === 3 && constants.has(args[1] as CompiledLogic) && constants.has(args[2] as CompiledLogic)) {
        const [a0, a1, a2] = args as [CompiledLogic, CompiledLogic, CompiledLogic];
        const start = constants.get(a1)?.value;
        const end = constants.get(a2)?.value;
        return (data) => substr(a0(data), start, end);
      }
      return args.length === 3 ? three(args, substr) : eager(args, (_, vs) => substr(vs[0], vs[1], vs[2]));
    case "merge":
      // [].concat(a).concat(b)…, as json-logic-js reduces it: each value appended to one new array.
      if (args.length === 2) return binary(args, (a, b) => counted(append(append([], a), b)));
      if (args.length === 3) return three(args, (a, b, c) => counted(append(append(append([], a), b), c)));
      return eager(args, (_, vs) => counted(vs.reduce(append, [])));
    case "missing":
      return eager(args, missing);
    case "missing_some":
      return eager(args, missingSome);
    case "sum":
      return sumOf(args);
    case "round":
      return roundOf(args);
    case "year": {
      if (args.length !== 1) return binary(args, (a) => year(a));
      const a0 = args[0] as CompiledLogic;
      return (data) => year(a0(data));
    }
    default: {
      // count, diff: each takes at most two arguments and ignores `this`.
      const helper = helpers[op as "count" | "diff"] as (a?: unknown, b?: unknown) => unknown;
      return args.length === 1 ? unary(args, (a) => helper(a)) : binary(args, (a, b) => helper(a, b));
    }
  }
}

/** An array of logic: each element evaluated, into a new array (as `apply` gives). */
function list(parts: CompiledLogic[]): CompiledLogic {
  const n = parts.length;
  if (n === 0) return () => [];
  if (n === 1) {
    const [p0] = parts as [CompiledLogic];
    return (data) => [p0(data)];
  }
  if (n === 2) {
    const [p0, p1] = parts as [CompiledLogic, CompiledLogic];
    return (data) => {
      const a = p0(data);
      return [a, p1(data)];
    };
  }
  return (data) => {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push((parts[i] as CompiledLogic)(data));
    return out;
  };
}

/** An ordinary operator: every argument evaluated, in order, then `operate` on the values. */
function eager(args: CompiledLogic[], operate: (data: unknown, values: unknown[]) => unknown): CompiledLogic {
  const n = args.length;
  return (data) => {
    const values: unknown[] = [];
    for (let i = 0; i < n; i++) values.push((args[i] as CompiledLogic)(data));
    return operate(data, values);
  };
}

const nothing: CompiledLogic = () => undefined;

function three(args: CompiledLogic[], operate: (a: unknown, b: unknown, c: unknown) => unknown): CompiledLogic {
  const [a0, a1, a2] = args as [CompiledLogic, CompiledLogic, CompiledLogic];
  return (data) => {
    const a = a0(data);
    const b = a1(data);
    return operate(a, b, a2(data));
  };
}

/** Runs the arguments past the ones an operator uses: json-logic-js evaluates them all the same. */
function extra(args: CompiledLogic[], from: number): CompiledLogic | undefined {
  const rest = args.slice(from);
  if (rest.length === 0) return undefined;
  return (data) => {
    for (const arg of rest) arg(data);
    return undefined;
  };
}

/** `!` (negate) or `!!` of one argument; a boolean is its own truthiness. */
function not(a0: CompiledLogic, negate: boolean): CompiledLogic {
  if (booleans.has(a0)) return negate ? (data) => !a0(data) : a0;
  return negate ? (data) => !truthy(a0(data)) : (data) => truthy(a0(data));
}

function unary(args: CompiledLogic[], operate: (a: unknown) => unknown): CompiledLogic {
  const a0 = args[0] ?? nothing;
  const more = extra(args, 1);
  if (more === undefined) return (data) => operate(a0(data));
  return (data) => {
    const a = a0(data);
    more(data);
    return operate(a);
  };
}

function binary(args: CompiledLogic[], operate: (a: unknown, b: unknown) => unknown): CompiledLogic {
  const a0 = args[0] ?? nothing;
  const a1 = args[1] ?? nothing;
  const more = extra(args, 2);
  if (more === undefined) {
    return (data) => {
      const a = a0(data);
      return operate(a, a1(data));
    };
  }
  return (data) => {
    const a = a0(data);
    const b = a1(data);
    more(data);
    return operate(a, b);
  };
}

/** `<` and `<=`, whose third argument, when it is not undefined, makes a between. */
function between(args: CompiledLogic[], strict: boolean): CompiledLogic {
  const less = strict ? (a: unknown, b: unknown) => (a as number) < (b as number) : (a: unknown, b: unknown) => (a as number) <= (b as number);
  if (args.length <= 2) return binary(args, less);
  const [a0, a1, a2] = args as [CompiledLogic, CompiledLogic, CompiledLogic];
  const more = extra(args, 3) ?? nothing;
  return (data) => {
    const a = a0(data);
    const b = a1(data);
    const c = a2(data);
    more(data);
    return c === undefined ? less(a, b) : less(a, b) && less(b, c);
  };
}

function plus(args: CompiledLogic[]): CompiledLogic {
  return eager(args, (_, values) => {
    let total = 0;
    for (const value of values) total = toFloat(total) + toFloat(value);
    return total;
  });
}

function times(args: CompiledLogic[]): CompiledLogic {
  // No arguments: reduce of an empty array throws, as it does in json-logic-js; one: returned as is.
  return eager(args, (_, values) => values.reduce((a, b) => toFloat(a) * toFloat(b)));
}

/** A list or string a merge or cat made, counted against the evaluation's budget. */
function counted<T extends string | unknown[]>(made_: T): T {
  made(made_.length);
  return made_;
}

const spreadable: typeof Symbol.isConcatSpreadable = Symbol.isConcatSpreadable;

/**
 * `out.concat(value)`, into `out` itself: the steps Array.prototype.concat takes for each of its
 * arguments. The value is spread when its @@isConcatSpreadable says so (or, when that is
 * undefined, when it is an array), its holes kept as holes; otherwise it is appended whole. V8's
 * own concat leaves its fast path for most of what merge is given, and is several times slower.
 */
function append(out: unknown[], value: unknown): unknown[] {
  let n = out.length;
  if ((typeof value === "object" && value !== null) || typeof value === "function") {
    const flag = (value as { [spreadable]?: unknown })[spreadable];
    if (flag === undefined ? Array.isArray(value) : flag) {
      const list = value as ArrayLike<unknown>;
      const length = toLength(list.length);
      if (n + length > Number.MAX_SAFE_INTEGER) throw new TypeError("Invalid array length");
      for (let k = 0; k < length; k++, n++) if (k in list) out[n] = list[k];
      if (out.length !== n) out.length = n;
      return out;
    }
  }
  out[n] = value;
  return out;
}

/** ECMAScript ToLength. */
function toLength(value: unknown): number {
  const number = +(value as number);
  return number > 0 ? Math.min(Math.floor(number), Number.MAX_SAFE_INTEGER) : 0;
}

function substr(source: unknown, start: unknown, end: unknown): string {
  if ((end as number) < 0) {
    const temp = String(source).substr(start as number);
    return temp.substr(0, temp.length + (end as number));
  }
  return String(source).substr(start as number, end as number);
}

function variable(values: unknown[], args: CompiledLogic[]): CompiledLogic {
  const [path] = values;
  if (values.length === 0) return (data) => data;
  if (values.length <= 2 && isPrimitive(path)) {
    // A literal path: read by a reader made for it; the default, if logic, evaluated first, as apply does.
    const known = values.length === 1 ? { value: undefined } : constants.get(args[1] as CompiledLogic);
    const literal = known === undefined ? undefined : literalPath(path, known.value);
    if (literal !== undefined) {
      const compiled: CompiledLogic = (data) => readPath(data, literal);
      paths.set(compiled, literal);
      return compiled;
    }
    const read = pathReader(path);
    if (known !== undefined) {
      const fallbackValue = known.value;
      return (data) => read(data, fallbackValue);
    }
    const a1 = args[1] as CompiledLogic;
    return (data) => read(data, a1(data));
  }
  const a0 = args[0] ?? nothing;
  const a1 = args[1] ?? nothing;
  const more = extra(args, 2) ?? nothing;
  return (data) => {
    const pathValue = a0(data);
    const fallbackValue = a1(data);
    more(data);
    return readVar(data, pathValue, fallbackValue);
  };
}

/** json-logic-js `missing`: each key read as `{"var": key}` would read it. */
function missing(data: unknown, values: unknown[]): unknown[] {
  const keys = Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  const absent: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    // A key that is itself an object or array is logic to `apply`: leave it to json-logic-js.
    const value = isPrimitive(key) ? readVar(data, key) : reference()({ var: key }, data);
    if (value === null || value === "") absent.push(key);
  }
  return absent;
}

function missingSome(data: unknown, values: unknown[]): unknown {
  const [needCount, options] = values;
  // json-logic-js applies {"missing": options} again: a list of primitives evaluates to itself.
  const areMissing = (Array.isArray(options) && options.every(isPrimitive) ? missing(data, options) : reference()({ missing: options }, data)) as unknown[];
  if ((options as unknown[]).length - areMissing.length >= (needCount as number)) return [];
  return areMissing;
}

function ifThenElse(args: CompiledLogic[]): CompiledLogic {
  const n = args.length;
  if (n === 0) return () => null;
  if (n === 1) return args[0] as CompiledLogic;
  if (n === 2) {
    const [c, t] = args as [CompiledLogic, CompiledLogic];
    return (data) => (truthy(c(data)) ? t(data) : null);
  }
  if (n === 3) {
    const [c, t, e] = args as [CompiledLogic, CompiledLogic, CompiledLogic];
    const leaf = leaves.get(c);
    if (leaf !== undefined) return (data) => (test(data, leaf) ? t(data) : e(data));
    if (booleans.has(c)) return (data) => (c(data) ? t(data) : e(data));
    return (data) => (truthy(c(data)) ? t(data) : e(data));
  }
  if (n === 5) {
    const [c0, t0, c1, t1, e] = args as [CompiledLogic, CompiledLogic, CompiledLogic, CompiledLogic, CompiledLogic];
    return (data) => (truthy(c0(data)) ? t0(data) : truthy(c1(data)) ? t1(data) : e(data));
  }
  return (data) => {
    let i = 0;
    for (; i < n - 1; i += 2) {
      if (truthy((args[i] as CompiledLogic)(data))) return (args[i + 1] as CompiledLogic)(data);
    }
    return n === i + 1 ? (args[i] as CompiledLogic)(data) : null;
  };
}

/** `and` returns the first falsy operand or the last; `or` the first truthy or the last. */
function andOr(args: CompiledLogic[], stopWhen: boolean): CompiledLogic {
  const n = args.length;
  if (n === 0) return () => undefined;
  if (n === 1) return args[0] as CompiledLogic;
  if (n === 2) {
    const [a0, a1] = args as [CompiledLogic, CompiledLogic];
    // A boolean first operand is its own truthiness: || and && give the operand json-logic-js gives.
    const l0 = leaves.get(a0);
    const l1 = leaves.get(a1);
    if (l0 !== undefined && l1 !== undefined) return stopWhen ? (data) => test(data, l0) || test(data, l1) : (data) => test(data, l0) && test(data, l1);
    if (l0 !== undefined) return stopWhen ? (data) => test(data, l0) || a1(data) : (data) => test(data, l0) && a1(data);
    if (booleans.has(a0)) {
      if (l1 !== undefined) return stopWhen ? (data) => a0(data) || test(data, l1) : (data) => a0(data) && test(data, l1);
      return stopWhen ? (data) => a0(data) || a1(data) : (data) => a0(data) && a1(data);
    }
    return stopWhen
      ? (data) => {
          const a = a0(data);
          return truthy(a) ? a : a1(data);
        }
      : (data) => {
          const a = a0(data);
          return truthy(a) ? a1(data) : a;
        };
  }
  if (args.every((arg) => booleans.has(arg))) {
    // Booleans all: the first one that decides, or the last; leaves evaluated in place.
    const tests = args.map((arg) => leaves.get(arg));
    return (data) => {
      let current = false;
      for (let i = 0; i < n; i++) {
        const leaf = tests[i];
        current = (leaf !== undefined ? test(data, leaf) : (args[i] as CompiledLogic)(data)) as boolean;
        if (current === stopWhen) return current;
      }
      return current;
    };
  }
  return (data) => {
    let current: unknown;
    for (let i = 0; i < n; i++) {
      current = (args[i] as CompiledLogic)(data);
      if (truthy(current) === stopWhen) return current;
    }
    return current;
  };
}

/** filter, map, all, none, some: the list from the first argument, each element the data of the second. */
function overArray(op: "filter" | "map" | "all" | "none" | "some", args: CompiledLogic[]): CompiledLogic {
  const source = args[0] ?? nothing;
  const each = args[1] ?? nothing;
  switch (op) {
    case "filter":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items)) return [];
        return items.filter((datum) => (--budget.steps < 0 ? overSteps() : truthy(each(datum))));
      };
    case "map":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items)) return [];
        return items.map((datum) => (--budget.steps < 0 ? overSteps() : each(datum)));
      };
    case "all":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items) || !items.length) return false;
        for (let i = 0; i < items.length; i++) if (--budget.steps < 0 ? overSteps() : !truthy(each(items[i]))) return false;
        return true;
      };
    case "none":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items) || !items.length) return true;
        for (let i = 0; i < items.length; i++) if (--budget.steps < 0 ? overSteps() : truthy(each(items[i]))) return false;
        return true;
      };
    case "some": {
      const leaf = leaves.get(each);
      if (leaf !== undefined) {
        return (data) => {
          const items = source(data);
          if (!Array.isArray(items) || !items.length) return false;
          for (let i = 0; i < items.length; i++) if (--budget.steps < 0 ? overSteps() : test(items[i], leaf)) return true;
          return false;
        };
      }
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items) || !items.length) return false;
        for (let i = 0; i < items.length; i++) if (--budget.steps < 0 ? overSteps() : truthy(each(items[i]))) return true;
        return false;
      };
    }
  }
}

/** reduce: each step sees {current, accumulator}; the initial value is the third argument, or null. */
function reduce(args: CompiledLogic[], hasInitial: boolean): CompiledLogic {
  const source = args[0] ?? nothing;
  const step = args[1] ?? nothing;
  const start = hasInitial ? (args[2] as CompiledLogic) : () => null;
  return (data) => {
    const items = source(data);
    const initial = start(data);
    if (!Array.isArray(items)) return initial;
    return items.reduce((accumulator: unknown, current: unknown) => (--budget.steps < 0 ? overSteps() : step({ current, accumulator })), initial);
  };
}

/** sum(list, field), with a literal field split once: helpers.sum exactly. */
function sumOf(args: CompiledLogic[]): CompiledLogic {
  const known = args.length === 2 ? constants.get(args[1] as CompiledLogic) : undefined;
  if (known === undefined || typeof known.value !== "string") {
    const sum = helpers.sum as (a?: unknown, b?: unknown) => unknown;
    return args.length === 1 ? unary(args, (a) => sum(a)) : binary(args, (a, b) => sum(a, b));
  }
  const parts = known.value.split(".");
  const a0 = args[0] as CompiledLogic;
  return (data) => {
    const list = a0(data);
    if (!Array.isArray(list)) return 0;
    let total = 0;
    for (const item of list) {
      let value: unknown = item;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as string;
        if (value === null || value === undefined || !hasOwn.call(value, part)) {
          value = undefined;
          break;
        }
        value = (value as Record<string, unknown>)[part];
      }
      total += typeof value === "number" && Number.isFinite(value) ? value : 0;
    }
    return total;
  };
}

const hasOwn = Object.prototype.hasOwnProperty;

/** round(x, digits) with literal digits, the factor worked out once: helpers.round exactly. */
function roundOf(args: CompiledLogic[]): CompiledLogic {
  const round = helpers.round as (a?: unknown, b?: unknown) => unknown;
  const known = args.length === 2 ? constants.get(args[1] as CompiledLogic) : undefined;
  if (known === undefined) return args.length === 1 ? unary(args, (a) => round(a)) : binary(args, (a, b) => round(a, b));
  const digits = typeof known.value === "number" && Number.isFinite(known.value) ? known.value : 0;
  const factor = 10 ** Math.min(Math.max(Math.trunc(digits), 0), 10);
  const a0 = args[0] as CompiledLogic;
  return (data) => {
    const x = a0(data);
    if (typeof x !== "number" || !Number.isFinite(x)) return null;
    return (Math.sign(x) * Math.round(Math.abs(x) * factor)) / factor;
  };
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** helpers.year without the regular expression and the slice: the same value for every input. */
function year(date: unknown): number | null {
  if (typeof date === "number") return Number.isInteger(date) ? date : null;
  if (typeof date !== "string" || date.length < 4) return null;
  const c0 = date.charCodeAt(0);
  const c1 = date.charCodeAt(1);
  const c2 = date.charCodeAt(2);
  const c3 = date.charCodeAt(3);
  if (!isDigit(c0) || !isDigit(c1) || !isDigit(c2) || !isDigit(c3) || (date.length > 4 && date.charCodeAt(4) !== 45)) return null;
  return (c0 - 48) * 1000 + (c1 - 48) * 100 + (c2 - 48) * 10 + (c3 - 48);
}
