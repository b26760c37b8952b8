import type { ChalkInstance } from "chalk";
import type { IntakeSheet } from "../model/intake.js";
import type { Lang, Report } from "../model/report.js";

const reasons: Record<Lang, Record<IntakeSheet["skippedRows"][number]["reason"], string>> = {
  zh: { blank: "空行", total: "合计行", footer: "表尾", "repeated-header": "重复表头", comment: "注释行" },
  en: { blank: "blank", total: "total (合计)", footer: "footer", "repeated-header": "repeated header", comment: "comment" },
};

const rowList = (rows: number[]): string => (rows.length > 12 ? `${rows.slice(0, 12).join(", ")} … (${rows.length})` : rows.join(", "));
const span = (rows: number[]): string => (rows.length === 0 ? "?" : rows.length === 1 ? String(rows[0]) : `${rows[0]}–${rows.at(-1)}`);

export type IntakeLineKind = "head" | "conversion" | "note" | "aside" | "warning" | "skipped";

/**
 * How one CSV or XLSX input was read, as lines: the header rows, every unit conversion, rows and
 * columns set aside, sheets skipped, and warnings about the reading. Empty for other inputs.
 */
export function intakeLinesOf(input: Report["inputs"][number], lang: Lang): Array<{ kind: IntakeLineKind; text: string }> {
  const zh = lang === "zh";
  const intake = input.intake;
  if (intake === null) return [];
  const lines: Array<{ kind: IntakeLineKind; text: string }> = [];
  const extra = [intake.encoding !== null && intake.encoding !== "utf-8" ? (zh ? `编码 ${intake.encoding}` : `encoding ${intake.encoding}`) : "", intake.mapping === null ? "" : zh ? `映射文件 ${intake.mapping}` : `mapping ${intake.mapping}`].filter((s) => s !== "");
  for (const sheet of intake.sheets) {
    const where = sheet.sheet === null ? input.file : `${input.file} › ${sheet.sheet}`;
    const head = zh
      ? `读取 ${where}：表头第 ${span(sheet.headerRows)} 行，${sheet.records} 条记录${extra.length > 0 ? `（${extra.join("，")}）` : ""}`
      : `read ${where}: header row ${span(sheet.headerRows)}, ${sheet.records} record${sheet.records === 1 ? "" : "s"}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
    lines.push({ kind: "head", text: head });
    for (const conversion of sheet.conversions) lines.push({ kind: "conversion", text: `${zh ? "换算" : "converted"} ${conversion.text}` });
    for (const note of sheet.notes) lines.push({ kind: "note", text: note });
    const setAside = sheet.skippedRows.map(({ reason, rows }) => (zh ? `${reasons.zh[reason]} 第 ${rowList(rows)} 行` : `${reasons.en[reason]} row${rows.length === 1 ? "" : "s"} ${rowList(rows)}`));
    const ignored = sheet.columns.filter((column) => column.use === "ignored" || column.use === "computed").map((column) => column.header);
    if (ignored.length > 0) setAside.push(zh ? `列 ${ignored.join("、")}` : `column${ignored.length === 1 ? "" : "s"} ${ignored.join(", ")}`);
    if (setAside.length > 0) lines.push({ kind: "aside", text: `${zh ? "略过：" : "set aside: "}${setAside.join(" · ")}` });
    for (const warning of sheet.warnings) lines.push({ kind: "warning", text: `⚠ ${warning}` });
  }
  for (const skipped of intake.skippedSheets) lines.push({ kind: "skipped", text: zh ? `略过工作表 ${input.file} › ${skipped.sheet}：${skipped.reason}` : `skipped sheet ${input.file} › ${skipped.sheet}: ${skipped.reason}` });
  return lines;
}

/** The intake lines of every input, for the text report (indented and coloured by kind). */
export function intakeLines(report: Report, c: ChalkInstance): string[] {
  const style: Record<IntakeLineKind, (text: string) => string> = { head: (t) => c.bold(t), conversion: (t) => `  ${t}`, note: (t) => c.dim(`  ${t}`), aside: (t) => c.dim(`  ${t}`), warning: (t) => c.yellow(`  ${t}`), skipped: (t) => c.dim(t) };
  const lines = report.inputs.flatMap((input) => intakeLinesOf(input, report.lang).map(({ kind, text }) => style[kind](text)));
  if (lines.length > 0) lines.push("");
  return lines;
}
