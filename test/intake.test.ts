import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { parseDescriptor, type Descriptor } from "../src/descriptors/index.js";
import { readInputs, type ReadOptions } from "../src/inputs/read-inputs.js";
import type { ReportDocument } from "../src/model/report.js";
import { repoRoot, szcheck, tempFiles } from "./helpers.js";

// Every test reads a file of fixtures/intake/ (made by scripts/make-intake-fixtures.ts) or one
// made here, and asserts what the rules would see (the records after validation) and what the
// user is told (intake notices in JSON and text, errors, exit codes).

const fixture = (name: string): string => join("fixtures", "intake", name);

/** The records of one input as the rules see them (validated, labels normalised), by pointer. */
async function read(path: string, options: ReadOptions = {}) {
  const input = await readInputs([isAbsolute(path) ? path : join(repoRoot, path)], options);
  const records = new Map<string, Descriptor>();
  const problems: string[] = [];
  for (const record of input.records) {
    const parsed = parseDescriptor(record.raw);
    if (parsed.ok) records.set(`${record.origin.file.replace(/^.*fixtures\/intake\//, "")}${record.origin.pointer}`, parsed.descriptor);
    else problems.push(...parsed.problems.map((p) => `${record.origin.pointer}${p.pointer}: ${p.message}`));
  }
  const sheets = input.files.flatMap((file) => file.intake?.sheets ?? []);
  return { ...input, records, problems, sheets, intake: input.files[0]!.intake! };
}

const checkJson = (args: string[], env?: NodeJS.ProcessEnv) => {
  const run = szcheck(["check", ...args, "--format", "json", "--as-of", "2025-06-30"], { env });
  return { run, report: JSON.parse(run.stdout) as ReportDocument };
};

describe("a 住建局 statistics return (title rows, a two-row merged header, 万元, percent cells, 合计 and footers, a notes sheet)", () => {
  const file = fixture("企业研发投入统计表2024.xlsx");

  it("reads every record through the merged header, amounts ×10,000 and nothing else in the way", async () => {
    const { records, errors, problems, sheets } = await read(file);
    expect(errors).toEqual([]);
    expect(problems).toEqual([]);
    expect([...records.keys()]).toEqual(["企业研发投入统计表2024.xlsx[研发投入]/5", "企业研发投入统计表2024.xlsx[研发投入]/6", "企业研发投入统计表2024.xlsx[研发投入]/8", "企业研发投入统计表2024.xlsx[研发投入]/9"]);
    const row9 = records.get("企业研发投入统计表2024.xlsx[研发投入]/9")!;
    // 386.702 万元 of R&D is ¥3,867,020, not ¥386.70; 施工总承包-style labels become the enum.
    expect(row9).toMatchObject({ kind: "enterprise", rdExpenseCny: 3_867_020, revenueCny: 966_702_000, employees: 145, type: "construction", techLeader: false, safety: { safetyDirector: true } });
    expect(records.get("企业研发投入统计表2024.xlsx[研发投入]/6")).toMatchObject({ type: "survey-design", techLeader: true, safety: { safetyDirector: false } });
    const sheet = sheets[0]!;
    expect(sheet.headerRows).toEqual([3, 4]);
    expect(sheet.conversions.map((c) => c.text)).toEqual(["营业收入（万元）×10000 → revenueCny", "研发投入情况 研发投入（万元）×10000 → rdExpenseCny"]);
    expect(sheet.skippedRows).toEqual([{ reason: "blank", rows: [7] }, { reason: "total", rows: [10] }, { reason: "footer", rows: [12, 13] }]);
    expect(sheet.columns.filter((c) => c.use !== "field").map((c) => [c.header, c.use])).toEqual([["序号", "ignored"], ["研发投入情况 研发投入强度(%)", "computed"], ["备注", "ignored"]]);
  });

  it("never assumes the year in the title, compares the stated 研发投入强度 with its own, and skips the notes sheet", async () => {
    const { records, sheets, intake } = await read(file);
    expect([...records.values()].every((record) => record.kind === "enterprise" && record.fiscalYear === undefined)).toBe(true);
    const [year, intensity] = sheets[0]!.warnings;
    expect(year).toContain("set: { fiscalYear: 2024 }");
    // Row 8 states 3% where 636 ÷ 31,800 is 2%.
    expect(intensity).toMatch(/disagrees .* on rows 8 \(row 8: the table says 3, szcheck computes 2\)/);
    expect(intake.skippedSheets).toEqual([{ sheet: "填报说明", reason: expect.stringContaining("no recognisable header") }]);
  });

  it("says it all once in the text report and in JSON as inputs[].intake, in Chinese with --lang zh", () => {
    const text = szcheck(["check", file, "--as-of", "2025-06-30", "--lang", "zh"]);
    expect(text.stdout).toContain("读取 fixtures/intake/企业研发投入统计表2024.xlsx › 研发投入：表头第 3–4 行，4 条记录");
    expect(text.stdout).toContain("换算 营业收入（万元）×10000 → revenueCny");
    expect(text.stdout).toContain("略过：空行 第 7 行 · 合计行 第 10 行 · 表尾 第 12, 13 行");
    expect(text.stdout).toContain("略过工作表 fixtures/intake/企业研发投入统计表2024.xlsx › 填报说明");
    expect(text.stdout.match(/×10000 → revenueCny/g)).toHaveLength(1);
    const html = join(tempFiles({}), "audit.html");
    const { run, report } = checkJson([file, "--format", `html=${html}`]);
    expect(report.errors).toEqual([]);
    expect(run.code).not.toBe(2);
    // The HTML report's inputs table says it too.
    expect(readFileSync(html, "utf8")).toContain("converted 营业收入（万元）×10000 → revenueCny");
    expect(report.inputs[0]!.intake!.sheets[0]!.conversions[0]).toMatchObject({ header: "营业收入（万元）", field: "revenueCny", from: "万元", factor: 10000, source: "header" });
  });
});

