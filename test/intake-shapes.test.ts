import { join } from "node:path";
import { copyFileSync, writeFileSync } from "node:fs";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { creditCodeCheckCharacter } from "../src/descriptors/credit-code.js";
import type { ReportDocument } from "../src/model/report.js";
import { repoRoot, szcheck, tempFiles } from "./helpers.js";

// Workbooks and CSVs shaped as 住建局 returns and approval-platform exports really come, in the
// shapes fixtures/intake/ does not cover. Each test runs the CLI and asserts the values the rules
// read (results' values, --results all), the intake notices and the input errors: the failure
// these guard against is a figure read wrong without a word (10,000× off, a field dropped).

const code = (first17: string): string => first17 + creditCodeCheckCharacter(first17);
const C1 = code("91440300192178920");

/** Runs a check of one file; the JSON report with every result. */
function check(path: string, ...args: string[]): { code: number; report: ReportDocument } {
  const run = szcheck(["check", path, "--format", "json", "--as-of", "2025-06-30", "--results", "all", ...args]);
  return { code: run.code, report: JSON.parse(run.stdout) as ReportDocument };
}

/** The value of a field as a rule read it, from the first result that shows it, per subject file. */
function valuesRead(report: ReportDocument, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const result of report.results) {
    const values = (result as { values?: Record<string, unknown> }).values ?? {};
    const key = `${result.subject.file}#${result.subject.pointer ?? ""}`;
    if (Object.hasOwn(values, field) && !Object.hasOwn(out, key)) out[key] = values[field];
  }
  return out;
}

async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = new ExcelJS.Workbook();
  build(book);
  const path = join(tempFiles({}), "表.xlsx");
  await book.xlsx.writeFile(path);
  return path;
}

const conversions = (report: ReportDocument): string[] => report.inputs.flatMap((input) => input.intake?.sheets.flatMap((sheet) => sheet.conversions.map((c) => c.text)) ?? []);

