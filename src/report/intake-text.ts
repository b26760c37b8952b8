import type { ChalkInstance } from "chalk";
import type { IntakeSheet } from "../model/intake.js";
import type { Lang, Report } from "../model/report.js";

const reasons: Record<Lang, Record<IntakeSheet["skippedRows"][number]["reason"], string>> = {
  zh: { blank: "空行", total: "合计行", footer: "表尾", "repeated-header": "重复表头", comment: "注释行" },
  en: { blank: "blank", total: "total (合计)", footer: "footer", "repeated-header": "repeated header", comment: "comment" },
};

const rowList = (rows: number[]): string => (rows.length > 12 ? `${rows.slice(0, 12).join(", ")} … (${rows.length})` : rows.join(", "));
const span = (rows: number[]): string => (rows.length === 0 ? "?" : rows.length === 1 ? String(rows[0]) : `${rows[0]}–${rows.at(-1)}`);

/**
 * How each CSV and XLSX input was read, once per file: the header rows, every unit conversion,
 * rows and columns set aside, sheets skipped, and warnings about the reading.
 */
export function intakeLines(report: Report, c: ChalkInstance): string[] {
  const zh = report.lang === "zh";
  const lines: string[] = [];
  for (const input of report.inputs) {
    const intake = input.intake;
    if (intake === null) continue;
    const extra = [intake.encoding !== null && intake.encoding !== "utf-8" ? (zh ? `编码 ${intake.encoding}` : `encoding ${intake.encoding}`) : "", intake.mapping === null ? "" : zh ? `映射文件 ${intake.mapping}` : `mapping ${intake.mapping}`].filter((s) => s !== "");
    for (const sheet of intake.sheets) {
      const where = sheet.sheet === null ? input.file : `${input.file} › ${sheet.sheet}`;
      const head = zh
        ? `读取 ${where}：表头第 ${span(sheet.headerRows)} 行，${sheet.records} 条记录${extra.length > 0 ? `（${extra.join("，")}）` : ""}`
        : `read ${where}: header row ${span(sheet.headerRows)}, ${sheet.records} record${sheet.records === 1 ? "" : "s"}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
      lines.push(c.bold(head));
      for (const conversion of sheet.conversions) lines.push(`  ${zh ? "换算" : "converted"} ${conversion.text}`);
      for (const note of sheet.notes) lines.push(c.dim(`  ${note}`));
      const setAside = sheet.skippedRows.map(({ reason, rows }) => (zh ? `${reasons.zh[reason]} 第 ${rowList(rows)} 行` : `${reasons.en[reason]} row${rows.length === 1 ? "" : "s"} ${rowList(rows)}`));
      const ignored = sheet.columns.filter((column) => column.use === "ignored" || column.use === "computed").map((column) => column.header);
      if (ignored.length > 0) setAside.push(zh ? `列 ${ignored.join("、")}` : `column${ignored.length === 1 ? "" : "s"} ${ignored.join(", ")}`);
      if (setAside.length > 0) lines.push(c.dim(`  ${zh ? "略过：" : "set aside: "}${setAside.join(" · ")}`));
      for (const warning of sheet.warnings) lines.push(c.yellow(`  ⚠ ${warning}`));
    }
    for (const skipped of intake.skippedSheets) lines.push(c.dim(zh ? `略过工作表 ${input.file} › ${skipped.sheet}：${skipped.reason}` : `skipped sheet ${input.file} › ${skipped.sheet}: ${skipped.reason}`));
  }
  if (lines.length > 0) lines.push("");
  return lines;
}