describe("an approval-platform export (one header row under a title, date and percent cells, 南山区, 二星级, 导出说明)", () => {
  const file = fixture("项目清单-审批平台导出.xlsx");

  it("reads dates as dates, 52% as 52, labels as people write them, a flat row as one building", async () => {
    const { records, errors, problems, sheets, intake } = await read(file);
    expect(errors).toEqual([]);
    expect(problems).toEqual([]);
    const [first, second, third] = [...records.values()] as Array<Extract<Descriptor, { kind: "project" }>>;
    expect(first).toMatchObject({ projectCode: "2023-440305-47-01-123456", district: "nanshan", investmentCny: 2_865_000_000, funding: "state-owned", approval: { date: "2023-03-15" }, bim: { applied: true }, constructionNature: "new" });
    expect(first!.buildings).toEqual([{ id: "1", floorAreaM2: 185_600.5, prefab: { assemblyRatePct: 52 }, green: { targetStar: 2 } }]);
    // 建设单位 is the owner among the responsible parties.
    expect(first!.parties).toEqual([{ role: "owner", unitName: "深圳市人才安居集团有限公司" }]);
    expect(second).toMatchObject({ district: "baoan", approval: { date: "2023-06-02" }, funding: "government", buildings: [{ green: { targetStar: 1 }, prefab: { assemblyRatePct: 35 } }] });
    expect(third).toMatchObject({ district: "dapeng", funding: "government", buildings: [{ green: { targetStar: 0 }, prefab: { assemblyRatePct: 60 } }] });
    expect(sheets[0]!.conversions.map((c) => c.text)).toEqual(["总投资（万元）×10000 → investmentCny", "装配率 (percent cells)×100 → buildings.0.prefab.assemblyRatePct"]);
    expect(sheets[0]!.headerRows).toEqual([2]);
    expect(sheets[0]!.warnings).toEqual([]);
    expect(intake.skippedSheets.map((s) => s.sheet)).toEqual(["导出说明"]);
  });

  it("the same list saved by Excel on Chinese Windows as a GBK CSV reads the same, encoding said", async () => {
    const xlsx = await read(file);
    const csv = await read(fixture("项目清单-gbk.csv"));
    expect(csv.errors).toEqual([]);
    expect(csv.intake.encoding).toBe("gb18030");
    expect([...csv.records.values()]).toEqual([...xlsx.records.values()]);
    expect(csv.sheets[0]!.skippedRows).toEqual([{ reason: "blank", rows: [5] }, { reason: "total", rows: [6] }]);
    const text = szcheck(["check", fixture("项目清单-gbk.csv"), "--as-of", "2025-06-30"]);
    expect(text.stdout).toContain("read fixtures/intake/项目清单-gbk.csv: header row 1, 3 records (encoding gb18030)");
  });

  it("book.xlsx[sheet] picks a sheet; a sheet that is not there is an error naming the ones that are", async () => {
    const picked = await read(`${file}[项目清单]`);
    expect(picked.records.size).toBe(3);
    expect(picked.intake.skippedSheets).toEqual([{ sheet: "导出说明", reason: expect.stringContaining("not selected") }]);
    const { run, report } = checkJson([`${file}[项目]`]);
    expect(run.code).toBe(2);
    expect(report.errors[0]!.message).toBe("the workbook has no sheet 项目: it has 项目清单, 导出说明");
  });
});

