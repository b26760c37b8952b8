import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInRulesDir } from "../src/package-root.js";
import { lintRulePacks, type LintFinding, type LintReport } from "../src/authoring/lint.js";
import { szcheck, tempFiles } from "./helpers.js";

/** A rule file from a few keys over a valid project rule. */
const rule = (id: string, extra: string, subject = "project") => `id: ${id}
title: { zh: 测试规则, en: test rule }
clause: 三（八）
source: 2023 年起，全市所有新建工程项目全面实施 BIM 技术应用。
subject: ${subject}
strength: mandatory
${extra}
`;

const tests = (id: string, outcomes = ["pass", "fail", "not-applicable", "incomplete"]) => `rule: ${id}
base: { kind: project, projectCode: P-1, name: 项目 }
cases:
${outcomes.map((outcome) => `  - { name: ${outcome}, expect: { outcome: ${outcome} } }`).join("\n")}
`;

const ok = `appliesIf: { "==": [{ var: constructionNature }, new] }
check: { "==": [{ var: bim.applied }, true] }
message: { pass: { zh: 已应用, en: applied }, fail: { zh: 未应用, en: not applied } }`;

function lintFiles(files: Record<string, string>): LintReport {
  return lintRulePacks([tempFiles(files)]);
}

const checksOf = (report: LintReport): string[] => report.findings.map((f) => f.check);
const only = (report: LintReport, check: string): LintFinding[] => report.findings.filter((f) => f.check === check);

