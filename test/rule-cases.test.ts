import { describe, expect, it } from "vitest";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRulePacks } from "../src/rules/load.js";
import { runRuleTests } from "../src/authoring/test-cases.js";

// Every case in rules/*.test.yaml, one vitest test each: the rule pack's own specification.
const pack = loadRulePacks([builtInRulesDir()]);
const { cases, untested } = runRuleTests(pack.rules);

describe("rule test cases", () => {
  it("every rule has a test file", () => {
    expect(untested).toEqual([]);
  });
  for (const testCase of cases) {
    it(`${testCase.rule}: ${testCase.name}`, () => {
      expect(testCase.problems).toEqual([]);
    });
  }
});
