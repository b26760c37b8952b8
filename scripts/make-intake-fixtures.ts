// Writes fixtures/intake/: workbooks and CSVs shaped as they arrive from a 住建局 statistics
// return, an approval-platform export, Excel on Chinese Windows (GBK CSV) and pandas/openpyxl,
// and the files with mistakes the intake must report. Run: npm run fixtures:intake.
// The tests read these files; the figures below are what they assert.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { creditCodeCheckCharacter } from "../src/descriptors/credit-code.js";

const dir = join(import.meta.dirname, "..", "fixtures", "intake");
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, "errors"), { recursive: true });

const code = (first17: string): string => first17 + creditCodeCheckCharacter(first17);
const thin = { style: "thin" as const };
const box = { top: thin, left: thin, bottom: thin, right: thin };
// exceljs stamps the time it wrote a workbook; a fixed one keeps the files the same on every run.
const written = new Date(Date.UTC(2025, 2, 31, 9, 0, 0));

const enterprises = [
  { name: "深圳市建工集团股份有限公司", code: code("91440300192178920"), type: "施工总承包", staff: 3120, revenue: 1_286_500.5, rd: 41_230.2, stated: 0.0320, leader: "是", director: "是" },
  { name: "深圳市同创勘察设计研究院有限公司", code: code("91440300MA5F0L7K2"), type: "勘察设计", staff: 860, revenue: 148_000, rd: 6_660, stated: 0.045, leader: "√", director: "×" },
  { name: "深圳前海智建工程咨询有限公司", code: code("91440300MA5G4R6W8"), type: "技术服务咨询类", staff: 210, revenue: 31_800, rd: 636, stated: 0.03, leader: "否", director: "否" },
  { name: "深圳市鹏程建筑工程有限公司", code: code("91440300MA5H2B3C4"), type: "专业承包", staff: 145, revenue: 96_670.2, rd: 386.702, stated: 0.004, leader: "否", director: "是" },
];

/** A statistics return: title, unit note, a two-row merged header, 合计, footer, a notes sheet. */
async function statisticsReturn(): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.created = book.modified = written;
  const sheet = book.addWorksheet("研发投入");
  sheet.mergeCells("A1:K1");
  sheet.getCell("A1").value = "2024年度建筑业企业研发投入统计表";
  sheet.getCell("A1").font = { bold: true, size: 16 };
  sheet.getCell("A1").alignment = { horizontal: "center" };
  sheet.mergeCells("A2:E2");
  sheet.getCell("A2").value = "填报单位（盖章）：深圳市住房和建设局建筑业统计科";
  sheet.mergeCells("H2:K2");
  sheet.getCell("H2").value = "金额单位：万元；人数单位：人";
  const parents = ["序号", "企业名称", "统一社会信用代码", "企业类型", "从业人员\n（人）", "营业收入（万元）", "研发投入情况", "", "是否建设科技龙头企业", "是否配备安全总监", "备注"];
  sheet.getRow(3).values = parents;
  sheet.getRow(4).values = ["", "", "", "", "", "", "研发投入（万元）", "研发投入强度(%)", "", "", ""];
  for (const column of ["A", "B", "C", "D", "E", "F", "I", "J", "K"]) sheet.mergeCells(`${column}3:${column}4`);
  sheet.mergeCells("G3:H3");
  let row = 5;
  enterprises.forEach((e, i) => {
    if (i === 2) row++; // a blank row left in the middle
    const r = sheet.getRow(row++);
    r.values = [i + 1, e.name, e.code, e.type, e.staff, e.revenue, e.rd, e.stated, e.leader, e.director, i === 1 ? "已核实" : ""];
    r.getCell(8).numFmt = "0.00%";
    r.getCell(6).numFmt = "#,##0.00";
  });
  const total = sheet.getRow(row++);
  total.values = ["合计", "", "", "", enterprises.reduce((s, e) => s + e.staff, 0), enterprises.reduce((s, e) => s + e.revenue, 0), enterprises.reduce((s, e) => s + e.rd, 0)];
  row++;
  sheet.getRow(row++).values = ["填表人：张晓明", "", "", "审核人：李建国", "", "", "联系电话：0755-83788888", "", "填报日期：2025年3月31日"];
  sheet.getRow(row++).values = ["注：1. 研发投入按《企业研发费用归集口径》统计；2. 研发投入强度=研发投入/营业收入。"];
  for (let r = 3; r < row - 3; r++) for (let c = 1; c <= 11; c++) sheet.getCell(r, c).border = box;
  sheet.columns.forEach((column, i) => (column.width = [6, 34, 22, 14, 10, 16, 14, 12, 12, 12, 10][i] ?? 10));

  const notes = book.addWorksheet("填报说明");
  notes.getCell("A1").value = "填报说明";
  notes.getCell("A2").value = "一、本表由各建筑业企业填报，区住房建设局汇总后报市住房建设局。";
  notes.getCell("A3").value = "二、金额单位为万元，保留两位小数。";
  await book.xlsx.writeFile(join(dir, "企业研发投入统计表2024.xlsx"));
}

