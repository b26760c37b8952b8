import { describe, expect, it } from "vitest";
import { builtInRulesDir } from "../src/package-root.js";
import type { Lang, Outcome, Result } from "../src/model/report.js";
import { loadRulePacks } from "../src/rules/load.js";
import { runRuleTests } from "../src/authoring/test-cases.js";
import { chineseWordingProblems } from "./wording.js";

/**
 * RULES.md, "Wording of messages": every rule's messages, rendered for each outcome its test
 * cases produce, in both languages, read as an official or a filer would read them. Chinese text
 * shows no field path, no raw boolean, no placeholder for a value, no § and no unformatted number.
 */
const pack = loadRulePacks([builtInRulesDir()]);

function resultsIn(lang: Lang): Map<string, Result[]> {
  const byRule = new Map<string, Result[]>();
  for (const testCase of runRuleTests(pack.rules, undefined, lang).cases) {
    byRule.set(testCase.rule, [...(byRule.get(testCase.rule) ?? []), ...testCase.results]);
  }
  return byRule;
}

const zhResults = resultsIn("zh");
const enResults = resultsIn("en");

function englishWordingProblems(text: string): string[] {
  const problems: string[] = [];
  if (/（无）|\(none\)/.test(text)) problems.push("a placeholder for a value: (none)");
  if (/\d+\.\d*0%/.test(text)) problems.push("a percentage with needless decimals");
  // RULES.md: amounts in one style. An amount prints as ¥1,600,000 in English, so "CNY" before it doubles the unit.
  if (/CNY\s*-?¥/.test(text)) problems.push("an amount written in two styles: CNY ¥…");
  return problems;
}

const expectedOutcomes = (result: Result[]): Set<Outcome> => new Set(result.map((r) => r.outcome));

describe("the wording of every rule's messages (RULES.md, Wording of messages)", () => {
  for (const rule of pack.rules) {
    const id = rule.definition.id;
    it(`${id}: its test cases render pass or computed, not-applicable and incomplete messages`, () => {
      const outcomes = expectedOutcomes(zhResults.get(id) ?? []);
      expect(outcomes.has("pass") || outcomes.has("computed")).toBe(true);
      expect(outcomes.has("not-applicable")).toBe(true);
      expect(outcomes.has("incomplete")).toBe(true);
      if (rule.definition.strength !== "computed") expect(outcomes.has("fail")).toBe(true);
    });
    it(`${id}: Chinese messages and fix read as an official would sign them`, () => {
      const texts = new Set<string>((zhResults.get(id) ?? []).flatMap((r) => [r.message, ...r.assumptions.map((a) => a.why)]));
      if (rule.definition.fix !== undefined) texts.add(rule.definition.fix.zh);
      texts.add(rule.definition.title.zh);
      const problems = [...texts].flatMap((text) => chineseWordingProblems(text).map((problem) => `${problem} in 「${text}」`));
      expect(problems).toEqual([]);
    });
    it(`${id}: a failure on an encouraged target is worded as one, never as a breach`, () => {
      const encouraged = [...(zhResults.get(id) ?? []), ...(enResults.get(id) ?? [])].filter((r) => r.outcome === "fail" && r.strength === "encouraged");
      for (const result of encouraged) expect(result.message).toMatch(/未达到鼓励性指标|does not meet an encouraged target/);
    });
    it(`${id}: English messages print no placeholder`, () => {
      const texts = new Set<string>((enResults.get(id) ?? []).map((r) => r.message));
      const problems = [...texts].flatMap((text) => englishWordingProblems(text).map((problem) => `${problem} in "${text}"`));
      expect(problems).toEqual([]);
    });
  }
});

describe("the wording check itself", () => {
  it("catches each kind of problem", () => {
    expect(chineseWordingProblems("缺少 building.prefab.adopted")).toHaveLength(1);
    expect(chineseWordingProblems("装配式 true")).toHaveLength(1);
    expect(chineseWordingProblems("要求 （无） · 差距 （无）")).toHaveLength(1);
    expect(chineseWordingProblems("依 §51 投保")).toHaveLength(1);
    expect(chineseWordingProblems("费用 1600000 元")).toHaveLength(1);
    expect(chineseWordingProblems("占 100.00%")).toHaveLength(1);
    expect(chineseWordingProblems("目标 1星")).toHaveLength(1);
    expect(chineseWordingProblems("缺少 fiscalYear")).toHaveLength(1);
    expect(englishWordingProblems("the filing budgets CNY ¥0 for BIM")).toHaveLength(1);
  });
  it("passes official wording", () => {
    expect(chineseWordingProblems("单体 A 绿色建筑目标 基本级，低于法定的 一星级；费用 1,600,000元，占 100%，差 3.33个百分点，依第五十一条")).toEqual([]);
  });
});
