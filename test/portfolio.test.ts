import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateRecords } from "../src/engine/run-check.js";
import { compareKeys } from "../src/engine/portfolio.js";
import type { Result } from "../src/model/report.js";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRuleFile, loadRulePacks } from "../src/rules/load.js";
import { runRuleTests } from "../src/authoring/test-cases.js";
import { repoRoot, tempFiles } from "./helpers.js";

const fixtures = join(repoRoot, "test", "fixtures", "portfolio-rules");
const pack = loadRulePacks([fixtures]);
const ruleOf = (id: string) => pack.rules.find((rule) => rule.definition.id === id)!;

const project = (code: string, fields: Record<string, unknown> = {}) => ({
  raw: { kind: "project", projectCode: code, name: `项目${code}`, funding: "government", approval: { date: "2023-03-01" }, delivery: { model: "general-contracting" }, ...fields },
  origin: { file: "batch.yaml", pointer: `/${code}` },
});
const run = (ids: string[], raws: ReturnType<typeof project>[]): Result[] =>
  evaluateRecords(raws, ids.map((id) => (id.includes("/") ? loadRuleFile(id) : ruleOf(id))), { asOf: "2024-06-30", lang: "en" }).results;

// The fixture pack's own cases (test/fixtures/portfolio-rules/*.test.yaml), one test each.
describe("portfolio fixture rule cases", () => {
  const { cases, untested } = runRuleTests(pack.rules);
  it("every fixture rule has cases", () => expect(untested).toEqual([]));
  for (const testCase of cases) {
    it(`${testCase.rule}: ${testCase.name}`, () => expect(testCase.problems).toEqual([]));
  }
});

