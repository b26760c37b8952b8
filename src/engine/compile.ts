import { configuredJsonLogic, helpers, pathReader, readVar, type PathRead } from "./operations.js";
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
 *   with the own-property test only on segments an object could inherit;
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
const cache = caches[VALUE];

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
    forContext.set(logic, compiled);
  }
  return compiled;
}

export const compiledEvaluator: LogicEvaluator = {
  evaluate(logic, scope) {
    if (typeof logic !== "object" || logic === null) return logic;
    const compiled = cache.get(logic);
    return compiled === undefined ? compileLogic(logic)(scope) : compiled(scope);
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
    value = compiled(undefined);
  } catch {
    return compiled;
  }
  if (isPrimitive(value)) return constant(value);
  if (context === ELEMENTS && Array.isArray(value) && !hasHoles(value) && value.every(isPrimitive)) return constant(value);
  return compiled;
}

/** `{"var": path}` or `{"var": [path, default]}` with a literal path and default: read without evaluating anything. */
interface SimpleVar {
  read: PathRead;
  fallback: unknown;
}

function simpleVarOf(logic: unknown): SimpleVar | undefined {
  if (typeof logic !== "object" || logic === null || Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  if (keys.length !== 1 || keys[0] !== "var") return undefined;
  const raw: unknown = (logic as Record<string, unknown>).var;
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0 || values.length > 2 || hasHoles(values) || !values.every(isPrimitive)) return undefined;
  return { read: pathReader(values[0]), fallback: values[1] };
}

// The operators of two operands, by number: one kernel each for comparison and arithmetic keeps the
// closures few and their calls monomorphic, which is what lets V8 inline them.
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

/**
 * A two-operand operator with exactly two arguments. Both are evaluated, left then right, before
 * the kernel runs; a constant operand is used as is and a plain `var` is read in place.
 */
function twoOperands(code: number, values: unknown[], args: CompiledLogic[]): CompiledLogic {
  const [x, y] = values;
  const [fx, fy] = args as [CompiledLogic, CompiledLogic];
  const cx = constants.get(fx);
  const cy = constants.get(fy);
  const vx = simpleVarOf(x);
  const vy = simpleVarOf(y);
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
    if (vx !== undefined) {
      const { read, fallback: otherwise } = vx;
      return (data) => haystack.indexOf(read(data, otherwise)) !== -1;
    }
    return (data) => haystack.indexOf(fx(data)) !== -1;
  }
  if (vx !== undefined && cy !== undefined) {
    const { read, fallback: otherwise } = vx;
    const b = cy.value;
    return (data) => kernel(code, read(data, otherwise), b);
  }
  if (cx !== undefined && vy !== undefined) {
    const { read, fallback: otherwise } = vy;
    const a = cx.value;
    return (data) => kernel(code, a, read(data, otherwise));
  }
  if (vx !== undefined && vy !== undefined) {
    const { read: rx, fallback: dx } = vx;
    const { read: ry, fallback: dy } = vy;
    return (data) => {
      const a = rx(data, dx);
      return kernel(code, a, ry(data, dy));
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
  if (vx !== undefined) {
    const { read, fallback: otherwise } = vx;
    return (data) => {
      const a = read(data, otherwise);
      return kernel(code, a, fy(data));
    };
  }
  if (vy !== undefined) {
    const { read, fallback: otherwise } = vy;
    return (data) => {
      const a = fx(data);
      return kernel(code, a, read(data, otherwise));
    };
  }
  return (data) => {
    const a = fx(data);
    return kernel(code, a, fy(data));
  };
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
      return args.length === 2 ? twoOperands(code, values, args) : binary(args, (a, b) => kernel(code, a, b));
    case "<":
    case "<=":
      return args.length === 2 ? twoOperands(code, values, args) : between(args, op === "<");
    case "!!":
      return unary(args, (a) => truthy(a));
    case "!":
      return unary(args, (a) => !truthy(a));
    case "+":
      return args.length === 2 ? twoOperands(PLUS, values, args) : plus(args);
    case "*":
      return args.length === 2 ? twoOperands(TIMES, values, args) : times(args);
    case "in":
      return args.length === 2 ? twoOperands(IN, values, args) : binary(args, (a, b) => kernel(IN, a, b));
    case "min":
    case "max":
      if (args.length === 2) return twoOperands(code, values, args);
      return op === "min" ? eager(args, (_, vs) => Math.min(...(vs as number[]))) : eager(args, (_, vs) => Math.max(...(vs as number[])));
    case "cat":
      return eager(args, (_, vs) => vs.join(""));
    case "substr":
      return args.length === 3 ? three(args, substr) : eager(args, (_, vs) => substr(vs[0], vs[1], vs[2]));
    case "merge":
      // [].concat(a, b, …) is [].concat(a).concat(b)…, as json-logic-js reduces it, in one step.
      if (args.length === 2) return binary(args, (a, b) => ([] as unknown[]).concat(a, b));
      if (args.length === 3) return three(args, (a, b, c) => ([] as unknown[]).concat(a, b, c));
      return eager(args, (_, vs) => ([] as unknown[]).concat(...vs));
    case "missing":
      return eager(args, missing);
    case "missing_some":
      return eager(args, missingSome);
    case "sum":
      return sumOf(args);
    case "round":
      return roundOf(args);
    case "year":
      return args.length === 1 ? unary(args, year) : binary(args, (a) => year(a));
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
    const read = pathReader(path);
    const known = values.length === 1 ? { value: undefined } : constants.get(args[1] as CompiledLogic);
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
    return (data) => (truthy(c(data)) ? t(data) : e(data));
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
        return items.filter((datum) => truthy(each(datum)));
      };
    case "map":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items)) return [];
        return items.map((datum) => each(datum));
      };
    case "all":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items) || !items.length) return false;
        for (let i = 0; i < items.length; i++) if (!truthy(each(items[i]))) return false;
        return true;
      };
    case "none":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items) || !items.length) return true;
        for (let i = 0; i < items.length; i++) if (truthy(each(items[i]))) return false;
        return true;
      };
    case "some":
      return (data) => {
        const items = source(data);
        if (!Array.isArray(items) || !items.length) return false;
        for (let i = 0; i < items.length; i++) if (truthy(each(items[i]))) return true;
        return false;
      };
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
    return items.reduce((accumulator: unknown, current: unknown) => step({ current, accumulator }), initial);
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
