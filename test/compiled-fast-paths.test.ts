import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { compileLogic, compiledEvaluator } from "../src/engine/compile.js";
import { helpers, isInheritableName, pathReader, readVar, withRecorder, type VarRecorder } from "../src/engine/operations.js";
import { referenceEvaluator, type LogicEvaluator } from "../src/engine/three-valued.js";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRulePacks } from "../src/rules/load.js";
import { runRuleTests } from "../src/authoring/test-cases.js";
import { repoRoot } from "./helpers.js";

/**
 * The shortcuts the compiled engine takes (compile.ts, pathReader in operations.ts) against what
 * they stand for: json-logic-js `apply`, readVar and the helpers, on the inputs where a shortcut
 * could go wrong.
 */

function reads(evaluate: () => unknown): { value: unknown; reads: unknown[][] } {
  const log: unknown[][] = [];
  const recorder: VarRecorder = { read: (scope, path, value, found, hasDefault) => log.push([scope, path, value, found, hasDefault]) };
  const value = withRecorder(recorder, evaluate);
  return { value, reads: log };
}

describe("pathReader", () => {
  const scopes: unknown[] = [
    {},
    { a: 1, b: { c: [10, 20, { d: "x" }] } },
    { a: undefined, b: null, c: { d: undefined } },
    Object.assign(Object.create(null) as object, { a: 2, toString: 3 }),
    JSON.parse('{"__proto__": {"a": 5}, "constructor": {"name": "own"}, "toString": 1, "length": 4}') as unknown,
    [1, 2, 3],
    "abc",
    42,
    true,
    null,
    undefined,
    new Date(0),
    new Map([["a", 1]]),
    /x/g,
    new Error("boom"),
  ];
  const paths: unknown[] = [
    "a", "b", "b.c", "b.c.0", "b.c.2.d", "b.c.2.d.length", "b.c.length", "c.d", "length", "0", "1", "toString", "constructor", "constructor.name",
    "__proto__", "__proto__.a", "hasOwnProperty", "valueOf", "size", "getTime", "message", "source", "flags", "get", "nowhere", "a.b.c.d.e",
    "", null, undefined, 0, 1, true, 2.5,
  ];

  it("reads as readVar reads, and tells the recorder the same, on every scope and path", () => {
    for (const scope of scopes) {
      for (const path of paths) {
        for (const fallback of [undefined, null, 0, "d", []]) {
          const expected = reads(() => readVar(scope, path, fallback));
          const actual = reads(() => pathReader(path)(scope, fallback));
          expect(actual, `${String(path)} in ${JSON.stringify(scope)} (fallback ${JSON.stringify(fallback)})`).toStrictEqual(expected);
        }
      }
    }
  });

  it("keeps the own-property test for every name a built-in value can inherit", () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "length", "name", "size", "getTime", "message", "then", "at", "includes"]) {
      expect(isInheritableName(name), name).toBe(true);
    }
    for (const name of ["use", "floorAreaM2", "prefab", "0", "12", "approval", "date", "params", "type", "kind", "id", "group"]) {
      expect(isInheritableName(name), name).toBe(false);
    }
  });
});

