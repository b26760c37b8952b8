import { describe, expect, it } from "vitest";
import type { Coverage } from "../src/authoring/coverage.js";
import type { RuleDetail, RuleRow } from "../src/rules/catalog.js";
import { szcheck, tempFiles } from "./helpers.js";

const lastLine = (text: string): string => text.trimEnd().split("\n").at(-1)!;

const rule = `id: my-rule
title: { zh: 测试规则, en: test rule }
clause: 三（八）
source: 2023 年起，全市所有新建工程项目全面实施 BIM 技术应用。
subject: project
strength: mandatory
check: { "==": [{ var: bim.applied }, true] }
message: { fail: { zh: 未应用 BIM, en: no BIM } }
`;
const tests = (expected: string) => `rule: my-rule
base: { kind: project, projectCode: P-1, name: 项目, bim: { applied: true } }
cases:
  - name: BIM applied passes
    expect: { outcome: pass }
  - name: without BIM it fails
    set: { bim.applied: false }
    expect: { outcome: ${expected} }
`;

describe("szcheck rules list", () => {
  it("lists id, clause, strength, subject and title", () => {
    const run = szcheck(["rules", "list"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^id\s+clause\s+strength\s+subject\s+title$/);
    expect(run.stdout).toMatch(/^rd-intensity\s+二（三）\s+encouraged\s+enterprise\s+R&D intensity of leading construction-technology enterprises$/m);
    expect(lastLine(run.stdout)).toMatch(/^\d+ rules$/);
  });

  it("speaks Chinese with --lang zh", () => {
    const run = szcheck(["rules", "list", "--lang", "zh"]);
    expect(run.stdout.split("\n")[0]).toMatch(/^规则\s+条款\s+强度\s+对象\s+标题$/);
    expect(run.stdout).toMatch(/^rd-intensity\s+二（三）\s+鼓励性\s+企业\s+建设科技龙头企业研发投入强度$/m);
  });

  it("gives JSON with --format json, and adds --rules packs", () => {
    const run = szcheck(["rules", "list", "--format", "json", "--rules", "test/fixtures/portfolio-rules"]);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as RuleRow[];
    expect(rows.find((row) => row.id === "epc-share")).toEqual({
      id: "epc-share",
      clause: "五（十二）",
      strength: "mandatory",
      strengths: ["mandatory"],
      severity: "error",
      subject: "portfolio",
      title: { zh: "政府和国有资金投资项目工程总承包比例（测试规则）", en: "EPC share of government- and state-funded projects (test rule)" },
      file: "test/fixtures/portfolio-rules/epc-share.yaml",
    });
    expect(rows.map((row) => row.id)).toContain("rd-intensity");
  });
});

describe("szcheck rules show", () => {
  it("shows the clause text, source, parameters, window and readable logic", () => {
    const run = szcheck(["rules", "show", "rd-intensity"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("rd-intensity — R&D intensity of leading construction-technology enterprises");
    expect(run.stdout).toContain("text (深府办函〔2022〕95号 二（三）):");
    expect(run.stdout).toContain("加强企业创新能力建设。");
    expect(run.stdout).toContain("from 2022-10-02; decided by fiscalYear");
    expect(run.stdout).toContain("minConstructionPct = 3% (pct)  [sourced]");
    expect(run.stdout).toContain("denominator = revenueCny  [assumption]");
    expect(run.stdout).toMatch(/why: the policy does not name what the R&D share is of/);
    expect(run.stdout).toMatch(/appliesIf\s+techLeader == true and type in \[construction, survey-design, tech-consulting\]/);
  });

  it("shows a portfolio rule's grouping and count basis", () => {
    const run = szcheck(["rules", "show", "epc-share", "--rules", "test/fixtures/portfolio-rules"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/members\s+funding in params\.publicFunding/);
    expect(run.stdout).toMatch(/group by\s+year\(approval\.date\)/);
    expect(run.stdout).toMatch(/weight\s+if params\.countBy == investment then investmentCny else 1/);
    expect(run.stdout).toMatch(/check\s+group\.sharePct >= params\.minSharePct/);
  });

  it("gives the detail as JSON, logic both as written and as text", () => {
    const detail = JSON.parse(szcheck(["rules", "show", "rd-intensity", "--format", "json"]).stdout) as RuleDetail;
    expect(detail.clauseText.id).toBe("二（三）");
    expect(detail.logic.check!.text).toContain("rdExpenseCny * 100 >=");
    expect(detail.params.find((param) => param.name === "denominator")!.status).toBe("assumption");
  });

  it("an unknown id is exit 2 with a suggestion", () => {
    const run = szcheck(["rules", "show", "rd-intensty"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no rule with id "rd-intensty" (did you mean rd-intensity?)');
  });
});

describe("szcheck rules test", () => {
  it("runs a pack's cases, ✓ each, and ends with the summary line", () => {
    const run = szcheck(["rules", "test", "test/fixtures/portfolio-rules"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("epc-share  test/fixtures/portfolio-rules/epc-share.test.yaml");
    expect(run.stdout).toContain("  ✓ one EPC project of five approved in 2023 is exactly 20% and passes");
    expect(lastLine(run.stdout)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("a failing case is ✗ with the difference, and exit 1", () => {
    const dir = tempFiles({ "my-rule.yaml": rule, "my-rule.test.yaml": tests("pass") });
    const run = szcheck(["rules", "test", "--rules", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("  ✓ BIM applied passes");
    expect(run.stdout).toContain("  ✗ without BIM it fails");
    expect(run.stdout).toContain("outcome fail, expected pass");
    expect(lastLine(run.stdout)).toBe("1 passed, 1 failed");
  });

  it("a rule without tests is exit 1", () => {
    const dir = tempFiles({ "my-rule.yaml": rule });
    const run = szcheck(["rules", "test", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ my-rule: no test file \(expected .*my-rule\.test\.yaml\)/);
    expect(lastLine(run.stdout)).toBe("0 passed, 0 failed");
  });

  it("a passing pack is exit 0, in JSON too", () => {
    const dir = tempFiles({ "my-rule.yaml": rule, "my-rule.test.yaml": tests("fail") });
    const run = szcheck(["rules", "test", dir, "--format", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ passed: 2, failed: 0, untested: [] });
  });

  it("tests the built-in pack by default, exit 0 only when nothing failed", () => {
    const run = szcheck(["rules", "test"]);
    const summary = /^(\d+) passed, (\d+) failed$/.exec(lastLine(run.stdout));
    expect(summary).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThan(100);
    expect(run.code).toBe(summary![2] === "0" && !run.stdout.includes("no test file") ? 0 : 1);
  });

  it("a rule citing an unknown clause is exit 2 naming the file and /clause", () => {
    const dir = tempFiles({ "my-rule.yaml": rule.replace("三（八）", "三（廿）") });
    const run = szcheck(["rules", "test", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/my-rule\.yaml#\/clause: clause "三（廿）" is not in the clause index/);
  });
});

describe("szcheck coverage", () => {
  it("maps all 20 clauses to rules and tests, or a reason, and ends with the count", () => {
    const run = szcheck(["coverage"]);
    const accounted = /^(\d+)\/20 clauses accounted for$/.exec(lastLine(run.stdout));
    expect(accounted).not.toBeNull();
    expect(run.code).toBe(accounted![1] === "20" ? 0 : 1);
    expect(run.stdout).toContain("– 一（一） The new development philosophy leads the transformation and upgrading of the construction industry");
    expect(run.stdout).toContain("not checked per record: sets the overall direction only");
    expect(run.stdout).toMatch(/✓ 二（三） .*\n\s+rd-intensity\s+encouraged\s+enterprise\s+\d+ cases: \d+ passed · \d+ failed · \d+ not applicable · \d+ incomplete/);
  });

  it("gives the matrix as JSON", () => {
    const coverage = JSON.parse(szcheck(["coverage", "--format", "json", "--rules", "test/fixtures/portfolio-rules"]).stdout) as Coverage;
    expect(coverage.total).toBe(20);
    expect(coverage.clauses.map((clause) => clause.clause)).toHaveLength(20);
    const twelve = coverage.clauses.find((clause) => clause.clause === "五（十二）")!;
    expect(twelve.status).toBe("checked");
    expect(twelve.rules.find((r) => r.id === "epc-share")).toMatchObject({ subject: "portfolio", cases: 11, byOutcome: { pass: 6, fail: 2, incomplete: 3, none: 1 } });
    expect(coverage.clauses.find((clause) => clause.clause === "六（十八）")).toMatchObject({ status: "unchecked", rules: [] });
  });

  it("speaks Chinese with --lang zh", () => {
    const run = szcheck(["coverage", "--lang", "zh"]);
    expect(run.stdout).toContain("深府办函〔2022〕95号《深圳市加快推进现代建筑业高质量发展的若干措施》");
    expect(run.stdout).toContain("不逐条检查：本条只提出总体方向");
  });
});

describe("help", () => {
  for (const args of [["rules", "list"], ["rules", "show"], ["rules", "test"], ["coverage"]]) {
    it(`szcheck ${args.join(" ")} --help shows examples`, () => {
      const run = szcheck([...args, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Examples:");
      expect(run.stdout).toContain(`$ szcheck ${args.join(" ")}`);
    });
  }
});
