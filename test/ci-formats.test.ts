import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse as parseJunit } from "junit2json";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/model/report.js";
import { escapeData, escapeProperty } from "../src/report/github.js";
import { cell } from "../src/report/csv.js";
import { capCell } from "../src/report/cell-limit.js";
import { strengthLabel } from "../src/report/labels.js";
import { repoRoot, szcheck, tempFiles } from "./helpers.js";

const demo = ["check", "fixtures/demo", "--as-of", "2024-06-30"];
const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** The SARIF 2.1.0 JSON Schema as Microsoft's SARIF Multitool ships it (npm: @microsoft/sarif-multitool-<platform>). */
const multitoolPackage = `@microsoft/sarif-multitool-${process.platform}`;
const sarifSchemaFile = require.resolve(`${multitoolPackage}/sarif-2.1.0.json`);
const multitool = require(multitoolPackage) as string;

function reportOf(args: string[]): Report {
  return JSON.parse(szcheck([...args, "--format", "json", "--results", "all"]).stdout) as Report;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri?: string; rules: Array<{ id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string }; properties: Record<string, unknown> }> } };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ level: string; message: { text: string }; locations?: unknown[] }>; toolConfigurationNotifications?: Array<{ level: string; message: { text: string } }> }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn?: number } } }>;
      suppressions?: Array<{ kind: string; justification: string }>;
      properties: { outcome: string; subject: { id: string } };
    }>;
  }>;
}

describe("--format sarif", () => {
  const dir = tempFiles({});
  const file = join(dir, "szcheck.sarif");
  const run = szcheck([...demo, "--lang", "en", "--format", `sarif=${file}`]);
  const text = readFileSync(file, "utf8");
  const log = JSON.parse(text) as SarifLog;
  const report = reportOf([...demo, "--lang", "en"]);

  it("is valid against the SARIF 2.1.0 JSON Schema (ajv, with formats)", () => {
    expect(run.code).toBe(1);
    const schema = JSON.parse(readFileSync(sarifSchemaFile, "utf8")) as object;
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    expect(log.version).toBe("2.1.0");
  });

  it("passes the SARIF Multitool's validator, GitHub ingestion rules included", () => {
    const output = join(dir, "validation.sarif");
    const validation = spawnSync(multitool, ["validate", file, "--output", output, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Ghas"], {
      encoding: "utf8",
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" },
      timeout: 120_000,
    });
    expect(validation.error, "the multitool could not be started").toBeUndefined();
    expect(validation.status, validation.stdout + validation.stderr).toBe(0);
    const findings = (JSON.parse(readFileSync(output, "utf8")) as { runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: { id?: string; arguments?: string[] } }> }> }).runs[0]!.results ?? [];
    // Nothing at all, not even a warning (informationUri comes from package.json's homepage).
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });

  it("describes every rule that ran: bilingual title, help with clause, source and fix, clause and strength", () => {
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe("szcheck");
    expect(driver.version).toBe(report.version);
    expect(driver.rules).toHaveLength(report.summary.rules);
    const prefab = driver.rules.find((rule) => rule.id === "prefab-required")!;
    expect(prefab.name).toBe("PrefabRequired");
    expect(prefab.shortDescription.text).toBe("Prefabrication for residential, and for public and industrial buildings above the set scale");
    expect(prefab.fullDescription.text).toContain("居住建筑及规定规模以上公共、工业建筑采用装配式建筑");
    expect(prefab.help.text).toContain("Clause 三（七）");
    expect(prefab.help.text).toContain("居住建筑以及规定规模以上的公共建筑和工业建筑全面采用装配式建筑");
    expect(prefab.help.text).toContain("Fix: revise the prefabrication design");
    expect(prefab.defaultConfiguration.level).toBe("error");
    expect(prefab.properties).toMatchObject({ clause: "三（七）", strength: "mandatory", severity: "error", defaultLevel: "error" });
    // Its strengthWhen branch makes some of its results in-principle: the metadata says both.
    expect(prefab.properties).toMatchObject({ strengths: ["mandatory", "in-principle"], tags: ["szcheck", "building", "mandatory", "in-principle"] });
    expect(prefab.help.text).toMatch(/^Clause 三（七） \(mandatory \/ in-principle\): /);
    const bim = driver.rules.find((rule) => rule.id === "bim-forward-design")!;
    expect(bim.properties).not.toHaveProperty("strengths");
  });

  it("gives a result per finding, its level mapped from the severity, at the file, line and column of the field", () => {
    const results = log.runs[0]!.results;
    const findings = [...report.results].filter((r) => r.outcome === "fail" || r.outcome === "incomplete");
    expect(results).toHaveLength(findings.length);
    const level = { error: "error", warning: "warning", info: "note" } as const;
    for (const [index, result] of results.entries()) {
      expect(result.level).toBe(level[findings[index]!.severity]);
      expect(log.runs[0]!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
    const prefab = results.find((r) => r.ruleId === "prefab-required" && r.properties.subject.id === "2023-440307-70-01-200457/2#")!;
    expect(prefab.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "fixtures/demo/projects/longgang-affordable-housing.yaml", uriBaseId: "%SRCROOT%" },
      region: { startLine: 16, startColumn: 114 },
    });
    expect(results.every((r) => r.locations[0]!.physicalLocation?.region?.startLine !== undefined)).toBe(true);
  });

  it("is byte-identical across runs (no timestamps)", () => {
    const again = szcheck([...demo, "--lang", "en", "--format", "sarif"]);
    expect(again.stdout).toBe(text);
  });

  it("reports input errors as tool execution notifications with their place", () => {
    const bad = tempFiles({ "bad.yaml": "kind: project\nname: [unclosed\n" });
    const sarif = JSON.parse(szcheck(["check", join(bad, "bad.yaml"), "--format", "sarif"]).stdout) as SarifLog;
    const invocation = sarif.runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications![0]).toMatchObject({ level: "error", message: { text: expect.stringContaining("invalid YAML at line") }, locations: [{ physicalLocation: { region: { startLine: expect.any(Number) } } }] });
  });
});

