import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compiledEvaluator } from "../src/engine/compile.js";
import { referenceEvaluator, type LogicEvaluator } from "../src/engine/three-valued.js";

/**
 * The JsonLogic project's shared test suite (tests.json), run on both engines: json-logic-js
 * `apply` as szcheck configures it, and the compiled closures. Each must give the expected result.
 */
type Case = [logic: unknown, data: unknown, expected: unknown];
const entries = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "jsonlogic-tests.json"), "utf8")) as Array<string | Case>;

const sections: Array<{ title: string; cases: Case[] }> = [];
for (const entry of entries) {
  if (typeof entry === "string") sections.push({ title: entry.replace(/^#\s*/, ""), cases: [] });
  else {
    if (sections.length === 0) sections.push({ title: "(untitled)", cases: [] });
    sections.at(-1)!.cases.push(entry);
  }
}
const total = sections.reduce((sum, section) => sum + section.cases.length, 0);

const engines: Array<[string, LogicEvaluator]> = [
  ["reference (json-logic-js apply)", referenceEvaluator],
  ["compiled", compiledEvaluator],
];

describe.each(engines)("JsonLogic official test suite on the %s engine", (_name, evaluator) => {
  it(`has all 278 cases`, () => {
    expect(total).toBe(278);
  });

  for (const section of sections) {
    it(section.title, () => {
      for (const [logic, data, expected] of section.cases) {
        // Each case gets its own copy, so that no engine can see another's data or logic objects.
        const [ownLogic, ownData] = structuredClone([logic, data]);
        expect(evaluator.evaluate(ownLogic, ownData as Record<string, unknown>), JSON.stringify([logic, data])).toStrictEqual(expected);
      }
    });
  }
});
