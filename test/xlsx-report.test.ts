import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/model/report.js";
import { formatFigure } from "../src/text/figures.js";
import { creditCode, repoRoot, szcheck, tempFiles } from "./helpers.js";

/**
 * The workbook a consultant hands over (--format xlsx) and the client's own workbook with the
 * verdicts written beside their rows (--format annotated), read back with exceljs and opened
 * with LibreOffice, as the client's Excel would open them.
 */

const enterpriseHeaders = ["统一社会信用代码", "企业名称", "企业类型", "建设科技龙头企业", "财年", "从业人员", "营业收入", "研发投入", "安全总监"];
const codes = ["91440300MA5F0L7K29", "91440300MA5G4R6W85", "914403002793983457"];

/** A roster as a client keeps it: a styled header, widths, a number format, an enterprise sheet and a project sheet. */
async function roster(dir: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const enterprises = book.addWorksheet("企业名录");
  enterprises.columns = enterpriseHeaders.map((header, index) => ({ header, width: index === 1 ? 34 : 14 }));
  enterprises.getRow(1).font = { bold: true, color: { argb: "FF1F4E79" } };
  enterprises.getRow(1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
  for (let i = 0; i < 12; i++) {
    // Even rows: a tech leader spending 2% on R&D (the policy asks 3% of a construction firm); every third lacks a safety director.
    enterprises.addRow([codes[i % 3], `深圳市第${i + 1}建筑工程有限公司`, "施工类", i % 2 === 0 ? "是" : "否", 2023, 60 + i, 100_000_000, 2_000_000 + i * 1000, i % 3 === 0 ? "否" : "是"]);
  }
  enterprises.getColumn(7).numFmt = "#,##0";
  enterprises.getCell("B5").note = "客户自己的批注";
  const projects = book.addWorksheet("项目台账");
  projects.addRow(["投资项目统一代码", "项目名称", "资金来源", "立项日期", "发包模式", "所在区", "单体.0.编号", "单体.0.用途", "单体.0.建筑面积", "单体.0.装配式.采用", "单体.0.装配式.装配率"]);
  projects.addRow(["2023-440304-04-01-801234", "福田区示例学校新建工程", "政府投资", "2023-06-01", "施工总承包", "福田", "1#", "公共", 21800, "是", 42]);
  projects.addRow(["2023-440305-04-01-801235", "南山区示例医院", "政府投资", "2023-07-01", "工程总承包", "南山", "1#", "公共", 30000, "否", null]);
  const path = join(dir, "客户名录.xlsx");
  await book.xlsx.writeFile(path);
  return path;
}

function check(args: string[], cwd?: string): { code: number; stderr: string; report: Report } {
  const json = join(tempFiles({}), "report.json");
  const run = szcheck(["check", ...args, "--as-of", "2024-06-30", "--format", `json=${json}`], cwd === undefined ? {} : { cwd });
  return { code: run.code, stderr: run.stderr, report: existsSync(json) ? (JSON.parse(readFileSync(json, "utf8")) as Report) : (undefined as unknown as Report) };
}

async function read(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

/** The built-in rules' titles, by id (the pack's wording changes; the tests look titles up). */
const titles = (lang: "zh" | "en"): Record<string, string> => {
  const run = szcheck(["rules", "list", "--format", "json", "--lang", lang]);
  const rules = JSON.parse(run.stdout) as Array<{ id: string; title: string | { zh: string; en: string } }>;
  return Object.fromEntries(rules.map((rule) => [rule.id, typeof rule.title === "string" ? rule.title : rule.title[lang]]));
};

const headerOf = (sheet: ExcelJS.Worksheet): string[] => (sheet.getRow(1).values as unknown[]).slice(1).map((value) => String(value ?? ""));
const fillOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

describe("--format xlsx", () => {
  it("writes 汇总, a row per subject with a verdict per rule, 问题清单, 规则 and 输入说明, in Chinese", async () => {
    const dir = tempFiles({});
    const input = await roster(dir);
    const out = join(dir, "report.xlsx");
    const { code, stderr, report } = check([input, "--lang", "zh", "--format", `xlsx=${out}`]);
    expect(stderr).not.toMatch(/must be|cannot|invalid/);
    expect(code).toBe(1);
    const book = await read(out);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(["汇总", "企业", "项目", "问题清单", "规则", "输入说明"]);

    const summary = book.getWorksheet("汇总")!;
    const figures = new Map<string, unknown>();
    summary.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(figures.get("检查记录数")).toBe(report.summary.records);
    expect(figures.get("不符合")).toBe(report.summary.fail);
    expect(figures.get("数据不全")).toBe(report.summary.incomplete);
    expect(figures.get("符合率（符合 ÷ 已判定）")).toBeCloseTo(report.summary.pass / (report.summary.pass + report.summary.fail), 4);

    const enterprises = book.getWorksheet("企业")!;
    const header = headerOf(enterprises);
    expect(header.slice(0, 6)).toEqual(["类型", "编号", "名称", "位置", "结论", "问题数"]);
    const zh = titles("zh");
    expect(header).toContain(zh["rd-intensity"]);
    expect(enterprises.rowCount).toBe(1 + 12);
    expect(enterprises.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(enterprises.autoFilter).toBe("A1:" + columnLetter(header.length) + "13");
    const rd = header.indexOf(zh["rd-intensity"]!) + 1;
    const director = header.indexOf(zh["safety-director"]!) + 1;
    // Row 2 of the client's sheet is the first enterprise: a tech leader below 3%, without a safety director.
    const first = enterprises.getRow(2);
    expect(first.getCell(4).value).toMatch(/客户名录\.xlsx · 企业名录 · 第 2 行$/);
    expect(first.getCell(rd).value).toBe("不符合");
    expect(fillOf(first.getCell(rd))).toBe("FFFCE4D6"); // encouraged: muted, not red
    expect(first.getCell(director).value).toBe("不符合");
    expect(fillOf(first.getCell(director))).toBe("FFFFC7CE"); // mandatory: red
    expect(first.getCell(5).value).toBe("不符合");
    expect(fillOf(first.getCell(5))).toBe("FFFFC7CE");
    expect(fillOf(first.getCell(6))).toBeUndefined();
    expect(enterprises.getRow(3).getCell(rd).value).toBe("不适用"); // not a tech leader
    const verdicts = new Set<string>();
    enterprises.eachRow((row, number) => {
      if (number > 1) for (let column = 7; column <= header.length; column++) verdicts.add(String(row.getCell(column).value));
    });
    for (const value of verdicts) expect(["符合", "不符合", "数据不全", "不适用", "豁免", "计算"]).toContain(value);

    const projects = book.getWorksheet("项目")!;
    const kinds = (projects.getColumn(1).values as unknown[]).slice(2);
    expect(kinds).toEqual(["项目", "单体建筑", "项目", "单体建筑"]);

    const findings = book.getWorksheet("问题清单")!;
    const findingHeader = headerOf(findings);
    expect(findingHeader).toEqual(expect.arrayContaining(["结果", "规则", "条款", "说明", "实际", "要求", "差距", "整改建议", "文件", "工作表", "行"]));
    expect(findings.rowCount - 1).toBe(report.summary.fail + report.summary.incomplete + report.summary.waived);
    const rdRow = (findings.getColumn(findingHeader.indexOf("规则") + 1).values as unknown[]).indexOf(zh["rd-intensity"]);
    const cellOf = (name: string): unknown => findings.getRow(rdRow).getCell(findingHeader.indexOf(name) + 1).value;
    const measure = [...report.results].find((r) => r.ruleId === "rd-intensity" && r.outcome === "fail")!.measure!;
    expect([cellOf("实际"), cellOf("要求"), cellOf("差距")]).toEqual([formatFigure(measure.actual, measure.unit, "zh"), formatFigure(measure.required, measure.unit, "zh"), formatFigure(measure.gap, measure.gapUnit, "zh")]);
    expect([cellOf("文件"), cellOf("工作表"), cellOf("行")]).toEqual([expect.stringMatching(/客户名录\.xlsx$/), "企业名录", 2]);
    // Missing data is named by field, not by path.
    const missing = (findings.getColumn(findingHeader.indexOf("缺少字段") + 1).values as unknown[]).filter((value) => typeof value === "string" && value !== "缺少字段") as string[];
    for (const value of missing) expect(value).not.toMatch(/^[a-z]+(\.[a-zA-Z]+)+/);

    const rules = book.getWorksheet("规则")!;
    expect(headerOf(rules).slice(0, 3)).toEqual(["规则编号", "规则", "条款"]);
    const inputs = book.getWorksheet("输入说明")!;
    expect((inputs.getColumn(1).values as unknown[]).some((value) => typeof value === "string" && value.endsWith("客户名录.xlsx"))).toBe(true);
  }, 60_000);

  it("speaks English under --lang en", async () => {
    const dir = tempFiles({});
    const input = await roster(dir);
    const out = join(dir, "report-en.xlsx");
    check([input, "--lang", "en", "--format", `xlsx=${out}`]);
    const book = await read(out);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(["Summary", "Enterprises", "Projects", "Findings", "Rules", "Inputs"]);
    const header = headerOf(book.getWorksheet("Enterprises")!);
    expect(header.slice(0, 5)).toEqual(["Kind", "Id", "Name", "Location", "Conclusion"]);
    expect(book.getWorksheet("Enterprises")!.getRow(2).getCell(4).value).toMatch(/客户名录\.xlsx · 企业名录 · row 2$/);
    expect(book.getWorksheet("Enterprises")!.getRow(2).getCell(5).value).toBe("non-compliant");
  }, 60_000);

  it("goes on in a second sheet when one is full, and caps a cell below Excel's 32,767 characters", async () => {
    process.chdir(repoRoot);
    const { check: run } = await import("../src/check.js");
    const { formatXlsx } = await import("../src/report/xlsx.js");
    // 2,000 enterprises without qualifications: the portfolio rule that counts them lists all 2,000 in its message.
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ kind: "enterprise", creditCode: creditCode(i), name: `深圳市第${i + 1}号建筑工程有限公司`, type: "construction", fiscalYear: 2023, employees: 30 }));
    const dir = tempFiles({ "many.ndjson": lines.join("\n") });
    const result = await run({ paths: [dir], asOf: "2024-06-30", lang: "zh", locations: false });
    const long = [...result.report.results].find((r) => r.message.length > 32_767);
    expect(long, "a result whose message is longer than a cell").toBeDefined();
    const path = join(dir, "small-sheets.xlsx");
    writeFileSync(path, Buffer.concat(await formatXlsx(result, { maxRows: 500 })));
    const book = await read(path);
    const names = book.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual(expect.arrayContaining(["企业", "企业 (2)", "企业 (3)", "企业 (4)", "企业 (5)"]));
    const rows = names.filter((name) => name.startsWith("企业")).map((name) => book.getWorksheet(name)!.rowCount - 1);
    expect(rows.every((count) => count <= 499)).toBe(true);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(2000);
    let longest = 0;
    let capped: string | undefined;
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const text = typeof cell.value === "string" ? cell.value : "";
          if (text.length > longest) longest = text.length;
          if (/…等 \d+ 项$/.test(text)) capped = text;
        }),
      );
    }
    expect(longest).toBeLessThan(32_767);
    expect(capped).toBeDefined();
    const left = Number(/…等 (\d+) 项$/.exec(capped!)![1]);
    expect(left).toBeGreaterThan(100);
  }, 120_000);
});

