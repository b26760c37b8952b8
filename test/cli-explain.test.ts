import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RuleExplanation, TraceNode } from "../src/explain/explain-rule.js";
import { szcheck, tempFiles } from "./helpers.js";

const demo = "fixtures/demo/enterprises.yaml";
const asOf = ["--as-of", "2024-06-30"];

/** Every node of a trace, depth first. */
const nodes = (node: TraceNode | null): TraceNode[] => (node === null ? [] : [node, ...(node.parts ?? []).flatMap(nodes)]);

describe("szcheck explain", () => {
  it("shows a failing rd-intensity record's ratio, the threshold for its type and the CNY shortfall", () => {
    const run = szcheck(["explain", "rd-intensity", `${demo}#/0`, ...asOf]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("rd-intensity — R&D intensity of leading construction-technology enterprises");
    expect(run.stdout).toContain(`${demo}#/0  深圳市鹏程建设集团有限公司 (enterprise 914403001922012340)`);
    expect(run.stdout).toMatch(/actual\s+2\.1%\s+rdExpenseCny ÷ var\(denominator \(= revenueCny\)\) × 100/);
    expect(run.stdout).toMatch(/required\s+3%\s+if type = construction then minConstructionPct \(= 3%\)/);
    expect(run.stdout).toMatch(/read: minConstructionPct = 3%; type = construction/);
    expect(run.stdout).toMatch(/gap\s+¥167,400,000/);
    expect(run.stdout).toMatch(/check ✗ rdExpenseCny × 100 ≥ .*◀ decides\n\s+read: denominator = revenueCny; minConstructionPct = 3%; rdExpenseCny = ¥390,600,000; revenueCny = ¥18,600,000,000; type = construction\n\s+rdExpenseCny × 100 = 39,060,000,000 · right side = 55,800,000,000/);
    expect(run.stdout).toContain("⇒ failed (info): does not meet an encouraged target: R&D intensity 2.1% is below the 3% expected of a construction enterprise, short by ¥167,400,000 of R&D");
    // Only the record asked for.
    expect(run.stdout).not.toContain("#/1");
  });

  it("gives the rule in plain words, its window and its parameters with their sources", () => {
    const run = szcheck(["explain", "rd-intensity", demo, "--record", "/0", ...asOf]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("In plain words:\n  applies if all of:\n    - techLeader = true\n    - type in [construction, survey-design, tech-consulting]\n    - var(denominator (= revenueCny)) > 0");
    expect(run.stdout).toContain("    rdExpenseCny — R&D expense of the fiscal year (CNY) (本财年研发投入)");
    expect(run.stdout).toContain("In force:\n  from 2022-10-02; decided by fiscalYear");
    expect(run.stdout).toContain("  minConstructionPct = 3%  [sourced] 深府办函〔2022〕95号 二（三）「施工类不低于 3%」");
    expect(run.stdout).toContain("  denominator = revenueCny  [assumption] none found");
    expect(run.stdout).toContain("  window: fiscalYear 2023: in force (2022-10-02 – …)");
  });

  it("explains every record of a list without a pointer, and speaks Chinese with --lang zh", () => {
    const run = szcheck(["explain", "rd-intensity", demo, ...asOf, "--lang", "zh"]);
    expect(run.code).toBe(0);
    for (const pointer of ["/0", "/1", "/2", "/3", "/4"]) expect(run.stdout).toContain(`${demo}#${pointer}  `);
    expect(run.stdout).toContain("规则释义:");
    expect(run.stdout).toMatch(/适用条件 ✗ 以下全部成立：\n\s+✗ techLeader = true {2}◀ 决定结果\n\s+读取：techLeader = 否/);
    expect(run.stdout).toContain("⇒ 数据不全 (提示)：无法判断：缺少 研发投入");
    expect(run.stdout).toContain("⇒ 不符合 (提示)：未达到鼓励性指标：研发投入强度 2.1% 低于施工类企业 3% 的鼓励性指标，研发投入差 167,400,000元");
  });

  it("gives the same as one documented object with --format json", () => {
    const run = szcheck(["explain", "rd-intensity", `${demo}#/0`, ...asOf, "--format", "json"]);
    expect(run.code).toBe(0);
    const explanation = JSON.parse(run.stdout) as RuleExplanation;
    expect(Object.keys(explanation)).toEqual(["tool", "asOf", "lang", "rule", "effective", "params", "fields", "subjects", "members", "errors"]);
    expect(explanation.rule.logic.check?.plain.zh).toMatch(/^rdExpenseCny × 100 ≥ \(若 type = construction 则 minConstructionPct（= 3%）/);
    expect(explanation.params.find((p) => p.name === "minConstructionPct")).toEqual({
      name: "minConstructionPct", value: 3, unit: "pct", status: "sourced", source: "深府办函〔2022〕95号 二（三）「施工类不低于 3%」", why: null, definedIn: "rules/rd-intensity.yaml", read: true,
    });
    expect(explanation.params.find((p) => p.name === "minSurveyDesignPct")?.read).toBe(false);
    const [subject] = explanation.subjects;
    expect(subject?.decidedBy).toBe("check");
    expect(subject?.result).toMatchObject({ ruleId: "rd-intensity", outcome: "fail", measure: { actual: 2.1, required: 3, gap: 167400000 } });
    expect(subject?.measure.map((m) => [m.name, m.value])).toEqual([["actual", 2.1], ["required", 3], ["gap", 167400000]]);
    expect(subject?.check).toMatchObject({ truth: false, decisive: true, value: false, operands: [{ side: 0, value: 39060000000 }, { side: 1, value: 55800000000 }] });
    expect(subject?.check?.reads).toEqual({ "params.denominator": "revenueCny", "params.minConstructionPct": 3, rdExpenseCny: 390600000, revenueCny: 18600000000, type: "construction" });
    expect(nodes(subject!.appliesIf).map((n) => [n.truth, n.decisive])).toEqual([[true, false], [true, false], [true, false], [true, false]]);
  });

  it("marks the leaves that decided, down an if, an and and an or, and names what is missing", () => {
    const filing = tempFiles({
      "p.yaml": `kind: project\nprojectCode: P-1\nname: 示例\nconstructionNature: new\napproval: { date: 2024-01-10 }\nbuildings:\n  - { id: A, use: public, floorAreaM2: 25000, green: { targetStar: 1 } }\n  - { id: B, use: public, floorAreaM2: 9000, green: { targetStar: 1 } }\n`,
    });
    const run = szcheck(["explain", "green-star-minimum", join(filing, "p.yaml"), ...asOf, "--format", "json"]);
    expect(run.code).toBe(0);
    const [a, b] = (JSON.parse(run.stdout) as RuleExplanation).subjects;
    expect(a?.result.outcome).toBe("fail");
    const decisive = (node: TraceNode | null): string[] => nodes(node).filter((n) => n.decisive && n.parts === undefined).map((n) => n.text);
    expect(decisive(a!.check)).toEqual(["building.use = public", "building.floorAreaM2 ≥ largePublicMinFloorAreaM2 (= 20,000 m²)", "building.green.targetStar ≥ minStarLargePublicOrGovernmentOffice (= 2 stars)"]);
    expect(b?.result).toMatchObject({ outcome: "incomplete", missing: ["building.isGovernmentOffice"] });
    expect(b?.check).toMatchObject({ truth: "unknown", missing: ["building.isGovernmentOffice"] });
    expect(decisive(b!.check)).toEqual(["building.isGovernmentOffice = true"]);
  });

  it("says when the window or appliesIf decided", () => {
    const run = szcheck(["explain", "green-star-minimum", "fixtures/demo/projects/futian-office-2021.yaml", ...asOf]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("window: approval.date 2021-09-30: outside the period in force (2022-07-01 – …)  ◀ decides");
    const na = szcheck(["explain", "rd-intensity", `${demo}#/2`, ...asOf]);
    expect(na.stdout).toContain("(appliesIf did not hold: nothing further is computed)");
    expect(na.stdout).toContain("⇒ not applicable: the record is outside the rule's scope");
  });

  it("explains a portfolio rule over the file's records: the members, the group figures and the check", () => {
    const run = szcheck(["explain", "epc-annual-share", "fixtures/demo/projects-batch.yaml", ...asOf, "--format", "json"]);
    expect(run.code).toBe(0);
    const explanation = JSON.parse(run.stdout) as RuleExplanation;
    expect(explanation.subjects.map((s) => [s.subject.id, s.result.outcome])).toEqual([["epc-annual-share/2023", "fail"], ["epc-annual-share/2024", "pass"]]);
    expect(explanation.subjects[0]?.figures).toMatchObject({ key: "2023", count: 4, matchingCount: 0 });
    expect(explanation.members).toHaveLength(7);
    expect(explanation.members[0]).toMatchObject({ status: "decided", groupBy: { value: 2023 }, matches: { truth: false } });
    const one = szcheck(["explain", "epc-annual-share", "fixtures/demo/projects-batch.yaml", "--record", "/4", ...asOf]);
    expect(one.stdout).toMatch(/Members:\n {2}2024-440305-92-01-100115 {2}前海合作区政务服务中心项目 {2}\(fixtures\/demo\/projects-batch\.yaml#\/4\) — decided · group 2024\n/);
    expect(one.stdout).toContain("epc-annual-share/2023  2023 (portfolio epc-annual-share/2023)");
  });

  it("uses a config file's parameter values and says where they come from", () => {
    const dir = tempFiles({ "szcheck.config.yaml": "params:\n  rd-intensity: { minConstructionPct: 2 }\n" });
    writeFileSync(join(dir, "e.yaml"), `kind: enterprise\ncreditCode: "914403001922012340"\nname: 示例\ntype: construction\ntechLeader: true\nfiscalYear: 2023\nrevenueCny: 1000000000\nrdExpenseCny: 21000000\n`);
    const run = szcheck(["explain", "rd-intensity", "e.yaml", ...asOf], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  minConstructionPct = 2%  [sourced]");
    expect(run.stdout).toContain("      set by szcheck.config.yaml (the rule's own value: 3%)");
    expect(run.stdout).toContain("⇒ passed: R&D intensity 2.1% meets the 2% expected of a construction enterprise");
    expect(szcheck(["explain", "rd-intensity", "e.yaml", ...asOf, "--no-config"], { cwd: dir }).stdout).toContain("⇒ failed (info)");
  });

  it("exits 2 with a clear message for an unknown rule, a bad pointer, or a file the rule judges nothing in", () => {
    const unknown = szcheck(["explain", "rd-intensty", demo]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no rule with id "rd-intensty" (did you mean rd-intensity?)');
    const pointer = szcheck(["explain", "rd-intensity", `${demo}#/99`]);
    expect(pointer.code).toBe(2);
    expect(pointer.stderr).toMatch(/no record at pointer \/99\n {2}hint: the file's records are at \/0 \/1 \/2/);
    const kind = szcheck(["explain", "rd-intensity", "fixtures/demo/projects/qianhai-school.yaml"]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain("rd-intensity judges enterprises, and the file holds none");
    expect(szcheck(["explain", "rd-intensity", demo, "--as-of", "2024-13-01"]).code).toBe(2);
    expect(szcheck(["explain", "rd-intensity", "no-such.yaml"]).code).toBe(2);
  });

  it("has help with examples", () => {
    const run = szcheck(["explain", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("$ szcheck explain rd-intensity fixtures/demo/enterprises.yaml#/0");
    expect(szcheck(["--help"]).stdout).toMatch(/explain \[options\] <rule-id> <file>/);
  });
});
