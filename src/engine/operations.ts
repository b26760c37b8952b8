import { budget, made, overSteps, withBudget } from "./budget.js";
import { ownValueAt } from "../own-properties.js";
import jsonLogic from "json-logic-js";

/**
 * json-logic-js, configured once for szcheck: `log` removed (it writes to stdout and would
 * corrupt a JSON report), `var` reading own properties only (so `__proto__` and
 * `constructor.name` read as missing, not as Object internals) and telling a recorder what it
 * read, and the helper operations below registered. Both engines evaluate against this.
 */

/** Told of every `var` a rule reads while it is being evaluated. */
export interface VarRecorder {
  read(scope: unknown, path: string, value: unknown, found: boolean, hasDefault: boolean): void;
}

let recorder: VarRecorder | undefined;

/** Runs `evaluate` with `next` told of every variable read; restores the previous recorder. */
export function withRecorder<T>(next: VarRecorder, evaluate: () => T): T {
  const previous = recorder;
  recorder = next;
  try {
    return evaluate();
  } finally {
    recorder = previous;
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The parts of each path read so far. Splitting a path on every read would cost more than the
 * read itself; rules read the same few hundred paths over and over.
 */
const pathParts = new Map<string, readonly string[]>();
const MAX_CACHED_PATHS = 10_000;

/** `key.split(".")`, kept for the next time (for the first 10,000 paths). */
export function partsOf(key: string): readonly string[] {
  let parts = pathParts.get(key);
  if (parts === undefined) {
    parts = key.split(".");
    if (pathParts.size < MAX_CACHED_PATHS) pathParts.set(key, parts);
  }
  return parts;
}

/**
 * json-logic-js `var`, except that only own properties are read. `parts`, when given, must be
 * `String(path).split(".")`: compiled logic splits its paths once, not on every read.
 */
export function readVar(scope: unknown, path: unknown, fallback?: unknown, parts?: readonly string[]): unknown {
  if (path === undefined || path === "" || path === null) return scope;
  const key = typeof path === "string" ? path : String(path);
  const steps = parts ?? partsOf(key);
  let data: unknown = scope;
  for (let i = 0; i < steps.length; i++) {
    const part = steps[i] as string;
    if (data === null || data === undefined || !hasOwn.call(data, part)) return notFound(scope, key, fallback);
    data = (data as Record<string, unknown>)[part];
    if (data === undefined) return notFound(scope, key, fallback);
  }
  if (recorder !== undefined) recorder.read(scope, key, data, true, fallback !== undefined);
  return data;
}

function notFound(scope: unknown, key: string, fallback: unknown): unknown {
  if (recorder !== undefined) recorder.read(scope, key, undefined, false, fallback !== undefined);
  return fallback === undefined ? null : fallback;
}

/**
 * The names a value may inherit rather than own: every property name along the prototype chains
 * of the ECMAScript built-ins (Object, Function, Array, String, Number, Boolean, Symbol, BigInt,
 * Date, RegExp, the errors, Map, Set, WeakMap, WeakSet, Promise, ArrayBuffer, DataView, the
 * typed arrays and the iterators), and `__proto__`. Taken once, when this module loads.
 */
const inheritableNames: ReadonlySet<string> = (() => {
  const names = new Set<string>(["__proto__"]);
  const typedArray = Object.getPrototypeOf(Int8Array.prototype) as object;
  const iterators = [[][Symbol.iterator](), new Map()[Symbol.iterator](), new Set()[Symbol.iterator](), ""[Symbol.iterator](), "".matchAll(/x/g)];
  const bases: unknown[] = [
    Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype, Symbol.prototype, BigInt.prototype,
    Date.prototype, RegExp.prototype, Error.prototype, TypeError.prototype, RangeError.prototype, SyntaxError.prototype, ReferenceError.prototype, EvalError.prototype, URIError.prototype, AggregateError.prototype,
    Map.prototype, Set.prototype, WeakMap.prototype, WeakSet.prototype, Promise.prototype, ArrayBuffer.prototype, SharedArrayBuffer.prototype, DataView.prototype, typedArray,
    ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array].map((type) => type.prototype),
    ...iterators.map((iterator) => Object.getPrototypeOf(iterator) as object),
    Object.getPrototypeOf(function* () {}) as object, Object.getPrototypeOf(async function () {}) as object,
  ];
  for (const base of bases) {
    for (let proto = base as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
      for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
    }
  }
  return names;
})();

/**
 * True when `name` may be inherited. Any other name is never inherited by a value whose
 * prototype chain is made of built-in prototypes only: `data[name]` is then its own property,
 * or undefined, and the own-property test `var` makes can be left out.
 */
export function isInheritableName(name: string): boolean {
  return inheritableNames.has(name);
}

/**
 * The same text as the engine's own copy of the name, the one property lookups compare by
 * identity: a segment cut out of a path by split() is a new string, and a keyed read with it
 * would look the name up in V8's string table on every read.
 */
function internalized(name: string): string {
  return Object.keys({ [name]: true })[0] ?? name;
}

/** What a path reader gives when it has found `value`, told to the recorder. */
function found(scope: unknown, key: string, value: unknown, fallback: unknown): unknown {
  if (recorder !== undefined) recorder.read(scope, key, value, true, fallback !== undefined);
  return value;
}

/** What a path reader gives when there is nothing at its path: the fallback, or null. */
function miss(scope: unknown, key: string, fallback: unknown): unknown {
  if (recorder !== undefined) recorder.read(scope, key, undefined, false, fallback !== undefined);
  return fallback === undefined ? null : fallback;
}

/** A `var` with a literal path, compiled: `(scope, fallback) => readVar(scope, path, fallback)`. */
export type PathRead = (scope: unknown, fallback: unknown) => unknown;

/**
 * `readVar(scope, path, fallback)` for a path known in advance, as a function of the scope and
 * the fallback: the path split once, and each segment's own-property test kept only where the
 * segment may be inherited (isInheritableName). The same value and the same report to the
 * recorder as readVar, for every scope whose objects are plain (prototype Object.prototype),
 * null-prototype, arrays or instances of built-in classes, with primitives anywhere: all that
 * JSON, YAML, zod, structuredClone and spreads make, and so every scope the engine builds. An
 * object whose prototype chain holds a prototype of the caller's own (a class instance,
 * Object.create(proto)) would show its inherited properties here, where readVar would not.
 */
export function pathReader(path: unknown): PathRead {
  if (path === undefined || path === "" || path === null) return (scope) => scope;
  const key = typeof path === "string" ? path : String(path);
  const parts = key.split(".").map(internalized);
  const inheritable = parts.map(isInheritableName);
  const n = parts.length;
  if (inheritable.some(Boolean)) {
    return (scope, fallback) => {
      let data: unknown = scope;
      for (let i = 0; i < n; i++) {
        const part = parts[i] as string;
        if (data === null || data === undefined || !hasOwn.call(data, part)) return miss(scope, key, fallback);
        data = (data as Record<string, unknown>)[part];
        if (data === undefined) return miss(scope, key, fallback);
      }
      return found(scope, key, data, fallback);
    };
  }
  if (n <= 3) {
    const [p0, p1 = "", p2 = ""] = parts as [string, string?, string?];
    const lane = laneOf(key);
    return (scope, fallback) => {
      const value = dig(scope as Nested, lane, p0, p1, p2, n);
      return value === undefined ? miss(scope, key, fallback) : found(scope, key, value, fallback);
    };
  }
  return (scope, fallback) => {
    let data: unknown = scope;
    for (let i = 0; i < n; i++) {
      if (data === null || data === undefined) return miss(scope, key, fallback);
      data = (data as Record<string, unknown>)[parts[i] as string];
      if (data === undefined) return miss(scope, key, fallback);
    }
    return found(scope, key, data, fallback);
  };
}

/**
 * A `var` whose path is literal, of one to three segments none of which can be inherited, and
 * whose fallback is a constant: what compiled logic reads in place, with readPath, rather than
 * through a function of its own.
 */
export interface LiteralPath {
  readonly key: string;
  readonly fallback: unknown;
  readonly lane: number;
  readonly depth: number;
  readonly p0: string;
  readonly p1: string;
  readonly p2: string;
}

export function literalPath(path: unknown, fallback: unknown): LiteralPath | undefined {
  if (path === undefined || path === "" || path === null) return undefined;
  const key = typeof path === "string" ? path : String(path);
  const parts = key.split(".").map(internalized);
  if (parts.length > 3 || parts.some(isInheritableName)) return undefined;
  const [p0, p1 = "", p2 = ""] = parts as [string, string?, string?];
  return { key, fallback, lane: laneOf(key), depth: parts.length, p0, p1, p2 };
}

/** `readVar(scope, path, fallback)` for a LiteralPath (pathReader's value and report); small enough to be inlined. */
export function readPath(scope: unknown, path: LiteralPath): unknown {
  const value = dig(scope as Nested, path.lane, path.p0, path.p1, path.p2, path.depth);
  return value === undefined ? miss(scope, path.key, path.fallback) : found(scope, path.key, value, path.fallback);
}

type Nested = { readonly [name: string]: Nested } | null | undefined;

/**
 * Lanes. V8 keeps the inline cache of a property read in the source code, shared by every call
 * that runs it: one `scope[name]` that sees a hundred names turns megamorphic and probes a global
 * hash table on every read, several times slower than a read that has only ever seen one name
 * (a check of the object's shape, then a load). So each path gets a lane, a copy of the same
 * reads of its own, while there are lanes left (LANES: more than the built-in rules read); the
 * paths after that share the default. The cases are identical on purpose: do not merge them.
 */
const LANES = 128;
const lanes = new Map<string, number>();

function laneOf(key: string): number {
  const lane = lanes.get(key);
  if (lane !== undefined) return lane;
  if (lanes.size === LANES) return LANES;
  lanes.set(key, lanes.size);
  return lanes.size - 1;
}

/** What is at s.a (n = 1), s.a.b (2) or s.a.b.c (3): undefined when nothing is, as for readVar (`== null`: null or undefined). */
function dig(s: Nested, lane: number, a: string, b: string, c: string, n: number): unknown {
  switch (lane) {
    case 0: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 1: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 2: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 3: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 4: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 5: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 6: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 7: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 8: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 9: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 10: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 11: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 12: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 13: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 14: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 15: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 16: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 17: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 18: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 19: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 20: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 21: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 22: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 23: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 24: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 25: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 26: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 27: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 28: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 29: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 30: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 31: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 32: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 33: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 34: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 35: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 36: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 37: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 38: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 39: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 40: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 41: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 42: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 43: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 44: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 45: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 46: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 47: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 48: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 49: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 50: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 51: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 52: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 53: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 54: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 55: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 56: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 57: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 58: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 59: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 60: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 61: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 62: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 63: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 64: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 65: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 66: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 67: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 68: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 69: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 70: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 71: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 72: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 73: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 74: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 75: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 76: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 77: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 78: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 79: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 80: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 81: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 82: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 83: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 84: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 85: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 86: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 87: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 88: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 89: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 90: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 91: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 92: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 93: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 94: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 95: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 96: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 97: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 98: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 99: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 100: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 101: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 102: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 103: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 104: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 105: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 106: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 107: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 108: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 109: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 110: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 111: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 112: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 113: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 114: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 115: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 116: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 117: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 118: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 119: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 120: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 121: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 122: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 123: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 124: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 125: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 126: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    case 127: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
    default: return s == null ? undefined : n === 1 ? s[a] : (s = s[a]) == null ? undefined : n === 2 ? s[b] : (s = s[b]) == null ? undefined : s[c];
  }
}

function toNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The helper operations a rule may use; each is pure and never throws. */
export const helpers = {
  /** year("2023-05-01") → 2023; a number is taken as a year already. */
  year(date: unknown): number | null {
    if (typeof date === "number" && Number.isInteger(date)) return date;
    if (typeof date === "string" && /^\d{4}(-|$)/.test(date)) return Number(date.slice(0, 4));
    return null;
  },
  /** count(list) → its length; anything that is not a list counts 0. */
  count(list: unknown): number {
    return Array.isArray(list) ? list.length : 0;
  },
  /** sum(list) or sum(list, "field") → the total of the numbers found; others are skipped. */
  sum(list: unknown, field?: unknown): number {
    if (!Array.isArray(list)) return 0;
    let total = 0;
    for (const item of list) {
      const value = typeof field === "string" ? ownValueAt(item, field) : item;
      total += toNumber(value) ?? 0;
    }
    return total;
  },
  /** diff(a, b) → the items of a that are not in b, in a's order. */
  diff(a: unknown, b: unknown): unknown[] {
    const left = Array.isArray(a) ? a : [];
    const right = Array.isArray(b) ? b : [];
    return left.filter((item) => !right.includes(item));
  },
  /** round(x, digits = 0) → x rounded half away from zero; null when x is not a number. */
  round(value: unknown, digits?: unknown): number | null {
    const x = toNumber(value);
    if (x === undefined) return null;
    const places = Math.min(Math.max(Math.trunc(toNumber(digits) ?? 0), 0), 10);
    const factor = 10 ** places;
    return (Math.sign(x) * Math.round(Math.abs(x) * factor)) / factor;
  },
} as const;

let configured = false;

export function configuredJsonLogic(): typeof jsonLogic {
  if (!configured) {
    jsonLogic.rm_operation("log");
    jsonLogic.add_operation("var", function (this: unknown, path: unknown, fallback?: unknown) {
      return readVar(this, path, fallback);
    });
    for (const [name, helper] of Object.entries(helpers)) jsonLogic.add_operation(name, helper);
    countWork(jsonLogic);
    configured = true;
  }
  return jsonLogic;
}

/**
 * The reference engine counted against the evaluation budget (budget.ts) as the compiled one is:
 * a step for each `apply` (json-logic-js calls it again for every element a loop visits, through
 * the object, so the wrapper sees each), and the elements and characters merge and cat make.
 * merge and cat are json-logic-js's own definitions, with the count added.
 */
function countWork(logic: typeof jsonLogic): void {
  const apply = logic.apply.bind(logic);
  const counted = (rule: unknown, data: unknown): unknown => {
    if (--budget.steps < 0) overSteps();
    return apply(rule as Parameters<typeof apply>[0], data);
  };
  logic.apply = ((rule: unknown, data: unknown) => (budget.depth === 0 ? withBudget(() => counted(rule, data)) : counted(rule, data))) as typeof logic.apply;
  logic.add_operation("merge", function (...values: unknown[]) {
    const merged = values.reduce((a: unknown[], b) => a.concat(b), []);
    made(merged.length);
    return merged;
  });
  logic.add_operation("cat", function (...values: unknown[]) {
    const joined = values.join("");
    made(joined.length);
    return joined;
  });
}