describe("portfolio grouping", () => {
  it("gives one result per approval year, sorted by year, with share and members", () => {
    const results = run(["epc-share"], [
      project("P-24a", { approval: { date: "2024-01-05" }, delivery: { model: "epc" } }),
      project("P-23b"),
      project("P-23a", { delivery: { model: "ipmt-epc-supervision" } }),
      project("P-24b", { approval: { date: "2024-07-01" } }),
      project("P-24c", { approval: { date: "2024-08-01" } }),
      project("P-24d", { approval: { date: "2024-09-01" } }),
      project("P-24e", { approval: { date: "2024-09-02" } }),
      project("P-24f", { approval: { date: "2024-09-03" } }),
    ]);
    expect(results.map((r) => [r.subject.kind, r.subject.id, r.outcome])).toEqual([
      ["portfolio", "epc-share/2023", "pass"],
      ["portfolio", "epc-share/2024", "fail"],
    ]);
    const [y2023, y2024] = results;
    expect(y2023!.outputs).toMatchObject({ key: "2023", count: 2, matchingCount: 1, sharePct: 50, members: ["P-23a", "P-23b"], matching: ["P-23a"], undecided: [] });
    expect(y2024!.outputs).toMatchObject({ count: 6, matchingCount: 1, sharePct: 16.666667, matching: ["P-24a"] });
    expect(y2024!.measure).toEqual({ actual: 16.666667, required: 20, gap: 3.333333, unit: "pct", gapUnit: "pp" });
    expect(y2024!.subject).toEqual({ kind: "portfolio", id: "epc-share/2024", name: "2024", file: "", pointer: "" });
    expect(y2024!.message).toBe("EPC takes only 16.67% (1 of 6) of the government- and state-funded projects approved in 2024, below 20%");
    expect(y2024!.clause).toBe("五（十二）");
  });

  it("gives one result per key area over the buildings of its projects", () => {
    const building = (id: string, star: number, floorAreaM2 = 1000) => ({ id, floorAreaM2, green: { targetStar: star } });
    const results = run(["green-area-share"], [
      project("Q-1", { keyArea: "前海", constructionNature: "new", buildings: [building("1#", 2), building("2#", 1)] }),
      project("H-1", { keyArea: "河套", constructionNature: "new", buildings: [building("A", 3)] }),
      project("Q-2", { keyArea: "前海", constructionNature: "new", buildings: [building("1#", 3), building("2#", 2), building("3#", 2)] }),
      project("X-1", { keyArea: null, constructionNature: "new", buildings: [building("1#", 0)] }),
    ]);
    expect(results.map((r) => [r.subject.id, r.outcome, r.outputs!.sharePct, r.outputs!.members])).toEqual([
      ["green-area-share/前海", "pass", 80, ["Q-1/1#", "Q-1/2#", "Q-2/1#", "Q-2/2#", "Q-2/3#"]],
      ["green-area-share/河套", "pass", 100, ["H-1/A"]],
    ]);
  });

  it("puts portfolio results after the per-record results of the same run", () => {
    const perRecord = join(builtInRulesDir(), "epc-in-principle.yaml");
    const results = run(["epc-share", perRecord], [project("P-1", { tags: ["school"] }), project("P-2")]);
    expect(results.map((r) => r.subject.kind)).toEqual(["project", "project", "portfolio"]);
  });

  it("gives the same results for the records in any order", () => {
    const raws = [project("P-1", { delivery: { model: "epc" } }), project("P-2"), project("P-3", { approval: { date: "2024-02-02" } })];
    const forward = run(["epc-share"], raws);
    const backward = run(["epc-share"], [...raws].reverse());
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  it("lists an undecided member once for each time it is filed, and decides a member filed again the same way once", () => {
    const undecided = (code: string) => project(code, { delivery: {} });
    const records = [
      undecided("P-X"),
      project("P-1", { delivery: { model: "epc" } }),
      undecided("P-X"),
      project("P-2"),
      undecided("P-Y"),
      project("P-1", { delivery: { model: "epc" } }),
      undecided("P-X"),
    ];
    const [result] = run(["epc-share"], records);
    expect(result!.outcome).toBe("incomplete");
    expect(result!.outputs).toMatchObject({ count: 2, matchingCount: 1, members: ["P-1", "P-2"], matching: ["P-1"], undecided: ["P-X", "P-X", "P-X", "P-Y"] });
    expect(result!.message).toBe("incomplete: 4 members cannot be decided without P-X: delivery.model, P-Y: delivery.model");
    expect(result!.assumptions.filter((a) => a.param.startsWith("duplicate"))).toEqual([]);
    // The same records in another order: the same result.
    expect(run(["epc-share"], [...records].reverse())).toEqual([result]);
  });

  it("sorts numeric keys by value and before text keys", () => {
    expect(["2024", "河套", "999", "2023", "前海", "10000"].sort(compareKeys)).toEqual(["999", "2023", "2024", "10000", "前海", "河套"]);
  });
});

describe("the portfolio block is checked on load", () => {
  const base = "id: my-rule\ntitle: { zh: 测试, en: test }\nclause: 五（十二）\nsource: x\nstrength: mandatory\ncheck: { \">=\": [{ var: group.sharePct }, 20] }\nmessage: { fail: { zh: x, en: x } }\n";
  const load = (extra: string) => () => loadRuleFile(join(tempFiles({ "my-rule.yaml": base + extra }), "my-rule.yaml"));

  it("a portfolio rule needs a portfolio block", () => {
    expect(load("subject: portfolio\n")).toThrow(/portfolio: a portfolio rule says how to group and count/);
  });

  it("only a portfolio rule may have one", () => {
    expect(load("subject: project\nportfolio: { over: project }\n")).toThrow(/only a rule with subject: portfolio has a portfolio block/);
  });

  it("buildings are counted over projects only", () => {
    expect(load("subject: portfolio\nportfolio: { over: enterprise, unit: building }\n")).toThrow(/unit: building counts the buildings of projects/);
  });

  it("rule outputs may not shadow the group figures", () => {
    expect(load("subject: portfolio\nportfolio: { over: project }\noutputs: { members: { value: 1 } }\n")).toThrow(/"members" is a group figure/);
  });

  it("members, groupBy, matches and weight are checked as JsonLogic", () => {
    expect(load("subject: portfolio\nportfolio: { over: project, groupBy: { frobnicate: 1 } }\n")).toThrow(/portfolio\.groupBy: unknown JsonLogic operator "frobnicate"/);
  });

  it("onUnknown defaults to incomplete and unit to record", () => {
    const rule = load("subject: portfolio\nportfolio: { over: project }\n")();
    expect(rule.definition.portfolio).toEqual({ over: "project", unit: "record", onUnknown: "incomplete" });
  });

  it("a negative or non-numeric weight is a rule error naming /portfolio/weight", () => {
    const file = join(tempFiles({ "my-rule.yaml": base + "subject: portfolio\nportfolio: { over: project, weight: { var: name } }\n" }), "my-rule.yaml");
    expect(() => run([file], [project("P-1")])).toThrow(/weight of P-1 is "项目P-1": a weight must be a number ≥ 0/);
  });
});