describe("places a user can find", () => {
  it("a workbook written by pandas/openpyxl (absolute part names) keeps its real sheet name", async () => {
    const { records, sheets, errors } = await read(fixture("pandas-企业名录.xlsx"));
    expect(errors).toEqual([]);
    expect([...records.keys()]).toEqual(["pandas-企业名录.xlsx[企业名录]/2", "pandas-企业名录.xlsx[企业名录]/3"]);
    expect(sheets[0]!.sheet).toBe("企业名录");
    // No unit anywhere: read as 元 and said so, with what to set if not.
    expect(sheets[0]!.notes[0]).toContain("no unit in the header or above the table, read as 元");
  });

  it("a workbook whose zip lays its parts out differently (re-zipped) reads the same, sheet names and percent cells too", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(repoRoot, fixture("项目清单-审批平台导出.xlsx"))));
    const dir = tempFiles({});
    writeFileSync(join(dir, "rezipped.xlsx"), await zip.generateAsync({ type: "nodebuffer" }));
    const original = await read(fixture("项目清单-审批平台导出.xlsx"));
    const rezipped = await read(join(dir, "rezipped.xlsx"));
    expect(rezipped.errors).toEqual([]);
    expect([...rezipped.records.values()]).toEqual([...original.records.values()]);
    expect(rezipped.sheets.map((s) => [s.sheet, s.conversions.length])).toEqual([["项目清单", 2]]);
  });

  it("findings name the sheet and the row Excel shows, before any skipped rows", () => {
    const { report } = checkJson([fixture("企业研发投入统计表2024.xlsx")]);
    const places = new Set(report.results.filter((r) => r.subject.kind === "enterprise").map((r) => `${r.subject.file}#${r.subject.pointer}`));
    expect([...places].sort()).toEqual(["5", "6", "8", "9"].map((row) => `fixtures/intake/企业研发投入统计表2024.xlsx[研发投入]#/${row}`));
  });
});

