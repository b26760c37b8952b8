import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportSchema, type Report } from "../src/model/report.js";
import { szcheck, tempFiles } from "./helpers.js";

const demo = ["check", "fixtures/demo", "--as-of", "2024-06-30"];

const enterprise = (fields: Record<string, unknown> = {}): string =>
  JSON.stringify({ kind: "enterprise", creditCode: "91440300MA5F0L7K29", name: "深圳市同创勘察设计研究院有限公司", type: "survey-design", techLeader: true, fiscalYear: 2023, employees: 120, revenueCny: 100000000, rdExpenseCny: 4000000, ...fields });

describe("szcheck check on the demo data", () => {
  it("prints a text report with findings and exits 1 because some are errors", () => {
    const run = szcheck([...demo, "--lang", "en"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ error    bim-required 三（八）");
    expect(run.stdout).toContain("short by ¥167,400,000 of R&D");
    expect(run.stdout).toMatch(/✖ \d+ problems \(\d+ error · \d+ warning · \d+ info\) \| \d+ failed/);
    expect(run.stdout).not.toContain("\u001b["); // no colour when stdout is not a terminal
  });

  it("speaks Chinese with --lang zh, labels and all", () => {
    const run = szcheck([...demo, "--lang", "zh"]);
    expect(run.stdout).toContain("未达到鼓励性指标：研发投入强度 2.1% 低于施工类企业 3% 的鼓励性指标，研发投入差 167,400,000元");
    expect(run.stdout).toContain("以下责任主体缺少项目负责人或未备案法定代表人授权书、质量终身责任承诺书：监理单位");
    expect(run.stdout).toMatch(/判定日 2024-06-30/);
  });

  it("takes the language from the locale", () => {
    expect(szcheck(demo, { env: { LANG: "zh_CN.UTF-8" } }).stdout).toContain("项问题");
    expect(szcheck(demo, { env: { LANG: "en_GB.UTF-8" } }).stdout).toContain("problems");
  });

  it("gives the JSON report of the contract, key for key, byte-identical across runs", () => {
    const first = szcheck([...demo, "--format", "json", "--results", "all"]);
    const second = szcheck([...demo, "--format", "json", "--results", "all"]);
    expect(first.code).toBe(1);
    expect(first.stdout).toBe(second.stdout);
    const report = JSON.parse(first.stdout) as Report;
    expect(Object.keys(report)).toEqual(["tool", "reportVersion", "version", "asOf", "lang", "rulesetHash", "inputs", "summary", "rules", "listed", "results", "errors", "waivers"]);
    expect(() => reportSchema().parse(report)).not.toThrow();
    expect(report.reportVersion).toBe(2);
    expect(Object.keys(report.summary)).toEqual(["records", "rules", "pass", "fail", "notApplicable", "incomplete", "waived", "computed", "bySeverity", "byRule"]);
    expect(Object.keys([...report.results][0]!)).toEqual(["ruleId", "subject", "outcome", "severity", "message", "values", "missing", "measure", "outputs", "assumptions", "waiver", "location"]);
    expect(report.inputs.map((input) => input.file)).toContain("fixtures/demo/enterprises.yaml");
    expect(report.summary.records).toBe(20);
  });

  it("reports the R&D shortfall in CNY with the figures read", () => {
    const report = JSON.parse(szcheck([...demo, "--format", "json", "--results", "all"]).stdout) as Report;
    const rd = [...report.results].find((r) => r.ruleId === "rd-intensity" && r.subject.id === "914403001922012340")!;
    expect(rd).toMatchObject({ outcome: "fail", severity: "info" });
    expect(report.rules.find((rule) => rule.id === "rd-intensity")).toMatchObject({ strength: "encouraged", clause: "二（三）" });
    expect(rd.measure).toEqual({ actual: 2.1, required: 3, gap: 167400000, unit: "pct", gapUnit: "cny" });
    expect(rd.values).toMatchObject({ rdExpenseCny: 390600000, revenueCny: 18600000000 });
    expect(rd.assumptions).toEqual(["denominator"]);
  });

  it("gives one result per building for building rules", () => {
    const report = JSON.parse(szcheck([...demo, "--format", "json", "--results", "all", "--only", "prefab-required"]).stdout) as Report;
    const housing = [...report.results].filter((r) => r.subject.id.startsWith("2023-440307-70-01-200457/"));
    expect(housing.map((r) => [r.subject.id, r.subject.kind, r.subject.pointer, r.outcome])).toEqual([
      ["2023-440307-70-01-200457/1#", "building", "/buildings/0", "pass"],
      ["2023-440307-70-01-200457/2#", "building", "/buildings/1", "fail"],
      ["2023-440307-70-01-200457/3#", "building", "/buildings/2", "fail"],
    ]);
  });

  it("names the missing fields of an incomplete result", () => {
    const report = JSON.parse(szcheck([...demo, "--format", "json", "--results", "all", "--only", "bim-required"]).stdout) as Report;
    const road = [...report.results].find((r) => r.subject.id === "2022-440306-48-01-400120")!;
    expect(road.outcome).toBe("incomplete");
    expect(road.missing).toEqual(["bim.applied"]);
  });
});

describe("exit codes and thresholds", () => {
  it("--fail-on none always exits 0 when the input is valid", () => {
    expect(szcheck([...demo, "--fail-on", "none"]).code).toBe(0);
  });

  it("--fail-on info turns an info finding into exit 1; error ignores it", () => {
    const dir = tempFiles({ "e.json": enterprise({ rdExpenseCny: 3000000 }) });
    expect(szcheck(["check", dir, "--fail-on", "info", "--as-of", "2024-06-30"]).code).toBe(1);
    expect(szcheck(["check", dir, "--fail-on", "error", "--as-of", "2024-06-30"]).code).toBe(0);
  });

  it("--only and --skip select rules; an unknown id is exit 2", () => {
    const report = JSON.parse(szcheck([...demo, "--format", "json", "--results", "all", "--skip", "rd-intensity,bim-required"]).stdout) as Report;
    expect([...report.results].some((r) => r.ruleId === "rd-intensity" || r.ruleId === "bim-required")).toBe(false);
    const bad = szcheck([...demo, "--only", "rd-intensty"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--only: no rule with id "rd-intensty" (did you mean "rd-intensity"?)');
  });

  it("--quiet shows failures only", () => {
    const run = szcheck([...demo, "--quiet", "--lang", "en"]);
    expect(run.stdout).not.toContain("∑ computed");
    expect(run.stdout).not.toContain("? incomplete");
    expect(run.stdout).toContain("✖ error");
  });

  it("an unknown option is a usage error, exit 2", () => {
    const run = szcheck(["check", "fixtures/demo", "--fial-on", "error"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--fial-on'");
  });

  it("--help shows examples and exits 0", () => {
    const run = szcheck(["check", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Examples:");
    expect(run.stdout).toContain("--fail-on <severity>");
  });
});

describe("inputs", () => {
  it("reads standard input with -", () => {
    const run = szcheck(["check", "-", "--format", "json", "--results", "all", "--as-of", "2024-06-30"], { input: enterprise() });
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(0);
    expect(report.inputs[0]!.file).toBe("-");
    expect([...report.results].find((r) => r.ruleId === "rd-intensity")!.outcome).toBe("pass");
  });

  it("expands quoted globs", () => {
    const run = szcheck(["check", "fixtures/demo/projects/*.yaml", "--format", "json", "--results", "all", "--as-of", "2024-06-30"]);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.inputs.map((i) => i.file)).toEqual([
      "fixtures/demo/projects/baoan-road.yaml",
      "fixtures/demo/projects/futian-office-2021.yaml",
      "fixtures/demo/projects/longgang-affordable-housing.yaml",
      "fixtures/demo/projects/qianhai-school.yaml",
    ]);
  });

  it("writes a report to a file with --format json=path and text to stdout", () => {
    const dir = tempFiles({});
    const out = join(dir, "out", "report.json");
    const run = szcheck([...demo, "--format", `json=${out}`, "--format", "text", "--lang", "en"]);
    expect(run.stdout).toContain("problems");
    const report = JSON.parse(readFileSync(out, "utf8")) as Report;
    expect(report.summary.records).toBe(20);
  });

  it("a path that does not exist is exit 2 naming it", () => {
    const run = szcheck(["check", "no/such/file.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no/such/file.yaml: no such file or folder");
  });
});

describe("bad input: exit 2 with the file and the field", () => {
  it("malformed JSON names the file, line and column", () => {
    const dir = tempFiles({ "bad.json": '{\n  "kind": "enterprise",\n  "name": "x"\n  "type": "other"\n}' });
    const run = szcheck(["check", join(dir, "bad.json")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/bad\.json:4:3 {2}invalid JSON at line 4, column 3/);
    expect(run.stdout).toContain("✖ invalid input");
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it("malformed YAML names the file and line", () => {
    const dir = tempFiles({ "bad.yaml": "kind: project\nname: [unclosed\n" });
    const run = szcheck(["check", join(dir, "bad.yaml"), "--format", "json", "--results", "all"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors[0]!.file).toMatch(/bad\.yaml$/);
    expect(report.errors[0]!.message).toMatch(/invalid YAML at line \d+/);
  });

  it("an unknown field is named with its pointer and a suggestion", () => {
    const dir = tempFiles({ "typo.json": enterprise({ rdExpenceCny: 1 }) });
    const run = szcheck(["check", dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/typo\.json:1:\d+ {2}#\/rdExpenceCny {2}unknown field "rdExpenceCny" \(did you mean "rdExpenseCny"\?\)/);
  });

  it("x- fields are the user's own and accepted", () => {
    const dir = tempFiles({ "ok.json": enterprise({ "x-note": "reviewed by 张工" }) });
    expect(szcheck(["check", dir, "--as-of", "2024-06-30"]).code).toBe(0);
  });

  it("a wrong credit code names the field and the expected check character", () => {
    const dir = tempFiles({ "code.json": enterprise({ creditCode: "91350100M000100Y42" }) });
    const run = szcheck(["check", dir, "--format", "json", "--results", "all"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([{ file: expect.stringMatching(/code\.json$/), pointer: "/creditCode", line: 1, column: 22, message: expect.stringContaining("should be '3', not '2'") }]);
    expect(run.stderr).toContain("#/creditCode");
  });

  it("an invalid record in a batch does not stop the valid ones; --skip-invalid exits on findings only", () => {
    const dir = tempFiles({ "batch.json": `[${enterprise()}, ${enterprise({ fiscalYear: "2023" })}]` });
    const run = szcheck(["check", dir, "--format", "json", "--results", "all", "--as-of", "2024-06-30"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.summary.records).toBe(1);
    expect(report.errors[0]!.pointer).toBe("/1/fiscalYear");
    expect(szcheck(["check", dir, "--skip-invalid", "--as-of", "2024-06-30"]).code).toBe(0);
  });

  it("an empty file is an error, not a crash", () => {
    const dir = tempFiles({ "empty.yaml": "" });
    const run = szcheck(["check", dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("the file is empty");
  });

  it("a Chinese date that does not exist is rejected", () => {
    const dir = tempFiles({ "p.yaml": "kind: project\nprojectCode: P-1\nname: 测试\napproval: { date: 2023-02-30 }\n" });
    const run = szcheck(["check", dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('#/approval/date  "2023-02-30" is not a calendar date');
  });

  it("an invalid rule in a --rules pack is exit 2 naming the file and the key", () => {
    const dir = tempFiles({ "my-rule.yaml": "id: my-rule\ntitle: { zh: 测试, en: test }\nclause: 三（八）\nsource: x\nsubject: project\nstrength: mandatory\ncheck: { frobnicate: [1] }\nmessage: { fail: { zh: x, en: x } }\n" });
    const run = szcheck([...demo, "--rules", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/my-rule\.yaml#\/check: invalid rule \(line 7\): check: unknown JsonLogic operator "frobnicate"/);
  });
});

describe("szcheck schema", () => {
  it("prints the JSON Schema of a project, with Chinese labels accepted", () => {
    const run = szcheck(["schema", "project"]);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout) as { properties: Record<string, { enum?: string[] }>; patternProperties: Record<string, unknown> };
    expect(schema.properties.district!.enum).toEqual(expect.arrayContaining(["nanshan", "南山"]));
    expect(schema.patternProperties).toHaveProperty("^x-");
  });

  it("an unknown schema name is exit 2", () => {
    expect(szcheck(["schema", "projet"]).code).toBe(2);
  });
});
