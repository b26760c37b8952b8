import { basename } from "node:path";
import { stringify } from "yaml";
import { SzcheckError } from "../errors.js";
import type { Intake, IntakeSheet } from "../model/intake.js";
import { nearestLabels } from "./header-match.js";
import { mappingFileBeside } from "./mapping.js";
import { streamInputs } from "./read-inputs.js";
import { say, type Lang } from "./say.js";

/**
 * Drafts a mapping file for a workbook or CSV (`szcheck map`): every header with the field and
 * unit it was matched to, the columns it could not place commented with the nearest fields, the
 * header rows and sheets found, and what it would not assume (a year in the title) as comments.
 */
export async function draftMapping(path: string, schemaPath: string, lang: Lang): Promise<string> {
  const { intake, errors } = await readIntake(path, lang);
  if (intake === undefined) throw new SzcheckError({ file: path, message: say(lang, "szcheck map 只读取 .csv 和 .xlsx 文件", "szcheck map reads .csv and .xlsx files") });
  const sheets = intake.sheets;
  const file = basename(path);
  const lines = [
    `# yaml-language-server: $schema=${schemaPath}`,
    say(lang, `# ${file} 的映射文件草稿（szcheck map 生成）。逐行核对后，存为与表格同目录的`, `# A draft mapping for ${file}, written by szcheck map. Check each line, then save it beside the`),
    say(lang, `# ${basename(mappingFileBeside(path))}（自动使用），或用 --map 指定。键名沿用 Frictionless Table Dialect。`, `# file as ${basename(mappingFileBeside(path))} (used automatically), or pass it with --map. Key names follow the Frictionless Table Dialect.`),
  ];
  if (sheets.length === 0) {
    lines.push(say(lang, "# 没有找到表头：请在 headerRows 中写出表头所在的行号（如 [3, 4]），在 columns 中逐列写出字段。", "# No header was found: give the header's row numbers under headerRows (e.g. [3, 4]) and each column's field under columns."));
    lines.push("headerRows: [1]", "columns: {}");
    for (const error of errors) lines.push(`# ${error}`);
    return lines.join("\n") + "\n";
  }
  if (intake.skippedSheets.length > 0 || sheets.some((sheet) => sheet.sheet !== null)) {
    const names = sheets.map((sheet) => sheet.sheet).filter((name): name is string => name !== null);
    if (names.length > 0) lines.push(`sheets: ${flow(names)}`);
    for (const skipped of intake.skippedSheets) lines.push(`#   ${skipped.sheet}: ${skipped.reason}`);
  }
  const rows = sheets.map((sheet) => sheet.headerRows.join(","));
  if (new Set(rows).size === 1) lines.push(`headerRows: ${flow(sheets[0]!.headerRows)}`);
  else lines.push(say(lang, `# 各工作表的表头行不同：${sheets.map((s) => `${s.sheet} ${flow(s.headerRows)}`).join("；")}`, `# The sheets' header rows differ: ${sheets.map((s) => `${s.sheet} ${flow(s.headerRows)}`).join("; ")}`));
  if (intake.encoding !== null && intake.encoding !== "utf-8") lines.push(`encoding: ${intake.encoding}`);
  lines.push("columns:");
  const seen = new Set<string>();
  for (const sheet of sheets) {
    for (const column of sheet.columns) {
      if (seen.has(column.header)) continue;
      seen.add(column.header);
      lines.push(...columnLines(column, sheet, lang));
    }
  }
  lines.push("set:");
  const kinds = [...new Set(sheets.map((sheet) => sheet.kind))];
  if (kinds.length === 1 && kinds[0] !== null) lines.push(`  kind: ${kinds[0]}`);
  else lines.push(say(lang, "  kind: enterprise   # 或 project：表中没有 项目代码 / 统一社会信用代码 列，无法判断", "  kind: enterprise   # or project: no 项目代码 / 统一社会信用代码 column tells which"));
  const year = sheets.find((sheet) => sheet.titleYear !== null && sheet.kind === "enterprise" && !sheet.columns.some((c) => c.field === "fiscalYear"))?.titleYear;
  if (year !== undefined && year !== null) {
    lines.push(say(lang, `  # fiscalYear: ${year}   # 标题写的是 ${year} 年度；若数据属该年度，去掉行首的 #`, `  # fiscalYear: ${year}   # the title names ${year}; if the figures are for ${year}, remove the leading #`));
  }
  return lines.join("\n") + "\n";
}

function columnLines(column: IntakeSheet["columns"][number], sheet: IntakeSheet, lang: Lang): string[] {
  const key = yamlKey(column.header);
  const conversion = sheet.conversions.find((c) => c.header === column.header);
  switch (column.use) {
    case "field": {
      const value = column.unit !== null && column.unit !== "%" ? `{ field: ${column.field}, unit: ${column.unit} }` : column.field;
      const note = conversion === undefined ? "" : `   # ×${conversion.factor}${conversion.source === "cell-format" ? say(lang, "（百分比单元格）", " (percent cells)") : ""}`;
      const assumed = column.unit === null && /Cny$|M2$/.test(column.field ?? "") ? say(lang, "   # 没写单位：按元/平方米读取，若是万元请加 unit", "   # no unit written: read as 元/m²; add unit if it is 万元") : "";
      return [`  ${key}: ${value}${note}${assumed}`];
    }
    case "ignored":
      return [`  ${key}: ignore`];
    case "computed":
      return [`  ${key}: ignore${say(lang, "   # 重复 szcheck 自己算出的数（与之比较）", "   # repeats a figure szcheck computes (compared with it)")}`];
    case "unknown": {
      const near = nearestLabels(column.header);
      const hint = near.length === 0 ? say(lang, "无相近字段", "no close field") : near.map((n) => `${n.field} (${n.label})`).join(", ");
      return [`  # ${key}: ignore${say(lang, `   # 未识别；相近的字段：${hint}`, `   # not recognised; nearest fields: ${hint}`)}`];
    }
  }
}

function yamlKey(text: string): string {
  return stringify(text, { lineWidth: 0 }).trim();
}

function flow(values: Array<string | number>): string {
  return `[${values.map((value) => (typeof value === "number" ? String(value) : yamlKey(value))).join(", ")}]`;
}

async function readIntake(path: string, lang: Lang): Promise<{ intake: Intake | undefined; errors: string[] }> {
  let intake: Intake | undefined;
  const errors: string[] = [];
  for await (const event of streamInputs([path], { lang })) {
    if ("file" in event) intake = event.file.intake ?? undefined;
    else if ("error" in event && errors.length < 5) errors.push(event.error.message);
  }
  return { intake, errors };
}