describe("LibreOffice opens the workbook", () => {
  const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].find((path) => existsSync(path));
  const MISSING = "LibreOffice is not installed (apt-get install -y --no-install-recommends libreoffice-calc-nogui; .ci/run does): the xlsx is not opened in LibreOffice here";
  if (soffice === undefined && process.env.CI === undefined) console.warn(`skipped: ${MISSING}`);

  it.skipIf(soffice === undefined && process.env.CI === undefined)("reads every sheet of the report and of an annotated copy", async () => {
    expect(soffice, MISSING).toBeDefined();
    const dir = tempFiles({});
    const input = await roster(dir);
    const out = join(dir, "report.xlsx");
    check([input, "--lang", "zh", "--format", `xlsx=${out}`, "--format", `annotated=${join(dir, "annotated")}`]);
    const sheets = (file: string): Record<string, string> => {
      const target = join(dir, `lo-${Math.random().toString(36).slice(2)}`);
      mkdirSync(target);
      const run = spawnSync(soffice!, ["--headless", "--norestore", `-env:UserInstallation=file://${join(dir, "lo-profile")}`, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", target, file], { encoding: "utf8", timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      return Object.fromEntries(readdirSync(target).map((name) => [name.replace(/^.*?-(?=[^-]+\.csv$)/, "").replace(/\.csv$/, ""), readFileSync(join(target, name), "utf8")]));
    };
    const report = sheets(out);
    expect(Object.keys(report).sort()).toEqual(["企业", "汇总", "规则", "输入说明", "问题清单", "项目"].sort());
    expect(report["企业"]!.split("\n")[0]).toMatch(/^类型,编号,名称,位置,结论,问题数,/);
    expect(report["企业"]).toContain("深圳市第1建筑工程有限公司");
    expect(report["问题清单"]).toContain(titles("zh")["rd-intensity"]);
    const annotated = sheets(join(dir, "annotated", "客户名录.xlsx"));
    expect(annotated["企业名录"]!.split("\n")[0]).toContain("结论（szcheck）");
    expect(annotated["企业名录"]!.split("\n")[1]).toMatch(/^91440300MA5F0L7K29,深圳市第1建筑工程有限公司,/);
  }, 240_000);
});

describe("--format annotated", () => {
  it("copies each input workbook with its cells, styles and rows as they were, and the verdicts beside them", async () => {
    const dir = tempFiles({});
    const input = await roster(dir);
    const csv = join(dir, "项目.csv");
    writeFileSync(csv, "投资项目统一代码,项目名称,资金来源,立项日期,发包模式\n C1 ,项目C1,政府投资,2023-06-01,施工总承包\n\nC2,=项目C2,政府投资,2023-06-01,工程总承包\n");
    const out = join(dir, "out");
    const { code, stderr } = check([input, csv, "--lang", "zh", "--format", `annotated=${out}`]);
    expect(stderr).not.toMatch(/must be|cannot|invalid/);
    expect(code).toBe(1);
    expect(readdirSync(out).sort()).toEqual(["客户名录.xlsx", "项目.xlsx"]);

    const before = await read(input);
    const after = await read(join(out, "客户名录.xlsx"));
    expect(after.worksheets.map((sheet) => sheet.name)).toEqual(before.worksheets.map((sheet) => sheet.name));
    for (const original of before.worksheets) {
      const copy = after.getWorksheet(original.name)!;
      const width = original.columnCount;
      original.eachRow({ includeEmpty: true }, (row, number) => {
        for (let column = 1; column <= width; column++) {
          const was = row.getCell(column);
          const now = copy.getRow(number).getCell(column);
          expect(JSON.stringify(now.value), `${original.name}!${was.address}`).toBe(JSON.stringify(was.value));
          expect(now.numFmt, `${original.name}!${was.address} format`).toBe(was.numFmt);
          expect(now.font?.bold, `${original.name}!${was.address} font`).toBe(was.font?.bold);
        }
      });
      for (let column = 1; column <= width; column++) expect(copy.getColumn(column).width).toBe(original.getColumn(column).width);
      expect(copy.rowCount).toBe(original.rowCount);
    }
    expect(after.getWorksheet("企业名录")!.getCell("B5").note).toBeDefined();

    const sheet = after.getWorksheet("企业名录")!;
    const header = headerOf(sheet);
    const first = enterpriseHeaders.length + 1;
    expect(header[first - 1]).toBe("结论（szcheck）");
    const zh = titles("zh");
    const rd = header.indexOf(zh["rd-intensity"]!) + 1;
    const director = header.indexOf(zh["safety-director"]!) + 1;
    expect(rd).toBeGreaterThan(first);
    expect(sheet.getRow(2).getCell(first).value).toBe("不符合");
    expect(sheet.getRow(2).getCell(rd).value).toBe("不符合");
    expect(JSON.stringify(sheet.getRow(2).getCell(rd).note)).toContain("研发投入强度 2");
    expect(sheet.getRow(2).getCell(director).value).toBe("不符合");
    expect(sheet.getRow(3).getCell(rd).value).toBe("不适用");
    // The client's own cell behind a failure is highlighted, its value untouched.
    const rdCell = sheet.getRow(2).getCell(enterpriseHeaders.indexOf("研发投入") + 1);
    expect(fillOf(rdCell)).toBe("FFFFC7CE");
    expect(rdCell.value).toBe(2_000_000);
    expect(fillOf(sheet.getRow(3).getCell(enterpriseHeaders.indexOf("研发投入") + 1))).toBeUndefined();

    const projects = after.getWorksheet("项目台账")!;
    const projectHeader = headerOf(projects);
    expect(projectHeader[11]).toBe("结论（szcheck）");
    // A building's verdict names the building: 数据不全（1#）.
    const verdicts = (projects.getRow(2).values as unknown[]).slice(13).map(String);
    expect(verdicts.some((value) => /^(不符合|数据不全)（1#）$/.test(value))).toBe(true);

    const csvCopy = await read(join(out, "项目.xlsx"));
    const csvSheet = csvCopy.worksheets[0]!;
    expect(csvSheet.getRow(1).getCell(1).value).toBe("投资项目统一代码");
    expect(csvSheet.getRow(2).getCell(1).value).toBe(" C1 "); // as written, spaces and all
    expect(csvSheet.getRow(3).getCell(1).value).toBeNull(); // the blank line stays a blank row
    expect(csvSheet.getRow(4).getCell(2).value).toBe("=项目C2"); // text, not a formula
    expect(headerOf(csvSheet)[5]).toBe("结论（szcheck）");
    expect(csvSheet.getRow(4).getCell(6).value).not.toBeNull();
  }, 60_000);

  it("writes the verdicts by the header and columns the check read, a mapping file's included", async () => {
    const dir = tempFiles({
      "名录.szmap.yaml": [
        "headerRows: [2]",
        "columns:",
        "  代码: creditCode",
        "  单位全称: name",
        "  类别: type",
        "  龙头: techLeader",
        "  年度: fiscalYear",
        "  人数: employees",
        "  年收入: revenueCny",
        "  研发经费合计: rdExpenseCny",
        "  安全负责人设置: safety.safetyDirector",
        "set: { kind: enterprise }",
        "",
      ].join("\n"),
    });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("名录");
    sheet.addRow(["2023年度重点企业填报表（内部）"]);
    const headers = ["代码", "单位全称", "类别", "龙头", "年度", "人数", "年收入", "研发经费合计", "安全负责人设置"];
    sheet.addRow(headers);
    sheet.addRow([codes[0], "深圳市第一建筑工程有限公司", "施工类", "是", 2023, 60, 100_000_000, 2_000_000, "是"]);
    const input = join(dir, "名录.xlsx");
    await book.xlsx.writeFile(input);
    const out = join(dir, "out");
    const { code, report } = check([input, "--lang", "zh", "--format", `annotated=${out}`]);
    expect(code).toBe(1);
    expect(report.inputs[0]!.intake!.sheets[0]!.headerRows).toEqual([2]);
    const copy = (await read(join(out, "名录.xlsx"))).getWorksheet("名录")!;
    // The title row stays as it was; the verdict columns are titled on the mapped header row.
    expect((copy.getRow(1).values as unknown[]).filter((value) => value !== undefined && value !== null)).toEqual(["2023年度重点企业填报表（内部）"]);
    expect(copy.getRow(2).getCell(headers.length + 1).value).toBe("结论（szcheck）");
    expect(copy.getRow(3).getCell(headers.length + 1).value).toBe("不符合");
    // The R&D figure behind the failure is highlighted in the column the mapping named.
    expect(fillOf(copy.getRow(3).getCell(headers.indexOf("研发经费合计") + 1))).toBe("FFFFC7CE");
    expect(fillOf(copy.getRow(3).getCell(headers.indexOf("人数") + 1))).toBeUndefined();
  }, 60_000);

  it("refuses to write over an input, and says so when no input is a spreadsheet", async () => {
    const dir = tempFiles({ "p.json": JSON.stringify({ kind: "project", projectCode: "P-1", name: "x", district: "福田" }) });
    const yaml = szcheck(["check", join(dir, "p.json"), "--as-of", "2024-06-30", "--format", `annotated=${join(dir, "out")}`]);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain("none of the inputs is a workbook (.xlsx) or CSV file");
    const input = await roster(dir);
    const over = szcheck(["check", input, "--as-of", "2024-06-30", "--format", `annotated=${dir}`]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain("would write over the input");
    const noFolder = szcheck(["check", input, "--format", "annotated"]);
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain("--format annotated=out/");
  }, 60_000);
});


function columnLetter(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
