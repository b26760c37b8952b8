import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SzcheckError } from "../src/errors.js";
import { builtInRulesDir } from "../src/package-root.js";
import { chineseNumeral, chineseNumeralValue, loadClauseIndex } from "../src/rules/clauses.js";
import { computeCoverage } from "../src/authoring/coverage.js";
import { loadRuleFile, loadRulePacks } from "../src/rules/load.js";
import { repoRoot, tempFiles } from "./helpers.js";

const index = loadClauseIndex();
const rule = (clause: string): string =>
  `id: my-rule\ntitle: { zh: 测试, en: test }\nclause: ${clause}\nsource: x\nsubject: project\nstrength: mandatory\ncheck: { "==": [{ var: bim.applied }, true] }\nmessage: { fail: { zh: x, en: x } }\n`;

describe("the clause index (seeds/clauses.yaml)", () => {
  it("names the policy with its dates", () => {
    expect(index.policy).toMatchObject({ number: "深府办函〔2022〕95号", signed: "2022-10-02", published: "2022-10-24" });
    expect(index.policy.title.zh).toBe("深圳市加快推进现代建筑业高质量发展的若干措施");
  });

  it("holds the 20 clauses （一）…（二十） in 7 parts, in order", () => {
    expect(index.clauses.map((clause) => clause.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(index.clauses.map((clause) => clause.part.numeral))).toEqual(new Set(["一", "二", "三", "四", "五", "六", "七"]));
    expect(index.clauses.map((clause) => clause.id)).toContain("三（八）");
    expect(index.clauses.find((clause) => clause.id === "五（十二）")!.title.zh).toBe("推行先进的工程组织管理模式");
  });

  it("quotes every paragraph verbatim from the seed, without the lead-department lines", () => {
    const seed = readFileSync(join(repoRoot, "seeds", "shenzhen-modern-construction-measures-2022.txt"), "utf8");
    expect(seed).toContain("深府办函〔2022〕95号");
    const joined = seed.replace(/\s*\n\s*/g, ""); // the index joins paragraphs split by page breaks
    for (const clause of index.clauses) {
      for (const paragraph of clause.paragraphs) {
        expect(joined, `${clause.id}: ${paragraph.slice(0, 20)}`).toContain(paragraph);
        expect(paragraph).not.toMatch(/^[（(]市/);
      }
    }
  });

  it("gives a reason for each clause RULES.md lists as having nothing to check per record", () => {
    const unchecked = index.clauses.filter((clause) => clause.unchecked !== undefined).map((clause) => clause.numeral);
    expect(unchecked).toEqual(["一", "二", "五", "九", "十六", "十八", "十九", "二十"]);
    for (const clause of index.clauses) {
      if (clause.unchecked === undefined) continue;
      expect(clause.unchecked.zh.length).toBeGreaterThan(20);
      expect(clause.unchecked.en.length).toBeGreaterThan(40);
    }
  });

  it("accounts for every clause with a rule of the built-in pack or a reason", () => {
    const coverage = computeCoverage(index, loadRulePacks([builtInRulesDir()]).rules);
    const unaccounted = coverage.clauses.filter((clause) => clause.status === "uncovered").map((clause) => clause.clause);
    expect(unaccounted).toEqual([]);
    expect(coverage.accounted).toBe(20);
  });

  it("writes Chinese numerals both ways", () => {
    for (let n = 1; n <= 30; n++) expect(chineseNumeralValue(chineseNumeral(n))).toBe(n);
    expect(chineseNumeral(20)).toBe("二十");
    expect(chineseNumeralValue("十二")).toBe(12);
    expect(chineseNumeralValue("十十")).toBeUndefined();
  });
});

describe("rules must cite a clause of the index", () => {
  it("rejects an unknown clause naming the file, /clause and the known clauses", () => {
    const dir = tempFiles({ "my-rule.yaml": rule("三（二十一）") });
    let error: unknown;
    try {
      loadRulePacks([dir]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SzcheckError);
    const problem = error as SzcheckError;
    expect(problem.file).toMatch(/my-rule\.yaml$/);
    expect(problem.pointer).toBe("/clause");
    expect(problem.message).toContain('clause "三（二十一）" is not in the clause index of 深府办函〔2022〕95号');
    expect(problem.message).toContain("一（一） 一（二） 二（三）");
    expect(problem.message).toContain("七（二十）");
  });

  it("suggests the full-width form for a clause written with ASCII brackets", () => {
    const dir = tempFiles({ "my-rule.yaml": rule("三(八)") });
    expect(() => loadRuleFile(join(dir, "my-rule.yaml"))).toThrow(/did you mean 三（八）\?/);
  });

  it("rejects a clause cited under the wrong part", () => {
    const dir = tempFiles({ "my-rule.yaml": rule("二（八）") });
    expect(() => loadRuleFile(join(dir, "my-rule.yaml"))).toThrow(/not in the clause index/);
  });

  it("accepts a clause of the index", () => {
    const dir = tempFiles({ "my-rule.yaml": rule("三（八）") });
    expect(loadRuleFile(join(dir, "my-rule.yaml")).definition.clause).toBe("三（八）");
  });
});
