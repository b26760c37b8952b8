import { PassThrough } from "node:stream";
import { finished } from "node:stream/promises";
import type { stream, Worksheet } from "exceljs";
import type { CheckRun } from "./run.js";
import type { LoadedRule } from "../rules/load.js";
import { batchSummary } from "./batch-summary.js";
import type { Outcome, Result } from "../model/report.js";
import { subjectVerdicts, verdictStyle } from "./verdicts.js";
import { rulesById } from "./view.js";
import { loadExcelJS } from "../inputs/load-exceljs.js";
import {
  findingHeader,
  findingRow,
  inputErrorHeader,
  inputErrorRow,
  inputsBlock,
  MATRIX_CONCLUSION_COLUMN,
  MATRIX_FIXED_COLUMNS,
  matrixHeader,
  matrixRow,
  ruleHeader,
  ruleRow,
  summaryBlocks,
  xlsxText,
  type CellValue,
} from "./xlsx-sheets.js";

/** Excel's most rows in one worksheet. */
export const EXCEL_MAX_ROWS = 1_048_576;

export interface XlsxOptions {
  /** Rows per worksheet, the header included, before the rest spill to a next sheet (default: Excel's limit). */
  maxRows?: number;
}

/**
 * `--format xlsx=report.xlsx`: the workbook a consultant hands over. Sheets: 汇总 (totals, per
 * district and enterprise type, portfolio shares), 企业 and 项目 (a row per subject, a column per
 * rule holding 符合 / 不符合 / 数据不全 / 不适用 / 豁免, coloured, header frozen, filters on),
 * 问题清单 (every failure, incomplete and waived result), 规则 and 输入说明; in the report's
 * language. Written by exceljs's streaming writer, a row at a time, reading the results once per
 * sheet, so a million results never sit in memory as cells; a sheet that would pass Excel's
 * 1,048,576 rows goes on in 「问题清单 (2)」.
 */
export async function formatXlsx(run: CheckRun, options: XlsxOptions = {}): Promise<Uint8Array[]> {
  const ExcelJS = await loadExcelJS();
  const { report } = run;
  const lang = report.lang;
  const t = xlsxText[lang];
  const chunks: Uint8Array[] = [];
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  book.creator = `${report.tool} ${report.version}`;
  // A fixed date: the same run gives the same workbook (exceljs would stamp the time of writing).
  book.created = book.modified = new Date(`${report.asOf}T00:00:00Z`);
  const maxRows = options.maxRows ?? EXCEL_MAX_ROWS;
  const summary = batchSummary(run);
  const byId = rulesById(run.rules);

  writeSummary(book.addWorksheet(t.summary, { views: [{ showGridLines: false }] }), summaryBlocks(report, summary, lang));

  const ruleCounts = new Map(summary.rules.map((rule) => [rule.ruleId, rule]));
  const ran = (kinds: string[]): LoadedRule[] =>
    run.rules
      .filter((rule) => kinds.includes(rule.definition.subject))
      .filter((rule) => Object.values(ruleCounts.get(rule.definition.id)?.counts ?? {}).some((count) => count > 0))
      .sort((a, b) => (a.definition.id < b.definition.id ? -1 : 1));
  for (const [name, kinds] of [
    [t.enterprises, ["enterprise"]],
    [t.projects, ["project", "building"]],
  ] as const) {
    const rules = ran([...kinds]);
    if (rules.length === 0) continue;
    const sheet = new SpillingSheet(book, name, matrixHeader(rules, lang), { frozenColumns: 3, widths: [8, 24, 30, 30, 10, 7, ...rules.map(() => 13)], maxRows });
    for (const subject of subjectVerdicts(report.results)) {
      if (!(kinds as readonly string[]).includes(subject.kind)) continue;
      sheet.add(matrixRow(subject, rules, lang), (column) => {
        if (column === MATRIX_CONCLUSION_COLUMN) return styleOf(subject.conclusion, undefined);
        const rule = rules[column - MATRIX_FIXED_COLUMNS];
        const outcome = rule === undefined ? undefined : subject.outcomes.get(rule.definition.id);
        return outcome === undefined ? undefined : styleOf(outcome, rule!.definition.strength);
      });
    }
    await sheet.commit();
  }

  const findings = new SpillingSheet(book, t.findings, findingHeader(lang), { frozenColumns: 1, widths: [10, 8, 8, 8, 24, 28, 30, 10, 60, 14, 14, 14, 24, 40, 30, 12, 6, 30, 24, 26], maxRows });
  // Failures first, then incomplete, then waived: one pass over the results for each.
  for (const outcome of ["fail", "incomplete", "waived"] as const) {
    for (const result of report.results) {
      if (result.outcome !== outcome) continue;
      findings.add(findingRow(result, byId.get(result.ruleId), lang), (column) => (column === 0 ? styleOf(outcome, result.strength) : undefined));
    }
  }
  await findings.commit();

  const rules = new SpillingSheet(book, t.rules, ruleHeader(lang), { frozenColumns: 2, widths: [26, 36, 10, 8, 8, 8, 60, 60, 8, 8, 8, 8, 8, 8, 10], maxRows, percentColumns: [14] });
  for (const rule of [...run.rules].sort((a, b) => (a.definition.id < b.definition.id ? -1 : 1))) rules.add(ruleRow(rule, ruleCounts.get(rule.definition.id), lang));
  await rules.commit();

  writeInputs(book.addWorksheet(t.inputs), inputsBlock(report, lang), inputErrorHeader(lang), report.errors.map((error) => inputErrorRow(error, lang)), t.inputErrors, t.noInputErrors);

  const written = finished(sink);
  await book.commit();
  await written;
  return chunks;
}

