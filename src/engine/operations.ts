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

function partsOf(key: string): readonly string[] {
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
      const value = typeof field === "string" ? readOwn(item, field) : item;
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

function readOwn(item: unknown, field: string): unknown {
  let data: unknown = item;
  for (const part of field.split(".")) {
    if (data === null || data === undefined || !hasOwn.call(data, part)) return undefined;
    data = (data as Record<string, unknown>)[part];
  }
  return data;
}

let configured = false;

export function configuredJsonLogic(): typeof jsonLogic {
  if (!configured) {
    jsonLogic.rm_operation("log");
    jsonLogic.add_operation("var", function (this: unknown, path: unknown, fallback?: unknown) {
      return readVar(this, path, fallback);
    });
    for (const [name, helper] of Object.entries(helpers)) jsonLogic.add_operation(name, helper);
    configured = true;
  }
  return jsonLogic;
}