describe("--format junit", () => {
  it("is read back by an independent JUnit parser with the right counts", async () => {
    const dir = tempFiles({});
    const file = join(dir, "report.xml");
    const run = szcheck([...demo, "--lang", "en", "--format", `junit=${file}`]);
    expect(run.code).toBe(1);
    const report = reportOf([...demo, "--lang", "en"]);
    const parsed = await parseJunit(readFileSync(file, "utf8"));
    const suites = (parsed as { testsuite?: Array<{ name?: string; tests?: number; failures?: number; skipped?: number; testcase?: Array<{ name?: string; file?: string; line?: number; failure?: Array<{ message?: string; type?: string; inner?: string }>; skipped?: unknown[] }> }> }).testsuite ?? [];
    const cases = suites.flatMap((suite) => suite.testcase ?? []);
    const s = report.summary;
    expect(cases).toHaveLength(report.results.length);
    // Failures are the findings at or above --fail-on (error by default); the others pass and say so.
    expect(cases.filter((c) => c.failure !== undefined)).toHaveLength(s.bySeverity.error);
    expect(s.bySeverity.warning + s.bySeverity.info).toBeGreaterThan(0);
    expect(cases.filter((c) => c.skipped !== undefined)).toHaveLength(s.notApplicable + s.waived);
    expect(parsed).toMatchObject({ name: "szcheck", tests: report.results.length, failures: s.bySeverity.error, skipped: s.notApplicable + s.waived, errors: 0 });
    // A testsuite per record: 20 records, and the portfolio groups.
    const portfolioGroups = new Set([...report.results].filter((r) => r.subject.kind === "portfolio").map((r) => r.subject.id)).size;
    expect(suites).toHaveLength(s.records + portfolioGroups);
    for (const suite of suites) expect(suite.failures).toBe((suite.testcase ?? []).filter((c) => c.failure !== undefined).length);
    const prefab = cases.find((c) => c.name === "prefab-required [2#]" && c.file === "fixtures/demo/projects/longgang-affordable-housing.yaml")!;
    expect(prefab.line).toBe(16);
    expect(prefab.failure![0]).toMatchObject({ type: "fail", message: expect.stringContaining("assembly rate of at least 50%") });
    expect(prefab.failure![0]!.inner).toContain("三（七）");
    expect(prefab.failure![0]!.inner).toContain("at: fixtures/demo/projects/longgang-affordable-housing.yaml:16:114");
  });

  it("escapes XML in names and messages and counts input errors as <error>", async () => {
    const dir = tempFiles({ "a&b<c>.json": '{"kind": "enterprise", "name": "x"}' });
    const run = szcheck(["check", dir, "--format", "junit"]);
    expect(run.code).toBe(2);
    const parsed = (await parseJunit(run.stdout)) as { errors?: number; testsuite?: Array<{ name?: string; errors?: number }> };
    expect(parsed.errors).toBeGreaterThan(0);
    expect(parsed.testsuite![0]!.name).toContain("a&b<c>.json");
  });
});