describe("mapping files", () => {
  it("a mapping beside the workbook places unusual headers, sets units and constants, and is named in the report", async () => {
    const { records, sheets, intake, errors } = await read(fixture("重点企业名录.xlsx"));
    expect(errors).toEqual([]);
    expect(intake.mapping).toBe("fixtures/intake/重点企业名录.szmap.yaml");
    expect([...records.values()][1]).toMatchObject({ name: "深圳市鹏程建筑工程有限公司", fiscalYear: 2024, revenueCny: 966_702_000, rdExpenseCny: 3_867_020, employees: 145 });
    expect(sheets[0]!.conversions.map((c) => c.text)).toEqual(["年收入（万元）×10000 → revenueCny", "研发支出（万元）×10000 → rdExpenseCny"]);
    expect(sheets[0]!.notes).toContain("the mapping file sets fiscalYear = 2024 on every record");
  });

  it("--map and the config's intake: apply to a file without a mapping of its own; a bad mapping names its line", () => {
    const dir = tempFiles({
      "roster.csv": "单位,代码,收入\n深圳市某建筑有限公司,91440300MA5F0L7K29,1.5\n",
      "m.yaml": "set: { kind: enterprise }\ncolumns:\n  单位: name\n  代码: creditCode\n  收入: { field: revenueCny, unit: 亿元 }\n",
      "szcheck.config.yaml": "intake:\n  set: { kind: enterprise }\n  columns: { 单位: name, 代码: creditCode, 收入: { field: revenueCny, unit: 万元 } }\n",
      "bad.yaml": "columns:\n  单位: { feild: name }\n",
    });
    const mapped = szcheck(["check", "roster.csv", "--map", "m.yaml", "--format", "json", "--as-of", "2025-06-30"], { cwd: dir });
    const viaFlag = JSON.parse(mapped.stdout) as ReportDocument;
    expect(viaFlag.errors).toEqual([]);
    expect(viaFlag.inputs[0]!.intake!.sheets[0]!.conversions[0]!.text).toBe("收入（亿元）×100000000 → revenueCny");
    const viaConfig = JSON.parse(szcheck(["check", "roster.csv", "--format", "json", "--as-of", "2025-06-30"], { cwd: dir }).stdout) as ReportDocument;
    expect(viaConfig.inputs[0]!.intake).toMatchObject({ mapping: "szcheck.config.yaml", sheets: [{ conversions: [{ factor: 10000 }] }] });
    const bad = szcheck(["check", "roster.csv", "--map", "bad.yaml", "--format", "json"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect((JSON.parse(bad.stdout) as ReportDocument).errors[0]).toMatchObject({ file: "bad.yaml", line: 2, message: expect.stringContaining('invalid mapping file (line 2): columns.单位: unknown key "feild"') });
  });

  it("Table Dialect keys: delimiter, commentRows, commentChar; a sheet note gives an area unit, said with its source", async () => {
    const dir = tempFiles({
      "p.csv": ["深圳市建设项目清单", "面积单位：万平方米", "项目代码;项目名称;建筑面积", "A1;甲;1.5", "# 待核实;;", "A2;乙;2", "A3;丙;3"].join("\n") + "\n",
      "p.szmap.yaml": "delimiter: ';'\ncommentChar: '#'\ncommentRows: [7]\n",
    });
    const { records, sheets, errors } = await read(join(dir, "p.csv"));
    expect(errors).toEqual([]);
    expect([...records.values()].map((r) => [(r as { projectCode: string }).projectCode, (r as { buildings: Array<{ floorAreaM2: number }> }).buildings[0]!.floorAreaM2])).toEqual([["A1", 15_000], ["A2", 20_000]]);
    expect(sheets[0]!.skippedRows).toEqual([{ reason: "comment", rows: [5, 7] }]);
    expect(sheets[0]!.conversions).toEqual([expect.objectContaining({ field: "buildings.0.floorAreaM2", factor: 10000, source: "sheet-note", text: "建筑面积（面积单位：万平方米）×10000 → buildings.0.floorAreaM2" })]);
  });

  it("szcheck map drafts a mapping: each header with its field and unit, what it would not assume commented; the draft works", () => {
    const dir = tempFiles({});
    const book = join(dir, "统计表.xlsx");
    copyFileSync(join(repoRoot, fixture("企业研发投入统计表2024.xlsx")), book);
    const draft = szcheck(["map", book]);
    expect(draft.code).toBe(0);
    expect(draft.stdout).toMatch(/^# yaml-language-server: \$schema=\S+map\.schema\.json\n/);
    expect(draft.stdout).toContain("headerRows: [3, 4]\n");
    expect(draft.stdout).toContain("  营业收入（万元）: { field: revenueCny, unit: 万元 }   # ×10000\n");
    expect(draft.stdout).toContain("  序号: ignore\n");
    expect(draft.stdout).toContain("  kind: enterprise\n  # fiscalYear: 2024");
    expect(szcheck(["map", book, "--write"]).stderr).toContain("统计表.szmap.yaml");
    const mapFile = join(dir, "统计表.szmap.yaml");
    writeFileSync(mapFile, readFileSync(mapFile, "utf8").replace("  # fiscalYear: 2024", "  fiscalYear: 2024"));
    const { report } = checkJson([book]);
    expect(report.errors).toEqual([]);
    expect(report.inputs[0]!.records).toBe(4);
    expect(report.inputs[0]!.intake!.sheets[0]!.warnings.some((w) => w.includes("fiscalYear"))).toBe(false);
    expect(szcheck(["map", book, "--write"]).code).toBe(2);
  });

  it("szcheck map comments the headers it cannot place with the nearest fields", () => {
    const dir = tempFiles({ "x.csv": "项目代码,项目名称,经办人,项目总投资额度,建设单位\nA1,甲,张三,1,某单位\n" });
    const draft = szcheck(["map", join(dir, "x.csv")]);
    expect(draft.stdout).toContain("  # 经办人: ignore   # not recognised;");
    expect(draft.stdout).toContain("  建设单位: parties.0.unitName\n");
    expect(draft.stdout).toMatch(/ {2}# 项目总投资额度: ignore {3}# not recognised; nearest fields: investmentCny/);
  });
});

describe("values as people write them, and what cannot be read", () => {
  it("malformed numbers are input errors echoing the cell; valid thousands groups are read", async () => {
    const { records, errors } = await read(fixture("errors/数字写法.csv"));
    expect(errors.map((e) => [e.pointer, e.message])).toEqual([
      ["/2/revenueCny", expect.stringContaining('"1,5" in column 营业收入（万元） is not a number: thousands separators group three digits')],
      ["/3/rdExpenseCny", expect.stringContaining('"1.234,56" in column 研发投入（万元） is not a number')],
    ]);
    expect([...records.values()]).toMatchObject([{ revenueCny: 966_702_000, rdExpenseCny: 3_867_020 }]);
  });

  it("two columns for one field are one error naming both headers (no silent last-one-wins)", () => {
    const { run, report } = checkJson([fixture("errors/两列同名.csv")]);
    expect(run.code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("columns 「name」 and 「名称」 both give the field name") })]);
    expect(report.inputs[0]!.records).toBe(0);
  });

  it("an enum error echoes the value and suggests the nearest choice, in Chinese with --lang zh", () => {
    const { report } = checkJson([fixture("errors/星级和区.csv"), "--lang", "zh"]);
    const messages = report.errors.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringContaining("列「所在区」的「南三区」不是可选值（最接近的是「南山」）"));
    expect(messages).toContainEqual(expect.stringContaining("列「绿色建筑星级」的「四星级」不是一个数"));
  });

  it("a credit code stored as a number says the digits are lost and to store the column as text, never a check character", () => {
    const { report } = checkJson([fixture("errors/信用代码存成数字.xlsx")]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.message).toContain("has lost its last digits");
    expect(report.errors[0]!.message).toContain("Format the column as Text");
    expect(report.errors[0]!.message).not.toMatch(/check character \(18th\) should be/);
  });

  it("text dates, serial numbers, full-width digits, 52% text and √/× all convert", async () => {
    const dir = tempFiles({});
    const path = join(dir, "p.csv");
    writeFileSync(path, ["项目代码,项目名称,立项日期,规划许可日期,施工许可日期,竣工验收日期,总投资,装配率,联合验收,是否采用BIM", "A1,甲,2023.3.15,45000,2023年3月5日,2024-3-1,１２３４５６７,52%,√,×"].join("\n"));
    const { records, errors } = await read(path);
    expect(errors).toEqual([]);
    expect([...records.values()][0]).toMatchObject({ approval: { date: "2023-03-15" }, permits: { planningPermitDate: "2023-03-15", constructionPermitDate: "2023-03-05", completionAcceptanceDate: "2024-03-01", jointAcceptance: true }, investmentCny: 1_234_567, bim: { applied: false }, buildings: [{ prefab: { assemblyRatePct: 52 } }] });
  });
});

