import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/model/report.js";
import { szcheck, tempFiles } from "./helpers.js";

const json = (args: string[]) => {
  const run = szcheck(["check", ...args, "--format", "json", "--results", "all", "--as-of", "2024-06-30"]);
  return { run, report: JSON.parse(run.stdout) as Report };
};

const chineseHeaders = ["统一社会信用代码", "企业名称", "企业类型", "建设科技龙头企业", "财年", "从业人员", "营业收入", "研发投入", "安全总监"];

describe("NDJSON", () => {
  it("checks one record a line; a bad line is an error with its line number and the rest is checked", () => {
    const dir = tempFiles({
      "batch.ndjson": [
        JSON.stringify({ kind: "enterprise", creditCode: "91440300MA5F0L7K29", name: "甲", type: "construction", employees: 60, fiscalYear: 2023, safety: { safetyDirector: false } }),
        "",
        "{not json",
        JSON.stringify({ kind: "enterprise", creditCode: "91440300MA5G4R6W85", name: "乙", type: "construction", employees: 60, fiscalYear: 2023, safety: { safetyDirector: true } }),
      ].join("\n"),
    });
    const { run, report } = json([join(dir, "batch.ndjson"), "--only", "safety-director"]);
    expect(run.code).toBe(2);
    expect(report.errors).toEqual([{ file: expect.stringMatching(/batch\.ndjson$/), pointer: "/3", line: 3, column: null, message: expect.stringContaining("line 3 is not valid JSON") }]);
    expect([...report.results].map((r) => [r.subject.pointer, r.outcome])).toEqual([["/1", "fail"], ["/4", "pass"]]);
  });
});

describe("CSV", () => {
  it("reads Chinese headers, 是/否 and thousands separators, and names the row of every problem", () => {
    const dir = tempFiles({
      "enterprises.csv": [
        chineseHeaders.join(","),
        '91440300MA5F0L7K29,深圳市同创勘察设计研究院有限公司,勘察设计类,是,2023,860,"1,480,000,000","66,600,000",否',
        "91440300MA5G4R6W85,深圳前海智建工程咨询有限公司,技术服务咨询类,是,2023,210,318000000,abc,否",
        "914403002793983457,ragged row,施工类,否,2023",
      ].join("\n"),
    });
    const { run, report } = json([dir]);
    expect(run.code).toBe(2);
    const rd = [...report.results].find((r) => r.ruleId === "rd-intensity" && r.subject.pointer === "/2")!;
    expect(rd).toMatchObject({ outcome: "pass", measure: { actual: 4.5, required: 4 } });
    expect(rd.values).toMatchObject({ revenueCny: 1480000000, rdExpenseCny: 66600000, techLeader: true, type: "survey-design" });
    expect(report.errors).toHaveLength(2);
    expect(report.errors).toContainEqual({ file: expect.stringMatching(/enterprises\.csv$/), pointer: "/3/rdExpenseCny", line: 3, column: null, message: expect.stringContaining('"abc" in column 研发投入 is not a number') });
    expect(report.errors).toContainEqual({ file: expect.stringMatching(/enterprises\.csv$/), pointer: "/4", line: 4, column: null, message: expect.stringContaining("row 4 has 5 cells") });
  });
});

describe("XLSX", () => {
  it("audits a 1,000-row workbook with Chinese headers; a formula error is reported for its row only", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("企业名录");
    sheet.addRow(chineseHeaders);
    const codes = ["91440300MA5F0L7K29", "91440300MA5G4R6W85", "91350100M000100Y43"];
    for (let i = 0; i < 1000; i++) {
      sheet.addRow([codes[i % 3], `深圳市第${i + 1}建筑工程有限公司`, "施工类", "是", 2023, 40 + (i % 30), 100_000_000, 2_000_000 + i * 1000, i % 2 === 0 ? "是" : "否"]);
    }
    sheet.getCell("H500").value = { error: "#DIV/0!" } as ExcelJS.CellErrorValue;
    const dir = tempFiles({});
    const path = join(dir, "名录.xlsx");
    await workbook.xlsx.writeFile(path);
    const { run, report } = json([path, "--only", "rd-intensity,safety-director"]);
    expect(run.code).toBe(2);
    expect(report.summary.records).toBe(999);
    expect(report.errors).toEqual([{ file: expect.stringMatching(/名录\.xlsx\[企业名录\]$/), pointer: "/500", line: 500, column: null, message: expect.stringContaining("#DIV/0!") }]);
    const rd = [...report.results].filter((r) => r.ruleId === "rd-intensity");
    expect(rd).toHaveLength(999);
    // 2,000,000 + i×1,000 reaches 3% of 100,000,000 at i = 1,000: every row falls short.
    expect(rd.every((r) => r.outcome === "fail")).toBe(true);
    const row2 = rd.find((r) => r.subject.pointer === "/2")!;
    expect(row2.measure).toMatchObject({ actual: 2, required: 3, gap: 1000000 });
    const director = [...report.results].filter((r) => r.ruleId === "safety-director");
    // Rows with fewer than 50 employees are not applicable; of the rest, odd rows lack a director.
    expect(director.filter((r) => r.outcome === "fail").length).toBeGreaterThan(100);
  }, 60_000);
});

describe("mixed batches", () => {
  it("portfolio rules count records from every kind of input together", () => {
    const project = (code: string, year: number, model: string) => ({
      kind: "project", projectCode: code, name: `项目${code}`, funding: "government", approval: { date: `${year}-05-01` }, delivery: { model },
    });
    const dir = tempFiles({
      "a.ndjson": [project("A1", 2023, "epc"), project("A2", 2023, "dbb")].map((p) => JSON.stringify(p)).join("\n"),
      "b.json": JSON.stringify([project("B1", 2023, "dbb"), project("B2", 2024, "general-contracting")]),
    });
    writeFileSync(join(dir, "c.csv"), "投资项目统一代码,项目名称,资金来源,立项日期,发包模式\nC1,项目C1,政府投资,2023-06-01,施工总承包\n");
    const { report } = json([dir, "--only", "epc-annual-share"]);
    const shares = [...report.results].map((r) => [r.subject.id, r.outcome, (r.outputs as { sharePct?: number } | null)?.sharePct]);
    expect(shares).toEqual([
      ["epc-annual-share/2023", "pass", 25],
      ["epc-annual-share/2024", "fail", 0],
    ]);
  });
});
