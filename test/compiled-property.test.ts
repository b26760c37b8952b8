import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { compiledEvaluator } from "../src/engine/compile.js";
import { standardOperators, helperOperators } from "../src/rules/logic-shape.js";
import { withRecorder, type VarRecorder } from "../src/engine/operations.js";
import { referenceEvaluator, type LogicEvaluator } from "../src/engine/three-valued.js";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRulePacks } from "../src/rules/load.js";
import { runRuleTests } from "../src/authoring/test-cases.js";
import { repoRoot } from "./helpers.js";

/**
 * The compiled engine must be json-logic-js as szcheck configures it, not something close to it:
 * on random logic and random records both engines give the same value (NaN equal to NaN, 0 and
 * -0 told apart), tell the VarRecorder the same reads in the same order, and throw or not alike.
 */

const RUNS = 20_000;

/** Deep equality with Object.is at the leaves. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i] as string;
    if (key !== keysB[i]) return false;
    if (!same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

interface Run {
  threw: boolean;
  error?: string;
  value?: unknown;
  reads: unknown[][];
}

function run(evaluator: LogicEvaluator, logic: unknown, record: Record<string, unknown>): Run {
  const reads: unknown[][] = [];
  const recorder: VarRecorder = {
    read(scope, path, value, found, hasDefault) {
      reads.push([scope === record ? "<root>" : scope, path, value, found, hasDefault]);
    },
  };
  try {
    const value = withRecorder(recorder, () => evaluator.evaluate(logic, record));
    return { threw: false, value, reads };
  } catch (error) {
    return { threw: true, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), reads };
  }
}

// ---- random records ----------------------------------------------------------------------

const scalar = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(0, -0, 0.1, 0.2, 1.5, -2.5, 1e21, 3, 100),
  fc.constantFrom("", "0", "1", "3", "-1", "2.5", " 4 ", "1e3", "abc", "a", "x", "true", "null", "obj.x", "a,b"),
  fc.boolean(),
  fc.constant(null),
);
const shallow = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) });
const item = fc.record({ v: shallow, w: scalar, name: fc.constantFrom("a", "b", "", "x") }, { requiredKeys: [] });
const recordArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    a: shallow,
    b: shallow,
    n: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
    s: fc.constantFrom("", "abc", "3", "2024-05-01", "深圳", "a.b"),
    flag: fc.boolean(),
    list: fc.array(scalar, { maxLength: 6 }),
    items: fc.array(item, { maxLength: 4 }),
    obj: fc.record({ x: shallow, y: fc.record({ z: shallow }, { requiredKeys: [] }), "0": scalar }, { requiredKeys: [] }),
    path: fc.constantFrom("a", "obj.x", "obj.y.z", "list.0", "nowhere", "", "items.1.v"),
    params: fc.record({ limit: fc.integer({ min: 0, max: 10 }), field: fc.constantFrom("n", "a", "missing") }),
    current: scalar,
    accumulator: scalar,
  },
  { requiredKeys: [] },
);

// ---- random JsonLogic ------------------------------------------------------------------

const paths = [
  "a", "b", "n", "s", "flag", "list", "items", "obj", "obj.x", "obj.y", "obj.y.z", "obj.0", "path", "params.limit", "params.field",
  "list.0", "list.1", "list.9", "items.0", "items.0.v", "items.1.name", "s.length", "list.length",
  "", "v", "w", "name", "current", "accumulator", "current.v", "accumulator.v",
  "nowhere", "obj.nope", "a.b.c", "__proto__", "constructor", "constructor.name", "toString", "hasOwnProperty", "obj.x.y",
];
const pathArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...paths) }, { weight: 1, arbitrary: fc.constantFrom(0, 1, null, true, 2.5) });
const literal = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.constantFrom(0, -0, 0.5, 2.5, -3, 1e21, NaN, Infinity, -Infinity),
  fc.constantFrom("", "0", "1", "2", "-1", "abc", "a", "b", "x", " 3 ", "1e2", "2024-01-01", "a.b", "obj.x"),
  fc.boolean(),
  fc.constant(null),
);

const ordinary = [...standardOperators.filter((op) => !["var", "if", "?:", "and", "or", "map", "filter", "reduce", "all", "none", "some"].includes(op)), ...helperOperators];
const lazy = ["if", "?:", "and", "or"];
const overArrays = ["map", "filter", "all", "none", "some"];
const odd = ["log", "nope", "method", "__proto__", "var.x", "toString"];

interface Tree {
  expr: unknown;
  arrayExpr: unknown;
  ruleLike: unknown;
  numeric: unknown;
}

const comparisons = ["==", "===", "!=", "!==", ">", ">=", "<", "<=", "in"];
const arithmetic = ["+", "-", "*", "/", "%", "min", "max"];

const tree = fc.letrec<Tree>((tie) => {
  const expr = tie("expr");
  const args = (max: number) => fc.array(expr, { maxLength: max });
  const operation = (ops: readonly string[], max: number) =>
    fc.tuple(fc.constantFrom(...ops), args(max), fc.boolean()).map(([op, values, bare]) => ({ [op]: bare && values.length === 1 ? values[0] : values }));
  const variable = fc.oneof(
    pathArb.map((path) => ({ var: path })),
    fc.tuple(pathArb, expr).map(([path, fallback]) => ({ var: [path, fallback] })),
    fc.constantFrom("path", "params.field", "s", "a").map((path) => ({ var: { var: path } })),
    fc.tuple(pathArb, literal, expr).map(([path, fallback, more]) => ({ var: [path, fallback, more] })),
    fc.constant({ var: [] }),
  );
  return {
    expr: fc.oneof(
      { depthSize: "small", maxDepth: 5 },
      { weight: 4, arbitrary: literal },
      { weight: 5, arbitrary: variable },
      { weight: 6, arbitrary: operation(ordinary, 4) },
      { weight: 3, arbitrary: operation(lazy, 5) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...overArrays), tie("arrayExpr"), expr).map(([op, source, each]) => ({ [op]: [source, each] })) },
      { weight: 2, arbitrary: fc.tuple(tie("arrayExpr"), expr, fc.option(expr, { nil: undefined })).map(([source, step, initial]) => ({ reduce: initial === undefined ? [source, step] : [source, step, initial] })) },
      { weight: 1, arbitrary: operation(overArrays.concat("reduce"), 3) },
      { weight: 1, arbitrary: fc.array(pathArb, { maxLength: 4 }).map((keys) => ({ missing: keys })) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(pathArb, { maxLength: 4 })).map(([need, keys]) => ({ missing_some: [need, keys] })) },
      { weight: 1, arbitrary: args(3) },
      { weight: 1, arbitrary: fc.tuple(expr, expr).map(([x, y]) => ({ x, y })) },
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: operation(odd, 2) },
      { weight: 3, arbitrary: tie("ruleLike") },
      { weight: 2, arbitrary: tie("numeric") },
    ),
    // Arithmetic where parseFloat, -0, NaN and string numbers matter.
    numeric: fc.oneof(
      { depthSize: "small", maxDepth: 4 },
      fc.constantFrom(0, -0, 1, -1, 2.5, "-0", "0", "", " 7", "3abc", null, true, NaN, Infinity, [2], []),
      fc.constantFrom("n", "a", "list.0", "nowhere").map((path) => ({ var: path })),
      fc.tuple(fc.constantFrom(...arithmetic), fc.array(tie("numeric"), { maxLength: 4 })).map(([op, values]) => ({ [op]: values })),
    ),
    // Shaped like the rules in rules/*.yaml: and/or/if over comparisons of fields, literals and sums.
    ruleLike: fc.oneof(
      { depthSize: "small", maxDepth: 4 },
      fc.tuple(fc.constantFrom(...comparisons), fc.oneof(variable, literal, tie("ruleLike")), fc.oneof(literal, variable, fc.array(literal, { maxLength: 4 }), tie("ruleLike"))).map(([op, a, b]) => ({ [op]: [a, b] })),
      fc.tuple(fc.constantFrom(...arithmetic), fc.array(fc.oneof(variable, literal, tie("ruleLike")), { minLength: 1, maxLength: 3 })).map(([op, values]) => ({ [op]: values })),
      fc.tuple(fc.constantFrom("and", "or"), fc.array(tie("ruleLike"), { minLength: 1, maxLength: 4 })).map(([op, values]) => ({ [op]: values })),
      fc.tuple(tie("ruleLike"), tie("ruleLike"), tie("ruleLike")).map((values) => ({ if: values })),
      fc.tuple(fc.constantFrom("!", "!!"), tie("ruleLike")).map(([op, value]) => ({ [op]: [value] })),
    ),
    arrayExpr: fc.oneof(
      { depthSize: "small", maxDepth: 5 },
      fc.constantFrom("list", "items", "obj", "a", "nowhere", "obj.y").map((path) => ({ var: path })),
      fc.array(literal, { maxLength: 4 }),
      fc.tuple(expr, expr).map(([x, y]) => ({ merge: [x, y] })),
      expr,
    ),
  };
});

describe("compiled JsonLogic against json-logic-js apply", () => {
  it(`gives the same value, the same var reads and the same throws on ${RUNS.toLocaleString("en")} random expressions and records`, () => {
    let threw = 0;
    fc.assert(
      fc.property(tree.expr, recordArb, (logic, record) => {
        const expected = run(referenceEvaluator, logic, record);
        const actual = run(compiledEvaluator, logic, record);
        // Twice: the second evaluation runs the cached closures.
        const again = run(compiledEvaluator, logic, record);
        if (expected.threw) threw++;
        for (const got of [actual, again]) {
          if (got.threw !== expected.threw || got.error !== expected.error) return false;
          if (!same(got.value, expected.value)) return false;
          if (!same(got.reads, expected.reads)) return false;
        }
        return true;
      }),
      { numRuns: RUNS, seed: 20240630, endOnFailure: false },
    );
    // The generator must exercise the throwing paths too, but not mostly.
    expect(threw).toBeGreaterThan(0);
    expect(threw).toBeLessThan(RUNS / 2);
  });

  it("agrees on 3,000 arithmetic expressions, where parseFloat, -0 and NaN matter", () => {
    fc.assert(
      fc.property(tree.numeric, recordArb, (logic, record) => {
        const expected = run(referenceEvaluator, logic, record);
        const actual = run(compiledEvaluator, logic, record);
        return actual.threw === expected.threw && actual.error === expected.error && same(actual.value, expected.value) && same(actual.reads, expected.reads);
      }),
      { numRuns: 3_000, seed: 95 },
    );
  });

  it("agrees on a random seed as well (1,000 cases)", () => {
    fc.assert(
      fc.property(tree.expr, recordArb, (logic, record) => {
        const expected = run(referenceEvaluator, logic, record);
        const actual = run(compiledEvaluator, logic, record);
        return actual.threw === expected.threw && actual.error === expected.error && same(actual.value, expected.value) && same(actual.reads, expected.reads);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("the built-in rule pack under both engines", () => {
  it("gives identical JSON reports on the fixtures, and identical results on the rules' own test cases", async () => {
    // A snapshot of the rules and fixtures, so that both engines see the same files even while
    // someone is editing the originals.
    const snapshot = mkdtempSync(join(tmpdir(), "szcheck-engines-"));
    const rulesDir = join(snapshot, "rules");
    cpSync(builtInRulesDir(), rulesDir, { recursive: true });
    const found = existsSync(join(repoRoot, "fixtures")) ? await glob(["fixtures/**/*.yaml", "fixtures/**/*.yml", "fixtures/**/*.json"], { cwd: repoRoot }) : [];
    for (const file of found) cpSync(join(repoRoot, file), join(snapshot, file));
    try {
      if (found.length > 0) {
        const report = async (evaluator: LogicEvaluator) => {
          const { report } = await check({ paths: [join(snapshot, "fixtures")], asOf: "2024-06-30", lang: "en", noBuiltInRules: true, rulesDirs: [rulesDir], evaluator });
          return JSON.stringify(report, null, 2);
        };
        const reference = await report(referenceEvaluator);
        expect(await report(compiledEvaluator)).toBe(reference);
        expect((JSON.parse(reference) as { results: unknown[] }).results.length).toBeGreaterThan(0);
      }
      const pack = loadRulePacks([rulesDir]);
      const byReference = runRuleTests(pack.rules, referenceEvaluator);
      const byCompiled = runRuleTests(pack.rules, compiledEvaluator);
      expect(byReference.cases.length).toBeGreaterThan(0);
      expect(JSON.stringify(byCompiled)).toBe(JSON.stringify(byReference));
    } finally {
      rmSync(snapshot, { recursive: true, force: true });
    }
  });
});