describe("--format github", () => {
  it("annotates the exact line and column of the offending field, with level and title", () => {
    const run = szcheck([...demo, "--lang", "en", "--format", "github"]);
    expect(run.code).toBe(1);
    const source = readFileSync(join(repoRoot, "fixtures/demo/projects/longgang-affordable-housing.yaml"), "utf8").split("\n");
    const line = source.findIndex((text) => text.includes("id: 2#")) + 1;
    const column = source[line - 1]!.indexOf("assemblyRatePct") + 1;
    expect([line, column]).toEqual([16, 114]);
    const annotation = run.stdout.split("\n").find((l) => l.includes("title=prefab-required [2#]"))!;
    expect(annotation.startsWith(`::error file=fixtures/demo/projects/longgang-affordable-housing.yaml,line=${line},col=${column},title=prefab-required [2#] 三（七） Prefabrication for residential%2C and for public`)).toBe(true);
    expect(annotation).toContain("::residential building 2# must be prefabricated, with an assembly rate of at least 50%25 and delivered fully fitted-out (GB/T 51129-2017 §3.0.3); the filing says prefabricated yes, assembly rate 42%25, handover fully-fitted%0Afix: ");
    // The safety director of an enterprise: the flag inside a flow mapping, line 46.
    const enterprises = readFileSync(join(repoRoot, "fixtures/demo/enterprises.yaml"), "utf8").split("\n");
    const safetyLine = enterprises.findIndex((text, index) => index > 40 && text.includes("safetyDirector: false")) + 1;
    expect(run.stdout).toContain(`::error file=fixtures/demo/enterprises.yaml,line=${safetyLine},col=${enterprises[safetyLine - 1]!.indexOf("safetyDirector") + 1},title=safety-director`);
    // info is a notice, warning a warning; every finding is one annotation, and a plain summary closes.
    expect(run.stdout).toMatch(/^::notice file=fixtures\/demo\/enterprises\.yaml,line=12,col=3,title=rd-intensity /m);
    const report = reportOf([...demo, "--lang", "en"]);
    expect(run.stdout.split("\n").filter((l) => /^::(error|warning|notice) /.test(l))).toHaveLength(report.summary.fail + report.summary.incomplete);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^szcheck: \d+ failed · \d+ incomplete/);
  });

  it("escapes %, CR and LF in messages, and also : and , in properties", () => {
    expect(escapeData("50% done\r\nnext")).toBe("50%25 done%0D%0Anext");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("puts input errors on their line", () => {
    const dir = tempFiles({ "p.yaml": "kind: project\nprojectCode: P-1\nname: 测试\napproval: { date: 2023-02-30 }\n" });
    const run = szcheck(["check", join(dir, "p.yaml"), "--format", "github"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error file=[^,]*p\.yaml,line=4,col=13,title=szcheck input error::\/approval\/date%3A|^::error file=[^,]*p\.yaml,line=4,col=13,title=szcheck input error::\/approval\/date: /m);
  });
});

describe("--format markdown", () => {
  it("gives a summary table and the findings grouped by record, with file:line", () => {
    const run = szcheck([...demo, "--lang", "en", "--format", "markdown"]);
    const report = reportOf([...demo, "--lang", "en"]);
    expect(run.stdout).toMatch(/^## szcheck: ❌ \d+ problems \(\d+ error · \d+ warning · \d+ info\)$/m);
    expect(run.stdout).toContain("| outcome | count |\n|---|---:|");
    expect(run.stdout).toContain(`| ❌ failed | ${report.summary.fail} |`);
    expect(run.stdout).toContain("### 龙岗区坪地街道保障性住房项目 (project `2023-440307-70-01-200457`) · `fixtures/demo/projects/longgang-affordable-housing.yaml`");
    expect(run.stdout).toContain("- ❌ **error** `prefab-required` [2\\#] 三（七）");
    expect(run.stdout).toContain("at `fixtures/demo/projects/longgang-affordable-housing.yaml:16:114`");
    expect(run.stdout.length).toBeLessThan(65_536);
  });

  it("speaks Chinese with --lang zh", () => {
    const run = szcheck([...demo, "--lang", "zh", "--format", "markdown"]);
    expect(run.stdout).toMatch(/^## szcheck: ❌ \d+ 项问题/m);
    expect(run.stdout).toContain("| 结果 | 数量 |");
    expect(run.stdout).toContain("位置 `fixtures/demo/projects/longgang-affordable-housing.yaml:16:114`");
  });

  it("keeps record text inert: no HTML, links or table breaks from a record's name", () => {
    const dir = tempFiles({ "e.json": JSON.stringify({ kind: "enterprise", creditCode: "91440300MA5F0L7K29", name: "<b>x</b> | [link](http://x) *y*", type: "construction", techLeader: false, fiscalYear: 2023, employees: 200, safety: { safetyDirector: false } }) });
    const run = szcheck(["check", dir, "--as-of", "2024-06-30", "--format", "markdown", "--lang", "en"]);
    expect(run.stdout).toContain("&lt;b&gt;x&lt;/b&gt; \\| \\[link\\](http:\u2060//x) \\*y\\*");
  });
});

describe("--format csv", () => {
  it("has a BOM, a header, a row per result, CRLF line ends and RFC 4180 quoting; English keys and values under --lang en", () => {
    const run = szcheck([...demo, "--lang", "en", "--format", "csv", "--results", "all"]);
    const report = reportOf([...demo, "--lang", "en"]);
    expect(run.stdout.startsWith("\uFEFFfile,line,column,pointer,subjectKind,subjectId,subjectName,ruleId,clause,strength,severity,outcome,message,")).toBe(true);
    const rows = parseCsv(run.stdout.slice(1));
    expect(rows).toHaveLength(report.results.length + 1);
    expect(run.stdout.endsWith("\r\n")).toBe(true);
    const header = rows[0]!;
    const prefab = rows.find((row) => row[header.indexOf("ruleId")] === "prefab-required" && row[header.indexOf("subjectId")] === "2023-440307-70-01-200457/2#")!;
    expect([prefab[0], prefab[1], prefab[2], prefab[3]]).toEqual(["fixtures/demo/projects/longgang-affordable-housing.yaml", "16", "114", "/buildings/1/prefab/assemblyRatePct"]);
    expect(prefab[header.indexOf("outcome")]).toBe("fail");
    expect(prefab[header.indexOf("message")]).toContain("assembly rate");
    expect([prefab[header.indexOf("actual")], prefab[header.indexOf("required")], prefab[header.indexOf("unit")]]).toEqual(["42", "50", "pct"]);
  });

  it("speaks Chinese under --lang zh: column names, outcomes, labels and missing fields by name", () => {
    const run = szcheck([...demo, "--lang", "zh", "--format", "csv", "--results", "all"]);
    const rows = parseCsv(run.stdout.slice(1));
    const header = rows[0]!;
    expect(header.slice(0, 13)).toEqual(["文件", "行", "列", "位置指针", "对象类型", "对象编号", "对象名称", "规则", "条款", "要求强度", "严重程度", "结果", "说明"]);
    const column = (name: string): string[] => rows.slice(1).map((row) => row[header.indexOf(name)]!);
    expect(new Set(column("结果"))).toEqual(new Set(["通过", "不符合", "不适用", "数据不全", "计算"]));
    expect(new Set(column("对象类型"))).toEqual(new Set(["企业", "项目", "单体建筑", "汇总"]));
    expect(column("要求强度").every((value) => Object.values(strengthLabel.zh).includes(value))).toBe(true);
    const prefab = rows.find((row) => row[header.indexOf("规则")] === "prefab-required" && row[header.indexOf("对象编号")] === "2023-440307-70-01-200457/2#")!;
    expect([prefab[header.indexOf("实际值")], prefab[header.indexOf("要求值")], prefab[header.indexOf("单位")]]).toEqual(["42", "50", "%"]);
    const incomplete = rows.filter((row) => row[header.indexOf("结果")] === "数据不全");
    expect(incomplete.length).toBeGreaterThan(0);
    for (const row of incomplete) expect(row[header.indexOf("说明")]).not.toMatch(/缺少 [a-z]+\.[a-zA-Z]/);
    expect(incomplete.some((row) => row[header.indexOf("缺少字段")]!.includes("能效测评标识"))).toBe(true);
  });

  it("cuts a cell longer than Excel holds after its last whole item, saying how many are left out", () => {
    const items = Array.from({ length: 3000 }, (_, i) => `深圳市第${i + 1}号建筑工程有限公司`);
    const capped = capCell(items.join("、"), "zh");
    expect(capped.length).toBeLessThan(32_767);
    const match = /^(.*)…等 (\d+) 项$/.exec(capped)!;
    const kept = match[1]!.split("、");
    expect(kept.at(-1)).toBe(items[kept.length - 1]);
    expect(kept.length + Number(match[2])).toBe(3000);
    expect(capCell("short", "zh")).toBe("short");
    expect(capCell(items.join(", "), "en")).toMatch(/… and \d+ more$/);
  });

  it("quotes commas, quotes and line breaks, and defuses spreadsheet formulas", () => {
    expect(cell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(cell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(cell(-3)).toBe("-3");
    expect(cell(null)).toBe("");
  });
});

/** A small RFC 4180 reader, independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

it("the SARIF schema and the multitool come from the npm registry (devDependencies)", () => {
  expect(existsSync(sarifSchemaFile)).toBe(true);
  expect(existsSync(multitool)).toBe(true);
});

it("docs/ci.md shows the annotations the demo filing really gets", () => {
  const doc = readFileSync(join(repoRoot, "docs", "ci.md"), "utf8");
  const command = /```sh\nnpx (szcheck check [^\n]*--format github)\n```\n\n```text\n([\s\S]*?)```/.exec(doc);
  expect(command, "docs/ci.md lost its example").not.toBeNull();
  const run = szcheck(command![1]!.split(" ").slice(1));
  expect(run.stdout).toBe(command![2]);
});