describe("units written where returns write them", () => {
  it("a unit note in brackets in the title, or listing several units, applies to the amount and area columns", async () => {
    const bracket = await workbook((book) => {
      const sheet = book.addWorksheet("表1");
      sheet.getCell("A1").value = "2024年度建筑业企业研发投入统计表（单位：万元）";
      sheet.addRow(["序号", "企业名称", "统一社会信用代码", "从业人员", "营业收入", "研发投入"]);
      sheet.addRow([1, "甲公司", C1, 300, 148000, 6660]);
    });
    const listed = await workbook((book) => {
      const sheet = book.addWorksheet("表1");
      sheet.getCell("A1").value = "计量单位：人、万元";
      sheet.addRow(["企业名称", "统一社会信用代码", "从业人员", "营业收入", "研发投入"]);
      sheet.addRow(["甲公司", C1, 300, 148000, 6660]);
    });
    for (const path of [bracket, listed]) {
      const { report } = check(path);
      expect(Object.values(valuesRead(report, "revenueCny"))).toEqual([1_480_000_000]);
      expect(Object.values(valuesRead(report, "rdExpenseCny"))).toEqual([66_600_000]);
    }
    expect(conversions(check(listed).report)).toContain("营业收入（单位：人、万元）×10000 → revenueCny");
    const both = await workbook((book) => {
      const sheet = book.addWorksheet("项目");
      sheet.getCell("A1").value = "单位：万元、万平方米";
      sheet.addRow(["项目代码", "项目名称", "总投资", "建筑面积", "立项日期"]);
      sheet.addRow(["2023-440305-47-01-123456", "甲项目", 286500, 18.56, "2023-03-15"]);
    });
    const { report } = check(both);
    expect(conversions(report)).toEqual(["总投资（单位：万元、万平方米）×10000 → investmentCny", "建筑面积（单位：万元、万平方米）×10000 → buildings.0.floorAreaM2"]);
  });

  it("a unit among other words in a header's brackets is read; one szcheck cannot convert is an error, not 元", () => {
    const dir = tempFiles({
      "e.csv": `企业名称,统一社会信用代码,从业人员,营业收入（人民币千元）,研发投入（万元，含税）\n甲公司,${C1},300,1480000,6660\n`,
      "p.csv": "项目代码,项目名称,总投资（单位：万元）\nA1,甲,100\n",
      "usd.csv": "项目代码,项目名称,总投资额（万美元）\nA1,甲,20\n",
    });
    const { report } = check(join(dir, "e.csv"));
    expect(Object.values(valuesRead(report, "revenueCny"))).toEqual([1_480_000_000]);
    expect(Object.values(valuesRead(report, "rdExpenseCny"))).toEqual([66_600_000]);
    expect(conversions(report)).toEqual(["营业收入（人民币千元）×1000 → revenueCny", "研发投入（万元，含税）×10000 → rdExpenseCny"]);
    expect(Object.values(valuesRead(check(join(dir, "p.csv")).report, "investmentCny"))).toEqual([1_000_000]);
    const foreign = check(join(dir, "usd.csv"));
    expect(foreign.code).toBe(2);
    expect(foreign.report.errors.map((e) => e.message)).toEqual([expect.stringContaining('column 总投资额（万美元） is in "万美元", a unit szcheck cannot convert into 元')]);
  });

  it("a unit in a merged parent over the columns, or in the child under a matched parent, is the column's", async () => {
    const parent = await workbook((book) => {
      const sheet = book.addWorksheet("表1");
      sheet.getRow(1).values = ["企业名称", "统一社会信用代码", "从业人员（人）", "经营情况（万元）", ""];
      sheet.getRow(2).values = ["", "", "", "营业收入", "研发投入"];
      for (const range of ["A1:A2", "B1:B2", "C1:C2", "D1:E1"]) sheet.mergeCells(range);
      sheet.getRow(3).values = ["甲公司", C1, 300, 148000, 6660];
    });
    const child = await workbook((book) => {
      const sheet = book.addWorksheet("表1");
      sheet.getRow(1).values = ["企业名称", "统一社会信用代码", "从业人员", "营业收入（万元）", "研发投入", ""];
      sheet.getRow(2).values = ["", "", "", "", "金额（万元）", "占营业收入比例(%)"];
      for (const range of ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1"]) sheet.mergeCells(range);
      sheet.getRow(3).values = ["甲公司", C1, 300, 148000, 6660, 4.5];
    });
    for (const path of [parent, child]) {
      const { code, report } = check(path);
      expect(report.errors).toEqual([]);
      expect(code).not.toBe(2);
      expect(Object.values(valuesRead(report, "revenueCny"))).toEqual([1_480_000_000]);
      expect(Object.values(valuesRead(report, "rdExpenseCny"))).toEqual([66_600_000]);
      expect(Object.values(valuesRead(report, "employees"))).toEqual([300]);
    }
    expect(conversions(check(parent).report)).toEqual(["经营情况（万元） 营业收入×10000 → revenueCny", "经营情况（万元） 研发投入×10000 → rdExpenseCny"]);
    expect(check(child).report.inputs[0]!.intake!.sheets[0]!.headerRows).toEqual([1, 2]);
  });
});

describe("yes/no written where a name is asked", () => {
  it("重点区域 否 is no key area (not an area called 否); 是 is an error asking which area", () => {
    const dir = tempFiles({ "p.csv": "项目代码,项目名称,重点区域,立项日期\nA1,甲,否,2023-03-01\nA2,乙,是,2023-03-01\nA3,丙,前海,2023-03-01\n" });
    const { report } = check(join(dir, "p.csv"));
    const read = valuesRead(report, "keyArea");
    expect(Object.values(read)).toEqual([null, "前海"]);
    expect(report.errors.map((e) => [e.pointer, e.message])).toEqual([["/3/keyArea", expect.stringContaining('"是" in column 重点区域 says yes but not which')]]);
  });
});

describe("cells merged down the rows of a group", () => {
  it("所在区 and 资金来源 merged over a district's projects are read on each row, and said once", async () => {
    const path = await workbook((book) => {
      const sheet = book.addWorksheet("项目");
      sheet.getCell("A1").value = "2024年重大项目清单";
      sheet.mergeCells("A1:E1");
      sheet.addRow(["所在区", "项目代码", "项目名称", "资金来源", "总投资（万元）"]);
      sheet.addRow(["南山区", "2023-440305-47-01-000001", "甲", "政府投资", 100]);
      sheet.addRow(["", "2023-440305-47-01-000002", "乙", "", 200]);
      sheet.addRow(["", "2023-440305-47-01-000003", "丙", "", 300]);
      sheet.addRow(["宝安区", "2023-440306-47-01-000004", "丁", "社会投资", 400]);
      sheet.mergeCells("A3:A5");
      sheet.mergeCells("D3:D5");
    });
    const { report } = check(path);
    expect(report.errors).toEqual([]);
    expect(valuesRead(report, "funding")).toEqual({
      [`${path}[项目]#/3`]: "government",
      [`${path}[项目]#/4`]: "government",
      [`${path}[项目]#/5`]: "government",
      [`${path}[项目]#/6`]: "private",
    });
    expect(report.inputs[0]!.intake!.sheets[0]!.notes).toEqual(expect.arrayContaining(["资金来源 is a cell merged over rows 3–5: row 3's value is read on rows 4–5 too", "所在区 is a cell merged over rows 3–5: row 3's value is read on rows 4–5 too"]));
  });
});

describe("percentages written several ways in one column", () => {
  it("a fraction typed among percent cells and percentages is read as written but named in a warning", async () => {
    const path = await workbook((book) => {
      const sheet = book.addWorksheet("项目");
      sheet.addRow(["项目代码", "项目名称", "装配率(%)"]);
      sheet.addRow(["A1", "甲", 0.52]).getCell(3).numFmt = "0%";
      sheet.addRow(["A2", "乙", 0.35]);
      sheet.addRow(["A3", "丙", 45]);
      sheet.addRow(["A4", "丁", "52%"]);
    });
    const { report } = check(path);
    expect(report.inputs[0]!.intake!.sheets[0]!.warnings).toEqual([expect.stringContaining("装配率(%) is between 0 and 1 on rows 3 while its other rows are percentages: szcheck reads these as percentages too (0.35 is 0.35%)")]);
  });
});

describe("text and dates as workbooks hold them past what exceljs's streaming reader gets right", () => {
  it("a workbook with more shared strings than one zip chunk reads every Chinese name whole (no U+FFFD)", async () => {
    const path = await workbook((book) => {
      const sheet = book.addWorksheet("项目");
      sheet.addRow(["项目代码", "项目名称", "所在区", "建设单位"]);
      for (let i = 1; i <= 3000; i++) sheet.addRow([`P${i}`, `深圳市第${i}号人才住房项目`, "南山区", `深圳市人才安居集团有限公司第${i}分公司`]);
    });
    const run = szcheck(["check", path, "--format", "json", "--as-of", "2025-06-30", "--results", "all", "--only", "bim-required"]);
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(run.stdout).not.toContain("\uFFFD");
    expect(report.errors).toEqual([]);
    expect(report.results).toHaveLength(3000);
    expect(report.results.every((result) => result.subject.name === `深圳市第${result.subject.id.slice(1)}号人才住房项目`)).toBe(true);
  });

  it("an ISO date cell (t=\"d\") is its date, not 1905; an inline string in several runs is all of its runs", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("项目").getCell("A1").value = "x";
    const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
    const inline = (ref: string, ...runs: string[]): string => `<c r="${ref}" t="inlineStr"><is>${runs.length === 1 ? `<t>${runs[0]}</t>` : runs.map((run) => `<r><t>${run}</t></r>`).join("")}</is></c>`;
    const rows = [
      `<row r="1">${inline("A1", "项目代码")}${inline("B1", "项目名称")}${inline("C1", "立项日期")}${inline("D1", "重点区域")}${inline("E1", "建筑面积")}</row>`,
      `<row r="2">${inline("A2", "2023-440305-47-01-123456")}<c r="B2" t="inlineStr"><is><r><t>深圳市</t></r><r><rPr><b/></rPr><t>人才住房项目</t></r></is></c><c r="C2" t="d"><v>2023-06-02T00:00:00</v></c>${inline("D2", "前海")}<c r="E2" s="0"/></row>`,
    ].join("");
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    zip.file("xl/worksheets/sheet1.xml", sheet.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows}</sheetData>`));
    const path = join(tempFiles({}), "导出.xlsx");
    writeFileSync(path, await zip.generateAsync({ type: "nodebuffer" }));
    const { report } = check(path);
    expect(report.errors).toEqual([]);
    expect(report.results[0]!.subject.name).toBe("深圳市人才住房项目");
    expect(Object.values(valuesRead(report, "approval.date"))).toEqual(["2023-06-02"]);
  });
});

describe("rows that are not records, as returns write them", () => {
  it("南山区小计, 合计：, 总 计, 其中： rows and a five-signature footer are set aside, not records or errors", () => {
    const dir = tempFiles({
      "p.csv": [
        "序号,项目代码,项目名称,所在区,总投资（万元）",
        "1,2023-440305-47-01-000001,甲,南山区,100",
        ",,南山区小计,,100",
        "2,2023-440306-47-01-000002,乙,宝安区,200",
        "合计：,,,,300",
        "总 计,,,,300",
        ",其中：政府投资,,,300",
        "单位负责人：王五,统计负责人：赵六,填表人：张三,联系电话：0755-1234,报出日期：2025年1月1日",
      ].join("\r\n"),
    });
    const { report } = check(join(dir, "p.csv"));
    expect(report.errors).toEqual([]);
    expect(report.inputs[0]!.records).toBe(2);
    expect(report.inputs[0]!.intake!.sheets[0]!.skippedRows).toEqual([{ reason: "total", rows: [3, 5, 6, 7] }, { reason: "footer", rows: [8] }]);
  });
});

describe("a column that is part of a figure", () => {
  it("建筑面积（地上） and 营业收入（市外，万元） are not read as the whole figure: set aside and named", () => {
    const dir = tempFiles({
      "p.csv": "项目代码,项目名称,总投资（万元）,建筑面积（地上）,立项日期\nA1,甲,100,20000,2023-01-01\n",
      "e.csv": `统一社会信用代码,企业名称,营业收入（万元）,营业收入（市外，万元）\n${C1},甲,100,20\n`,
    });
    const project = check(join(dir, "p.csv")).report;
    expect(project.inputs[0]!.intake!.sheets[0]!.columns.find((c) => c.header === "建筑面积（地上）")).toMatchObject({ use: "unknown", field: null });
    expect(project.inputs[0]!.intake!.sheets[0]!.warnings).toEqual([expect.stringContaining("columns szcheck does not know, set aside: 建筑面积（地上）")]);
    const enterprise = check(join(dir, "e.csv")).report;
    expect(enterprise.errors).toEqual([]);
    expect(Object.values(valuesRead(enterprise, "revenueCny"))).toEqual([1_000_000]);
  });
});

describe("sheets nobody sees in Excel", () => {
  it("a hidden copy of the roster is read (as every sheet with a header is) but said, with how to leave it out", async () => {
    const path = await workbook((book) => {
      for (const [name, revenue, state] of [["名录", 148000, "visible"], ["名录 (2)", 99, "hidden"]] as const) {
        const sheet = book.addWorksheet(name, { state });
        sheet.addRow(["企业名称", "统一社会信用代码", "营业收入（万元）"]);
        sheet.addRow(["甲公司", C1, revenue]);
      }
    });
    const { report } = check(path);
    const sheets = report.inputs[0]!.intake!.sheets;
    expect(sheets.map((sheet) => [sheet.sheet, sheet.warnings])).toEqual([
      ["名录", []],
      ["名录 (2)", [expect.stringContaining("the sheet 名录 (2) is hidden in Excel, and its 1 records were checked too")]],
    ]);
    const picked = check(`${path}[名录]`).report;
    expect(picked.inputs[0]!.intake!.sheets.map((sheet) => sheet.sheet)).toEqual(["名录"]);
  });
});

describe("values under no header", () => {
  it("a column with values but an empty header cell is named in a warning, not dropped without a word", () => {
    const dir = tempFiles({ "p.csv": "项目代码,项目名称,总投资（万元）,,立项日期\nA1,甲,100,35,2023-01-01\nA2,乙,200,,2023-01-01\n" });
    const { report } = check(join(dir, "p.csv"));
    expect(report.errors).toEqual([]);
    expect(report.inputs[0]!.intake!.sheets[0]!.warnings).toEqual([expect.stringContaining("values in columns with no header were read into no field: column D (rows 2)")]);
  });
});

describe("the rows a statistics return puts under its header", () => {
  it("a row of units (人 | 万元) gives the columns their units; a row numbering the columns (甲 乙 1 2 3) is header, not a record", async () => {
    const path = await workbook((book) => {
      const sheet = book.addWorksheet("表1");
      sheet.addRow(["企业名称", "统一社会信用代码", "从业人员", "营业收入", "研发投入"]);
      sheet.addRow(["", "", "人", "万元", "万元"]);
      sheet.addRow(["甲", "乙", 1, 2, 3]);
      sheet.addRow(["甲公司", C1, 300, 148000, 6660]);
    });
    const { report } = check(path);
    expect(report.errors).toEqual([]);
    expect(report.inputs[0]!.intake!.sheets[0]!.headerRows).toEqual([1, 2, 3]);
    expect(Object.values(valuesRead(report, "revenueCny"))).toEqual([1_480_000_000]);
    expect(Object.values(valuesRead(report, "rdExpenseCny"))).toEqual([66_600_000]);
    expect(conversions(report)).toEqual(["营业收入 万元×10000 → revenueCny", "研发投入 万元×10000 → rdExpenseCny"]);
  });
});

describe("dates in a workbook that counts from 1904", () => {
  it("a formula's date result and a serial typed as a number are read from 1904-01-01, not four years early", async () => {
    const path = await workbook((book) => {
      (book.properties as { date1904?: boolean }).date1904 = true;
      const sheet = book.addWorksheet("项目");
      sheet.addRow(["项目代码", "项目名称", "立项日期", "重点区域"]);
      const row = sheet.addRow(["A1", "甲", { formula: "DATE(2023,6,2)", result: 43617 }, "前海"]);
      row.getCell(3).numFmt = "yyyy-mm-dd";
      sheet.addRow(["A2", "乙", 43617, "前海"]);
    });
    const { report } = check(path);
    expect(report.errors).toEqual([]);
    expect(Object.values(valuesRead(report, "approval.date"))).toEqual(["2023-06-02", "2023-06-02"]);
  });
});

describe("CSV files separated otherwise than by commas", () => {
  it("a tab- or semicolon-separated file says which separator it looks like and the delimiter line; with it, it reads", () => {
    const dir = tempFiles({ "t.csv": "项目代码\t项目名称\t总投资（万元）\r\nA1\t甲\t100\r\n", "s.csv": "项目代码;项目名称;总投资（万元）\r\nA1;甲;100\r\n" });
    const tabs = check(join(dir, "t.csv"));
    expect(tabs.code).toBe(2);
    expect(tabs.report.errors[0]!.message).toContain('the columns look separated by tabs, not commas: set delimiter: "\\t" in the mapping file');
    expect(check(join(dir, "s.csv")).report.errors[0]!.message).toContain('separated by ";", not commas: set delimiter: ";"');
    writeFileSync(join(dir, "t.szmap.yaml"), 'delimiter: "\\t"\n');
    const mapped = check(join(dir, "t.csv"));
    expect(mapped.report.errors).toEqual([]);
    expect(mapped.report.inputs[0]!.records).toBe(1);
  });
});

describe("strings with a phonetic guide (拼音指南)", () => {
  it("a shared string's phonetic run is not its text: 深圳 stays 深圳, not shēnzhèn", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("项目");
    sheet.addRow(["项目代码", "项目名称"]);
    sheet.addRow(["A1", "深圳湾项目"]);
    const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
    const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
    zip.file("xl/sharedStrings.xml", strings.replace("<si><t>深圳湾项目</t></si>", '<si><t>深圳湾项目</t><rPh sb="0" eb="3"><t>shēnzhènwān</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>'));
    const path = join(tempFiles({}), "拼音.xlsx");
    writeFileSync(path, await zip.generateAsync({ type: "nodebuffer" }));
    const { report } = check(path);
    expect(report.errors).toEqual([]);
    expect(report.results[0]!.subject.name).toBe("深圳湾项目");
  });
});

describe("a unit on the second line of a header cell, without brackets", () => {
  it("总投资⏎万元 and 建筑面积⏎万平方米 (Alt+Enter in the cell, as Excel writes it to CSV) are converted", () => {
    const dir = tempFiles({ "p.csv": '项目代码,项目名称,"总投资\n万元","建筑面积\n万平方米",立项日期\r\nA1,甲,100,2,2023-01-01\r\n' });
    const { report } = check(join(dir, "p.csv"));
    expect(report.errors).toEqual([]);
    expect(Object.values(valuesRead(report, "investmentCny"))).toEqual([1_000_000]);
    expect(conversions(report)).toEqual(["总投资万元×10000 → investmentCny", "建筑面积万平方米×10000 → buildings.0.floorAreaM2"]);
  });
});

describe("CSV exports that keep codes as text in Excel", () => {
  it('="…" fields and a tab before a value are read as the text inside; a CSV error is not followed by "the file is empty"', () => {
    const dir = tempFiles({
      "p.csv": '\uFEFF"项目代码","项目名称","建设单位","总投资（万元）","立项日期"\r\n="2023-440305-47-01-123456","甲","\t深圳市某集团",="286500","\t2023-06-02"\r\n',
      "bad.csv": '项目代码,项目名称\r\nA1,"甲\r\nA2,乙\r\n',
    });
    const { report } = check(join(dir, "p.csv"));
    expect(report.errors).toEqual([]);
    expect(report.results[0]!.subject.id).toBe("2023-440305-47-01-123456");
    expect(Object.values(valuesRead(report, "investmentCny"))).toEqual([2_865_000_000]);
    const bad = check(join(dir, "bad.csv")).report;
    expect(bad.errors.map((e) => e.message)).toEqual([expect.stringContaining("invalid CSV: Quote Not Closed")]);
  });
});

describe("--format annotated on CSV exports", () => {
  it("the copy of a GBK CSV holds the client's Chinese text, and a =\"…\" field its text (was U+FFFD; an internal error)", async () => {
    const dir = tempFiles({ "p.csv": '"项目代码","项目名称","总投资（万元）"\r\n="2023-440305-47-01-123456","甲",="286500"\r\n' });
    copyFileSync(join(repoRoot, "fixtures", "intake", "项目清单-gbk.csv"), join(dir, "gbk.csv"));
    const run = szcheck(["check", join(dir, "gbk.csv"), join(dir, "p.csv"), "--format", `annotated=${join(dir, "out")}`, "--as-of", "2025-06-30", "-q"]);
    expect(run.stderr).not.toContain("internal error");
    const cellsOf = async (name: string): Promise<unknown[]> => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(dir, "out", name));
      return (book.worksheets[0]!.getRow(2).values as unknown[]).slice(1, 5);
    };
    expect(await cellsOf("gbk.xlsx")).toEqual(["1", "2023-440305-47-01-123456", "南山区科技园片区人才住房项目", "深圳市人才安居集团有限公司"]);
    expect(await cellsOf("p.xlsx")).toEqual(["2023-440305-47-01-123456", "甲", "286500", expect.anything()]);
  });

  it("the annotated copy of a tab-separated CSV read through a mapping file's delimiter has its cells in their columns", async () => {
    const dir = tempFiles({ "t.csv": "项目代码\t项目名称\t总投资（万元）\r\n2023-440305-47-01-123456\t甲\t100\r\n", "t.szmap.yaml": 'delimiter: "\\t"\n' });
    const run = szcheck(["check", join(dir, "t.csv"), "--format", `annotated=${join(dir, "out")}`, "--format", `json=${join(dir, "r.json")}`, "--as-of", "2025-06-30", "-q"]);
    expect(run.code, run.stderr).toBeLessThan(2);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, "out", "t.xlsx"));
    expect((book.worksheets[0]!.getRow(2).values as unknown[]).slice(1, 4)).toEqual(["2023-440305-47-01-123456", "甲", "100"]);
  });
});

describe("figures Excel saved as it shows them", () => {
  it("an amount in scientific notation (1.28651E+11, six digits kept) is read as written and named in a warning", () => {
    const dir = tempFiles({ "e.csv": `统一社会信用代码,企业名称,营业收入（元）,研发投入（元）\r\n${C1},甲,1.28651E+11,3859530000\r\n${code("91440300715247891")},乙,286500000,1.5E+7\r\n` });
    const { report } = check(join(dir, "e.csv"), "--lang", "en");
    expect(Object.values(valuesRead(report, "revenueCny"))).toContain(128_651_000_000);
    expect(report.inputs[0]!.intake!.sheets[0]!.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining("营业收入（元） is written in scientific notation on rows 2 (such as 1.28651E+11), six significant digits"),
        expect.stringContaining("研发投入（元） is written in scientific notation on rows 3"),
      ]),
    );
  });
});