describe("compiled shortcuts", () => {
  it("year: the same as helpers.year for every input", () => {
    const compiled = compileLogic({ year: { var: "d" } });
    const samples: unknown[] = ["2023", "2023-", "2023-05-01", "202", "20234", "2023x", "٢٠٢٣", "２０２３", " 2023", "0000", "9999-12", 2023, 2023.5, NaN, -1, -0, Infinity, null, true, [2023], {}, ""];
    for (const d of samples) expect(Object.is(compiled({ d }), helpers.year(d)), JSON.stringify(d)).toBe(true);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{3,5}[-x]?\d*$/), fc.double(), fc.integer()), (d) => Object.is(compiled({ d }), helpers.year(d))),
      { numRuns: 20_000, seed: 2022 },
    );
  });

  it("round and sum with literal arguments: the same as the helpers", () => {
    const values = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(null, "3", true, -0, NaN, Infinity, 2.5, -2.5, 1.005));
    fc.assert(
      fc.property(values, fc.constantFrom(0, 1, 2, 6, 11, -1, 2.7, "2", null, NaN, Infinity), (x, digits) => Object.is(compileLogic({ round: [{ var: "x" }, digits] })({ x }), helpers.round(x, digits))),
      { numRuns: 10_000, seed: 6 },
    );
    const items = fc.array(fc.oneof(fc.record({ a: values, b: fc.record({ c: values }) }, { requiredKeys: [] }), values), { maxLength: 5 });
    fc.assert(
      fc.property(items, fc.constantFrom("a", "b.c", "b", "", "toString", "constructor"), (list, field) => Object.is(compileLogic({ sum: [{ var: "list" }, field] })({ list }), helpers.sum(list, field))),
      { numRuns: 5_000, seed: 7 },
    );
  });

  it("a literal list whose identity can be seen is a new list on every evaluation, as apply makes it", () => {
    const shared = ["a", "b"];
    // The same list object twice (as a YAML alias gives it): two evaluations, two lists.
    const logic = { "==": [shared, shared] };
    expect(compiledEvaluator.evaluate(logic, {})).toBe(referenceEvaluator.evaluate(logic, {}));
    const returned = { var: ["nowhere", []] };
    const first = compiledEvaluator.evaluate(returned, {});
    expect(first).toStrictEqual([]);
    expect(compiledEvaluator.evaluate(returned, {})).not.toBe(first);
    const branch = { if: [true, shared, []] };
    expect(compiledEvaluator.evaluate(branch, {})).not.toBe(compiledEvaluator.evaluate(branch, {}));
    const merged = { merge: [shared, ["c"]] };
    expect(compiledEvaluator.evaluate(merged, {})).not.toBe(compiledEvaluator.evaluate(merged, {}));
    const inNeedle = { in: [shared, [shared]] };
    expect(compiledEvaluator.evaluate(inNeedle, {})).toBe(referenceEvaluator.evaluate(inNeedle, {}));
  });

  it("an expression that throws is not evaluated ahead of time: it throws on every evaluation, with apply's message", () => {
    const message = (evaluate: () => unknown): string => {
      try {
        evaluate();
      } catch (error) {
        return String(error);
      }
      return "no error";
    };
    for (const logic of [{ "*": [] }, { and: [true, { "*": [] }] }, { in: [1, { indexOf: 1, x: 2 }] }, { in: [{ var: "a" }, { indexOf: 1, x: 2 }] }]) {
      const expected = message(() => referenceEvaluator.evaluate(structuredClone(logic), { a: 1 }));
      expect(expected).not.toBe("no error");
      expect(message(() => compiledEvaluator.evaluate(structuredClone(logic), { a: 1 })), JSON.stringify(logic)).toBe(expected);
    }
  });

  it("expressions folded ahead of time give what apply gives", () => {
    const cases: unknown[] = [
      { "*": [60, 60] }, { "+": ["1", "2"] }, { "-": [-0] }, { "/": [1, 0] }, { cat: ["a", 1, null] }, { substr: ["深圳市", 1] },
      { in: ["b", { merge: [["a"], ["b"]] }] }, { count: { merge: [[1], 2, [3, [4]]] } }, { some: [[1, 2], { "==": [1, 2] }] },
      { min: [] }, { max: [1, "x"] }, { round: [2.345, 2] }, { year: "2024-01-01" }, { diff: [[1, 2, 3], [2]] }, { "==": [[], []] },
      { reduce: [[1, 2, 3], { "+": [1, 1] }, 0] }, { filter: [[1, 0, 2], true] }, { map: [[1, 2], "x"] }, { "!": [[]] },
    ];
    for (const logic of cases) {
      const expected = referenceEvaluator.evaluate(structuredClone(logic), {});
      expect(compiledEvaluator.evaluate(structuredClone(logic), {}), JSON.stringify(logic)).toStrictEqual(expected);
    }
  });
});

/** The objects in `value` whose prototype is not Object.prototype, Array.prototype or null. */
function unusualObjects(value: unknown, seen = new Set<object>()): object[] {
  if (typeof value === "function") return [value];
  if (typeof value !== "object" || value === null || seen.has(value)) return [];
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  const own = proto === Object.prototype || proto === Array.prototype || proto === null ? [] : [value];
  return [...own, ...Object.values(value).flatMap((item) => unusualObjects(item, seen))];
}

describe("the scopes the engine builds", () => {
  it("hold plain objects, arrays and primitives only, which is what pathReader's shortcut needs", async () => {
    const snapshot = mkdtempSync(join(tmpdir(), "szcheck-scopes-"));
    const rulesDir = join(snapshot, "rules");
    cpSync(builtInRulesDir(), rulesDir, { recursive: true });
    for (const file of await glob(["fixtures/**/*.yaml", "fixtures/**/*.yml", "fixtures/**/*.json"], { cwd: repoRoot })) cpSync(join(repoRoot, file), join(snapshot, file));
    let scopes = 0;
    const unusual: string[] = [];
    const watching: LogicEvaluator = {
      evaluate(logic, scope) {
        scopes++;
        for (const object of unusualObjects(scope)) unusual.push(`${JSON.stringify(logic)}: ${Object.prototype.toString.call(object)}`);
        return compiledEvaluator.evaluate(logic, scope);
      },
    };
    try {
      await check({ paths: [join(snapshot, "fixtures")], asOf: "2024-06-30", lang: "en", noBuiltInRules: true, rulesDirs: [rulesDir], evaluator: watching });
      runRuleTests(loadRulePacks([rulesDir]).rules, watching);
    } finally {
      rmSync(snapshot, { recursive: true, force: true });
    }
    expect(scopes).toBeGreaterThan(100);
    expect(unusual).toStrictEqual([]);
  });
});