const projects = [
  { code: "2023-440305-47-01-123456", name: "南山区科技园片区人才住房项目", owner: "深圳市人才安居集团有限公司", district: "南山区", investment: 286_500, area: 185_600.5, funding: "国有企业投资", date: new Date(Date.UTC(2023, 2, 15)), bim: "是", rate: 0.52, star: "二星级", nature: "新建" },
  { code: "2023-440306-48-01-654321", name: "宝安区中心区学校扩建工程", owner: "深圳市宝安区建筑工务署", district: "宝安", investment: 45_800, area: 38_000, funding: "政府投资", date: "2023年6月2日", bim: "否", rate: 0.35, star: "一星级", nature: "扩建" },
  { code: "2024-440309-47-03-000777", name: "大鹏新区滨海产业配套宿舍", owner: "深圳市大鹏新区城市建设投资有限公司", district: "大鹏新区", investment: 12_000, area: 21_000, funding: "财政资金", date: new Date(Date.UTC(2024, 0, 8)), bim: "是", rate: 0.6, star: "基本级", nature: "新建" },
];

const projectHeader = ["序号", "项目代码", "项目名称", "建设单位", "所在区", "总投资（万元）", "建筑面积（平方米）", "资金来源", "立项日期", "是否采用BIM", "装配率", "绿色建筑星级", "建设性质"];

/** An approval-platform export: a title line, one header row, date and percent cells, 导出说明. */
async function platformExport(): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.created = book.modified = written;
  const sheet = book.addWorksheet("项目清单");
  sheet.getCell("A1").value = "深圳市投资项目在线审批监管平台 项目信息导出（导出时间：2025-01-15 10:32）";
  sheet.getRow(2).values = projectHeader;
  projects.forEach((p, i) => {
    const r = sheet.getRow(3 + i);
    r.values = [i + 1, p.code, p.name, p.owner, p.district, p.investment, p.area, p.funding, p.date, p.bim, p.rate, p.star, p.nature];
    r.getCell(9).numFmt = "yyyy-mm-dd";
    r.getCell(11).numFmt = "0%";
  });
  const notes = book.addWorksheet("导出说明");
  notes.getCell("A1").value = "导出说明：本表数据来源于深圳市投资项目在线审批监管平台，仅供参考。";
  await book.xlsx.writeFile(join(dir, "项目清单-审批平台导出.xlsx"));
}

/** The same list saved by Excel on Chinese Windows: GB18030 bytes, CRLF, each cell's displayed text. */
function gbkCsv(): void {
  const lines = [projectHeader.join(",")];
  projects.forEach((p, i) => {
    const date = typeof p.date === "string" ? p.date : `${p.date.getUTCFullYear()}/${p.date.getUTCMonth() + 1}/${p.date.getUTCDate()}`;
    const money = `"${p.investment.toLocaleString("en-US", { minimumFractionDigits: 2 })}"`;
    const area = `"${p.area.toLocaleString("en-US", { minimumFractionDigits: 2 })}"`;
    lines.push([i + 1, p.code, p.name, p.owner, p.district, money, area, p.funding, date, p.bim, `${Math.round(p.rate * 100)}%`, p.star, p.nature].join(","));
  });
  lines.push(",,,,,,,,,,,,");
  lines.push(`合计,,,,,"${projects.reduce((s, p) => s + p.investment, 0).toLocaleString("en-US", { minimumFractionDigits: 2 })}",,,,,,,`);
  writeFileSync(join(dir, "项目清单-gbk.csv"), encodeGb18030(lines.join("\r\n") + "\r\n"));
}