describe("rules lint: the library", () => {
  it("finds no error in the built-in pack", () => {
    const report = lintRulePacks([builtInRulesDir()]);
    expect(report.rules).toBeGreaterThan(30);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("passes a clean rule with its tests", () => {
    const report = lintFiles({ "r.yaml": rule("r", ok), "r.test.yaml": tests("r") });
    expect(report.findings).toEqual([]);
  });

  it("reports every schema problem with its line and column, and the id that is not the file name", () => {
    const report = lintFiles({ "r.yaml": rule("other", `${ok}\nseverity: fatal\nextra: 1`), "r.test.yaml": tests("r") });
    expect(only(report, "schema").map((f) => [f.line, f.column, f.message])).toEqual([
      [10, 11, expect.stringMatching(/^severity: /)],
      [11, 1, 'extra: unknown key "extra"'],
    ]);
    expect(only(report, "file-name")[0]).toMatchObject({ line: 1, column: 5, severity: "error" });
  });

  it("reports invalid YAML once, with its place", () => {
    const report = lintFiles({ "r.yaml": "id: r\ncheck: { a: [1, 2 }\n" });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ check: "yaml", line: 2, severity: "error" });
  });

  it("finds var paths the records do not have, with a suggestion", () => {
    const report = lintFiles({
      "r.yaml": rule("r", ok.replace("bim.applied", "bim.aplied").replace("constructionNature", "construction")),
      "r.test.yaml": tests("r"),
    });
    expect(only(report, "unknown-field").map((f) => f.message)).toEqual([
      expect.stringMatching(/^"construction" is not a field of a project record \(did you mean constructionNature\?\)/),
      expect.stringMatching(/^"bim.aplied" is not a field of a project record \(did you mean bim.applied\?\); bim has applied, submittedAt/),
    ]);
    expect(only(report, "unknown-field")[1]).toMatchObject({ line: 8, column: 24, pointer: "/check/==/0/var" });
  });

  it("says that x- fields never reach a rule", () => {
    const report = lintFiles({ "r.yaml": rule("r", ok.replace("bim.applied", "x-bim")), "r.test.yaml": tests("r") });
    expect(only(report, "unknown-field").map((f) => f.message)).toEqual(['"x-bim": x- fields are the filer\'s own, and are dropped before a rule reads the record']);
  });

  it("reads building.* in a building rule, group.* in a portfolio check, and item fields in loops", () => {
    const building = rule("b", `check: { ">=": [{ var: building.green.targetStar }, 1] }\nmessage: { pass: { zh: a, en: a }, fail: { zh: "{building.id}", en: "{building.id}" } }`, "building");
    const project = rule(
      "p",
      `check:\n  and:\n    - { some: [{ var: [parties, []] }, { "==": [{ var: role }, contractor] }] }\n    - { all: [{ var: buildings }, { ">": [{ var: floorAreaM2 }, 0] }] }\n    - { "<": [{ count: { filter: [{ var: buildings }, { var: prefab.adopted }] } }, 2] }\n    - { ">": [{ sum: [{ var: buildings }, floorAreaM2] }, 0] }\n    - { ">": [{ reduce: [{ var: buildings }, { "+": [{ var: accumulator }, { var: current.heightM }] }, 0] }, 0] }\n    - { "==": [{ var: building.id }, x] }\nmessage: { pass: { zh: a, en: a }, fail: { zh: b, en: b } }`,
    );
    const report = lintFiles({ "b.yaml": building, "b.test.yaml": tests("b", ["pass", "fail", "incomplete"]), "p.yaml": project, "p.test.yaml": tests("p", ["pass", "fail", "incomplete"]) });
    expect(report.findings.map((f) => [f.file.split("/").at(-1), f.check, f.message])).toEqual([
      ["p.yaml", "unknown-field", expect.stringMatching(/^"building.id" is not a field of a project record/)],
    ]);
  });

  it("says why params and outer fields are out of reach inside a loop", () => {
    const report = lintFiles({
      "r.yaml": rule("r", `params: { roles: { value: [owner], source: x, status: sourced } }\ncheck: { some: [{ var: parties }, { in: [{ var: role }, { var: params.roles }] }] }\nmessage: { pass: { zh: a, en: a }, fail: { zh: b, en: b } }`),
      "r.test.yaml": tests("r", ["pass", "fail", "incomplete"]),
    });
    expect(only(report, "item-scope").map((f) => f.message)).toEqual([expect.stringMatching(/^"params.roles": inside a loop over parties, var reads the item, so params is out of reach/)]);
  });

  it("finds undeclared and unused parameters, in logic and in messages", () => {
    const report = lintFiles({
      "r.yaml": rule(
        "r",
        `params:\n  minArea: { value: 1, source: x, status: sourced }\n  spare: { value: 1, source: x, status: sourced }\nappliesIf: { ">=": [{ var: investmentCny }, { var: params.minAre }] }\ncheck: { "==": [{ var: bim.applied }, true] }\nmessage: { pass: { zh: "{params.minArea}", en: a }, fail: { zh: "{params.nope}", en: b } }`,
      ),
      "r.test.yaml": tests("r"),
    });
    expect(only(report, "unknown-param").map((f) => f.message)).toEqual(["params.minAre is not declared (did you mean params.minArea?); declared: minArea, spare"]);
    expect(only(report, "unused-param").map((f) => [f.message, f.severity])).toEqual([['parameter "spare" is declared but nothing reads it (params.spare)', "warning"]]);
    expect(only(report, "placeholder").map((f) => f.message)).toEqual(["{params.nope} in message.fail.zh: params.nope is not declared"]);
  });

  it("follows a path held by a parameter ({var: {var: params.x}})", () => {
    const report = lintFiles({
      "r.yaml": rule("r", `params: { base: { value: investmentCnyy, source: x, status: sourced } }\ncheck: { ">": [{ var: { var: params.base } }, 0] }\nmessage: { pass: { zh: a, en: a }, fail: { zh: b, en: b } }`),
      "r.test.yaml": tests("r", ["pass", "fail", "incomplete"]),
    });
    expect(only(report, "unknown-field").map((f) => f.message)).toEqual([expect.stringMatching(/^"investmentCnyy" \(the path held by params.base\) is not a field of a project record \(did you mean investmentCny\?\)/)]);
    expect(only(report, "unused-param")).toEqual([]);
  });

  it("finds enum values a field never holds, Chinese labels included, in literals and in params", () => {
    const report = lintFiles({
      "r.yaml": rule(
        "r",
        `params: { models: { value: [epc, ecp], source: x, status: sourced } }\nappliesIf:\n  and:\n    - { "==": [{ var: district }, 福田] }\n    - { in: [{ var: funding }, [government, goverment]] }\n    - { in: [shcool, { var: [tags, []] }] }\n    - { in: [{ var: delivery.model }, { var: params.models }] }\ncheck: { "==": [{ var: bim.applied }, true] }\nmessage: { pass: { zh: a, en: a }, fail: { zh: b, en: b } }`,
      ),
      "r.test.yaml": tests("r"),
    });
    expect(only(report, "unknown-enum-value").map((f) => f.message)).toEqual([
      'district is never "福田": records are normalised to the English value, write futian (福田)',
      expect.stringMatching(/^funding is never "goverment": did you mean government\?/),
      expect.stringMatching(/^tags never holds "shcool": did you mean school\?/),
      expect.stringMatching(/^delivery.model is never "ecp" \(from params.models\)/),
    ]);
  });

  it("finds placeholders that name nothing, and placeholders in fix", () => {
    const report = lintFiles({
      "r.yaml": rule("r", `check: { "==": [{ var: bim.applied }, true] }\noutputs: { n: { value: 1 } }\nmessage:\n  pass: { zh: "{name} {outputs.n}", en: "{nmae}" }\n  fail: { zh: "{actual}", en: "{outputs.m} {group.count}" }\nfix: { zh: "改 {name}", en: fix it }`),
      "r.test.yaml": tests("r", ["pass", "fail", "incomplete"]),
    });
    expect(only(report, "placeholder").map((f) => [f.line, f.column, f.message])).toEqual([
      [10, 42, expect.stringMatching(/^\{nmae\} in message.pass.en: "nmae" is not a value of a project record \(did you mean name\?\)/)],
      [11, 16, "{actual} in message.fail.zh: the rule has no measure, so {actual} would be printed as is"],
      [11, 32, '{outputs.m} in message.fail.en: the rule has no output "m"; outputs: n'],
      [11, 44, expect.stringMatching(/^\{group.count\} in message.fail.en: "group.count" is not a value of a project record/)],
    ]);
    expect(only(report, "fix-placeholder").map((f) => f.severity)).toEqual(["warning"]);
  });

  it("knows a portfolio rule's check reads the group, and its members the records", () => {
    const portfolio = `id: share
title: { zh: 占比, en: share }
clause: 五（十二）
source: x
subject: portfolio
strength: mandatory
params: { min: { value: 20, source: x, status: sourced } }
portfolio:
  over: project
  members: { "==": [{ var: fundng }, government] }
  groupBy: { year: { var: approval.date } }
check: { ">=": [{ var: group.sharePct }, { var: params.min }] }
measure: { actual: { value: { var: funding }, unit: pct }, required: { value: { var: params.min }, unit: pct } }
message: { pass: { zh: "{group.key}", en: "{group.key}" }, fail: { zh: "{outputs.count}", en: "{group.cont}" } }
`;
    const report = lintFiles({ "share.yaml": portfolio, "share.test.yaml": tests("share", ["pass", "fail", "incomplete"]) });
    expect(report.findings.map((f) => [f.check, f.message])).toEqual([
      ["unknown-field", expect.stringMatching(/^"fundng" is not a field of a member of the portfolio \(a project record\) \(did you mean funding\?\)/)],
      ["unknown-field", expect.stringMatching(/^"funding": a portfolio rule's appliesIf, check, measure and outputs read the group figures/)],
      ["placeholder", expect.stringMatching(/^\{outputs.count\} in message.fail.zh: the rule has no output "count" \(a group figure is \{group.count\}\)/)],
      ["placeholder", expect.stringMatching(/^\{group.cont\} in message.fail.en: "group.cont" is not a value of a portfolio group/)],
    ]);
  });

  it("finds an unknown clause, a window that never opens, and duplicate ids", () => {
    const report = lintFiles({
      "a.yml": rule("a", ok).replace("三（八）", "三(八)").replace("strength: mandatory", "strength: mandatory\neffective: { from: 2024-01-01, until: 2023-01-01, decidedBy: approval.date }"),
      "a.yaml": rule("a", ok),
      "a.test.yaml": tests("a"),
    });
    expect(only(report, "unknown-clause")[0]?.message).toMatch(/^clause "三\(八\)" is not in the clause index \(did you mean 三（八）\?\)/);
    expect(only(report, "effective-window")[0]?.message).toBe("effective.from 2024-01-01 is after effective.until 2023-01-01: the rule is never in force");
    expect(only(report, "duplicate-id")[0]?.message).toMatch(/^rule id "a" is also used by .*a\.yaml: every rule id in a pack must be unique/);
  });

  it("asks for a test file, a valid one, and a case of each outcome the rule can give", () => {
    const noTests = lintFiles({ "r.yaml": rule("r", ok) });
    expect(only(noTests, "missing-test-file")[0]).toMatchObject({ line: 1, column: 1, severity: "error" });
    expect(checksOf(lintFiles({ "r.yaml": rule("r", ok), "r.test.yaml": "rule: s\ncases: [{ name: x, expect: { outcome: pass } }]\n" }))).toEqual(["invalid-test-file"]);
    expect(checksOf(lintFiles({ "r.yaml": rule("r", ok), "r.test.yaml": "rule: r\ncases: []\n" }))).toEqual(["invalid-test-file"]);
    const lacking = lintFiles({ "r.yaml": rule("r", ok), "r.test.yaml": tests("r", ["pass", "fail"]) });
    expect(only(lacking, "missing-outcome-case").map((f) => [f.severity, f.message])).toEqual([["warning", expect.stringMatching(/^no case expects not-applicable, incomplete/)]]);
    // Without appliesIf or a window a rule is never not applicable: no case is asked for it.
    const always = rule("r", `check: { "==": [{ var: bim.applied }, true] }\nmessage: { pass: { zh: a, en: a }, fail: { zh: b, en: b } }`);
    expect(checksOf(lintFiles({ "r.yaml": always, "r.test.yaml": tests("r", ["pass", "fail", "incomplete"]) }))).toEqual([]);
  });
});

describe("szcheck rules lint", () => {
  it("is clean on the built-in pack and exits 0", () => {
    const run = szcheck(["rules", "lint"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^(✔ \d+ rules linted: no problems|⚠ \d+ problems? \(0 errors, \d+ warnings?\) in \d+ rules)$/);
  });

  it("prints file:line:col  severity  message  check, and exits 1 on an error", () => {
    const dir = tempFiles({ "r.yaml": rule("r", ok.replace("bim.applied", "bim.aplied")), "r.test.yaml": tests("r") });
    const run = szcheck(["rules", "lint", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${join(dir, "r.yaml")}:8:24  error  "bim.aplied" is not a field of a project record (did you mean bim.applied?); bim has applied, submittedAt, forwardDesign, domesticSoftware, costInBudgetCny, tender  unknown-field\n`);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("✖ 1 problem (1 error, 0 warnings) in 1 rule");
  });

  it("exits 0 with warnings only, and gives JSON with --format json", () => {
    const dir = tempFiles({ "r.yaml": rule("r", `params: { spare: { value: 1, source: x, status: sourced } }\n${ok}`), "r.test.yaml": tests("r") });
    const run = szcheck(["rules", "lint", "--rules", dir, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as LintReport;
    expect(report).toMatchObject({ dirs: [dir], rules: 1, errorCount: 0, warningCount: 1 });
    expect(report.findings[0]).toEqual({ file: join(dir, "r.yaml"), line: 7, column: 11, severity: "warning", message: 'parameter "spare" is declared but nothing reads it (params.spare)', check: "unused-param", pointer: "/params/spare" });
  });

  it("exits 2 when the folder cannot be read, and lists its checks in --help", () => {
    expect(szcheck(["rules", "lint", "no-such-folder"]).code).toBe(2);
    const help = szcheck(["rules", "lint", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/unknown-enum-value\s+error/);
    expect(help.stdout).toContain("$ szcheck rules lint my-pack/");
  });
});