describe("encodings and ways in", () => {
  it("bytes that are neither UTF-8 nor GB18030 are exit 2 naming the problem: from a file and from standard input", () => {
    const { run, report } = checkJson([fixture("errors/not-text.csv")]);
    expect(run.code).toBe(2);
    expect(report.errors[0]!.message).toContain("neither UTF-8 nor GB18030");
    const bytes = Buffer.concat([Buffer.from('{"kind":"enterprise","creditCode":"91350100M000100Y43","name":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"}')]);
    const stdin = spawnSync(process.execPath, [join(repoRoot, "bin", "szcheck.js"), "check", "-", "--format", "json"], { input: bytes, env: { PATH: process.env.PATH, LANG: "en_US.UTF-8" } });
    expect(stdin.status).toBe(2);
    const errors = (JSON.parse(stdin.stdout.toString("utf8")) as ReportDocument).errors;
    expect(errors[0]).toMatchObject({ file: "-", message: expect.stringContaining("not valid UTF-8") });
    expect(stdin.stdout.toString("utf8")).not.toContain("\uFFFD");
  });

  it("NDJSON in GB18030 is decoded; --encoding overrides detection", () => {
    const gbk = readFileSync(join(repoRoot, fixture("项目清单-gbk.csv")));
    const dir = tempFiles({});
    writeFileSync(join(dir, "p.csv"), gbk);
    const forced = checkJson([join(dir, "p.csv"), "--encoding", "utf-8"]);
    expect(forced.run.code).toBe(2);
    expect(forced.report.errors[0]!.message).toContain("is not valid UTF-8");
    // 国有 in GBK, inside an otherwise ASCII line.
    writeFileSync(join(dir, "e.ndjson"), Buffer.concat([Buffer.from('{"kind":"enterprise","creditCode":"91350100M000100Y43","name":"'), Buffer.from([0xb9, 0xfa, 0xd3, 0xd0]), Buffer.from('"}\n')]));
    const ndjson = checkJson([join(dir, "e.ndjson")]);
    expect(ndjson.report.errors).toEqual([]);
    expect(ndjson.report.results.some((r) => r.subject.name === "国有")).toBe(true);
  });

  it(".xls gets a save-as-.xlsx message", () => {
    const dir = tempFiles({ "old.xls": "\xd0\xcf\x11\xe0" });
    const run = szcheck(["check", join(dir, "old.xls")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("save it as .xlsx");
  });
});

describe("columns and rows szcheck does not know", () => {
  it("unknown columns are one warning per file; strict: true makes them errors on every row", async () => {
    const dir = tempFiles({ "e.csv": "统一社会信用代码,企业名称,开户银行,法人代表\n91350100M000100Y43,甲,招商银行,张三\n91440300MA5F0L7K29,乙,工商银行,李四\n" });
    const loose = await read(join(dir, "e.csv"));
    expect(loose.errors).toEqual([]);
    expect(loose.sheets[0]!.warnings).toEqual([expect.stringContaining("set aside: 开户银行, 法人代表")]);
    writeFileSync(join(dir, "e.szmap.yaml"), "strict: true\n");
    const strict = await read(join(dir, "e.csv"));
    expect(strict.errors.map((e) => e.pointer)).toEqual(["/2", "/2", "/3", "/3"]);
  });

  it("percentages all between 0 and 1 and revenue 10,000× too small are warnings naming the column and the fix", async () => {
    const dir = tempFiles({ "w.csv": "统一社会信用代码,企业名称,从业人员,营业收入\n91350100M000100Y43,甲,300,148000\n", "p.csv": "项目代码,项目名称,装配率\nA1,甲,0.52\nA2,乙,0.4\n" });
    const revenue = await read(join(dir, "w.csv"));
    expect(revenue.sheets[0]!.warnings).toEqual([expect.stringContaining("营业收入 looks 10,000× too small (revenue per employee under ¥1,000) on rows 2")]);
    const pct = await read(join(dir, "p.csv"));
    expect(pct.sheets[0]!.warnings).toEqual([expect.stringContaining("every value of 装配率 is between 0 and 1: if these are fractions (0.52 for 52%), set columns: { 装配率: { unit: fraction } }")]);
  });

  it("a workbook sheet with a formula error reports that row with its header, and reads the rest", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("名录");
    sheet.addRow(["统一社会信用代码", "企业名称", "营业收入（万元）"]);
    sheet.addRow(["91350100M000100Y43", "甲", { formula: "1/0", result: { error: "#DIV/0!" } }]);
    sheet.addRow(["91440300MA5F0L7K29", "乙", 12.5]);
    const dir = tempFiles({});
    await book.xlsx.writeFile(join(dir, "b.xlsx"));
    const { errors, records } = await read(join(dir, "b.xlsx"));
    expect(errors).toEqual([expect.objectContaining({ pointer: "/2", message: expect.stringContaining("row 2, column 营业收入（万元） holds the formula error") })]);
    expect([...records.values()]).toMatchObject([{ revenueCny: 125_000 }]);
  });
});