/** A roster as pandas/openpyxl writes it: absolute part names, so exceljs alone calls the sheet Sheet1. */
async function pandasRoster(): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.created = book.modified = written;
  const sheet = book.addWorksheet("企业名录");
  sheet.addRow(["企业名称", "统一社会信用代码", "企业类型", "统计年度", "从业人数", "营业收入", "研发投入"]);
  sheet.addRow([enterprises[0]!.name, enterprises[0]!.code, "施工类", 2024, 3120, 12_865_005_000, 412_302_000]);
  sheet.addRow([enterprises[2]!.name, enterprises[2]!.code, "技术服务咨询类", 2024, 210, 318_000_000, 6_360_000]);
  const buffer = await book.xlsx.writeBuffer();
  const zip = await JSZip.loadAsync(buffer);
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  zip.file("xl/_rels/workbook.xml.rels", rels.replace(/Target="worksheets\//g, 'Target="/xl/worksheets/'));
  writeFileSync(join(dir, "pandas-企业名录.xlsx"), await zip.generateAsync({ type: "nodebuffer" }));
}

/** A roster whose headers detection cannot place, with the mapping file beside it. */
async function rosterWithMapping(): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.created = book.modified = written;
  const sheet = book.addWorksheet("Sheet1");
  sheet.getCell("A1").value = "2024年度重点企业名录";
  sheet.getRow(2).values = ["单位全称", "社会信用代码", "企业类型", "职工数", "年收入", "研发支出", "联络人"];
  sheet.getRow(3).values = [enterprises[1]!.name, enterprises[1]!.code, "勘察设计类", 860, 148_000, 6_660, "王工"];
  sheet.getRow(4).values = [enterprises[3]!.name, enterprises[3]!.code, "施工类", 145, 96_670.2, 386.702, "陈工"];
  await book.xlsx.writeFile(join(dir, "重点企业名录.xlsx"));
  writeFileSync(
    join(dir, "重点企业名录.szmap.yaml"),
    `# yaml-language-server: $schema=../../schemas/map.schema.json
# How to read 重点企业名录.xlsx: its headers are not the usual ones, its amounts are 万元 with no
# unit written anywhere, and its year is only in the title.
headerRows: [2]
columns:
  单位全称: name
  社会信用代码: creditCode
  职工数: employees
  年收入: { field: revenueCny, unit: 万元 }
  研发支出: { field: rdExpenseCny, unit: 万元 }
  联络人: ignore
set:
  kind: enterprise
  fiscalYear: 2024
`,
  );
}

/** Mistakes the intake must report, each echoing the cell. */
function errorFiles(): void {
  const header = "统一社会信用代码,企业名称,企业类型,从业人员,营业收入（万元）,研发投入（万元）";
  writeFileSync(
    join(dir, "errors", "数字写法.csv"),
    [header, `${enterprises[1]!.code},${enterprises[1]!.name},勘察设计类,860,"1,5",6660`, `${enterprises[2]!.code},${enterprises[2]!.name},技术服务咨询类,210,31800,"1.234,56"`, `${enterprises[3]!.code},${enterprises[3]!.name},施工类,145,"96,670.20",386.702`].join("\n") + "\n",
  );
  writeFileSync(join(dir, "errors", "两列同名.csv"), ["统一社会信用代码,name,名称,营业收入", `${enterprises[1]!.code},甲,乙,100`].join("\n") + "\n");
  writeFileSync(join(dir, "errors", "星级和区.csv"), ["项目代码,项目名称,所在区,绿色建筑星级", "2023-440305-47-01-000001,某项目,南三区,四星级"].join("\n") + "\n");
  writeFileSync(join(dir, "errors", "not-text.csv"), Buffer.concat([Buffer.from("统一社会信用代码,企业名称\n"), Buffer.from([0x39, 0x31, 0x2c, 0xff, 0xfe, 0x80, 0x0a])]));
}

async function creditCodeAsNumber(): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.created = book.modified = written;
  const sheet = book.addWorksheet("名录");
  sheet.addRow(["统一社会信用代码", "企业名称", "营业收入"]);
  sheet.addRow([914403001921789200, "深圳市某建筑有限公司", 1000]);
  await book.xlsx.writeFile(join(dir, "errors", "信用代码存成数字.xlsx"));
}

/** GB18030 bytes for text: Node decodes GB18030 but has no encoder, so build a table from the decoder. */
function encodeGb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb18030");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if (character.length === 1 && character !== "\uFFFD" && !table.has(character)) table.set(character, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const character of text) {
    if (character.charCodeAt(0) < 0x80) bytes.push(character.charCodeAt(0));
    else {
      const pair = table.get(character);
      if (pair === undefined) throw new Error(`no two-byte GB18030 code for ${character}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

await statisticsReturn();
await platformExport();
gbkCsv();
await pandasRoster();
await rosterWithMapping();
errorFiles();
await creditCodeAsNumber();
console.log(`wrote ${dir}`);