type CellStyle = { fill: string; font: string } | undefined;

const styleOf = (outcome: Outcome, strength: Result["strength"] | undefined): CellStyle => verdictStyle(outcome, strength);

const HEADER_FILL = "FFDCE3EC";

/** A table written a row at a time that goes on in a sheet 「name (2)」 when one is full. */
class SpillingSheet {
  private sheet: Worksheet | undefined;
  private rows = 0;
  private part = 0;

  constructor(
    private readonly book: stream.xlsx.WorkbookWriter,
    private readonly name: string,
    private readonly header: string[],
    private readonly layout: { frozenColumns: number; widths: number[]; maxRows: number; percentColumns?: number[] },
  ) {
    this.open();
  }

  add(values: CellValue[], styleOfColumn?: (column: number) => CellStyle): void {
    if (this.rows >= this.layout.maxRows) {
      this.close();
      this.open();
    }
    const row = this.sheet!.addRow(values);
    values.forEach((_, index) => {
      const style = styleOfColumn?.(index);
      const cell = row.getCell(index + 1);
      if (style !== undefined) {
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } };
        cell.font = { color: { argb: style.font } };
      }
      if (this.layout.percentColumns?.includes(index)) cell.numFmt = "0.0%";
      if (typeof values[index] === "string" && (values[index] as string).includes("\n")) cell.alignment = { wrapText: true, vertical: "top" };
    });
    row.commit();
    this.rows++;
  }

  async commit(): Promise<void> {
    this.close();
  }

  private open(): void {
    this.part++;
    const name = this.part === 1 ? this.name : `${this.name} (${this.part})`;
    const sheet = this.book.addWorksheet(name, { views: [{ state: "frozen", xSplit: this.layout.frozenColumns, ySplit: 1 }] });
    sheet.columns = this.layout.widths.map((width) => ({ width }));
    const header = sheet.addRow(this.header);
    header.height = 32;
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
      cell.alignment = { wrapText: true, vertical: "middle" };
    });
    header.commit();
    this.sheet = sheet;
    this.rows = 1;
  }

  private close(): void {
    if (this.sheet === undefined) return;
    this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: this.rows, column: this.header.length } };
    (this.sheet as unknown as { commit(): void }).commit();
    this.sheet = undefined;
  }
}

/** The summary sheet: a title, then each block under its heading, a blank row between. */
function writeSummary(sheet: Worksheet, blocks: ReturnType<typeof summaryBlocks>): void {
  sheet.columns = [{ width: 36 }, { width: 14 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 14 }];
  blocks.forEach((block, index) => {
    const heading = sheet.addRow([block.title]);
    heading.getCell(1).font = { bold: true, size: index === 0 ? 16 : 12 };
    heading.commit();
    block.rows.forEach((values, rowIndex) => {
      const row = sheet.addRow(values);
      const isHeader = index > 0 && rowIndex === 0;
      values.forEach((value, column) => {
        const cell = row.getCell(column + 1);
        if (isHeader) cell.font = { bold: true };
        else if (block.percentColumns.includes(column) || (index === 0 && rowIndex >= 3 && column === 1)) cell.numFmt = "0.0%";
        if (typeof value === "number" && !isHeader && cell.numFmt === undefined) cell.numFmt = "#,##0";
      });
      row.commit();
    });
    sheet.addRow([]).commit();
  });
  (sheet as unknown as { commit(): void }).commit();
}

function writeInputs(sheet: Worksheet, lines: CellValue[][], errorHeader: string[], errors: CellValue[][], errorsTitle: string, noErrors: string): void {
  sheet.columns = [{ width: 48 }, { width: 16 }, { width: 10 }, { width: 22 }, { width: 80 }];
  for (const values of lines) sheet.addRow(values).commit();
  sheet.addRow([]).commit();
  const title = sheet.addRow([errors.length === 0 ? noErrors : errorsTitle]);
  title.getCell(1).font = { bold: true };
  title.commit();
  if (errors.length > 0) {
    const header = sheet.addRow(errorHeader);
    header.eachCell((cell) => (cell.font = { bold: true }));
    header.commit();
    for (const values of errors) sheet.addRow(values).commit();
  }
  (sheet as unknown as { commit(): void }).commit();
}

