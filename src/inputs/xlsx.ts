import { statSync } from "node:fs";
import type { Intake } from "../model/intake.js";
import type { SheetCell } from "./cell-values.js";
import type { InputLimits } from "./limits.js";
import type { Mapping } from "./mapping.js";
import type { IntakeItem, StreamItem } from "./record-stream.js";
import { say, type Lang } from "./say.js";
import { loadExcelJS } from "./load-exceljs.js";
import { sheetXmlOf, type SheetXml } from "./sheet-xml.js";
import { sharedStringsOf, sheetNamesOf } from "./sheet-names.js";
import { TableReader } from "./tabular.js";
import { workbookSizeProblem } from "./zip-entries.js";
import { inflatedSizeProblem } from "./zip-inflate.js";

export interface XlsxOptions {
  limits: InputLimits;
  lang: Lang;
  mapping: Mapping | undefined;
  /** The mapping file (or config) the mapping came from, for the intake report. */
  mappingFile: string | undefined;
  /** Sheets named on the command line (`book.xlsx[项目清单]`); they beat the mapping file's. */
  sheets: string[] | undefined;
}

/**
 * Reads the worksheets of an .xlsx workbook (exceljs, streamed, with styles so that date cells
 * arrive as dates and percent cells are known). Each sheet is a table read as it comes
 * (TableReader); a sheet with no recognisable header is skipped with a notice. A record's file
 * is `book.xlsx[Sheet]` with the sheet's real name, its pointer `/N` the row as Excel numbers it.
 */
export async function* readXlsx(path: string, file: string, options: XlsxOptions): AsyncGenerator<StreamItem | IntakeItem> {
  const { limits, lang, mapping } = options;
  if (statSync(path).size > limits.maxFileBytes) {
    const mib = Math.round(limits.maxFileBytes / 1024 / 1024);
    yield { error: { file, pointer: "", message: say(lang, `工作簿超过 ${mib} MiB 的上限（可用 --max-file-size 调高）`, `the workbook is over the ${mib} MiB limit (raise it with --max-file-size)`) } };
    return;
  }
  const tooLarge = workbookSizeProblem(path, limits.maxFileBytes) ?? (await inflatedSizeProblem(path, limits.maxFileBytes).catch(() => undefined));
  if (tooLarge !== undefined) {
    yield { error: { file, pointer: "", message: tooLarge } };
    return;
  }
  const intake: Intake = { encoding: null, mapping: options.mappingFile ?? null, sheets: [], skippedSheets: [] };
  const wanted = options.sheets ?? mapping?.sheets;
  const seen: string[] = [];
  let strings: string[] | undefined;
  let streamed = true;
  try {
    const names = await sheetNamesOf(path);
    const sheetXml = await sheetXmlOf(path);
    let sheets = streamedSheets(path, names.sheets);
    for (;;) {
      let next: IteratorResult<Sheet>;
      try {
        next = await sheets.next();
      } catch (error) {
        // exceljs's streaming reader fails on some zip layouts before it gives a sheet; the
        // in-memory reader does not, and a workbook that small fits in memory.
        if (!streamed || seen.length > 0 || statSync(path).size > IN_MEMORY_BYTES) throw error;
        streamed = false;
        sheets = loadedSheets(path);
        continue;
      }
      if (next.done === true) break;
      const reader = next.value;
      const name = reader.name;
      seen.push(name);
      if (wanted !== undefined && !wanted.includes(name)) {
        for await (const _row of reader) void _row;
        intake.skippedSheets.push({ sheet: name, reason: say(lang, "未选中（映射文件 sheets 或命令行 [表名]）", "not selected (the mapping file's sheets, or [sheet] on the command line)") });
        continue;
      }
      // Both readers misread ISO date cells; the in-memory one gives a merged cell's value on every cell of its range already.
      const part = reader.id ?? [...names.sheets].find(([, known]) => known.name === name)?.[0];
      const xml: SheetXml = part === undefined ? { mergedDown: [], cells: new Map() } : await sheetXml(part);
      const table = new TableReader({ source: `${file}[${name}]`, sheet: name, mapping, lang, mergedDown: streamed ? xml.mergedDown : [], hidden: reader.hidden === true && wanted === undefined, date1904: names.date1904 });
      for await (const row of reader) {
        const cells = cellsOf(row);
        for (const [column, value] of xml.cells.get(row.number) ?? []) cells[column] = { ...cells[column], value };
        if (cells.some((cell) => cell.sharedString !== undefined)) {
          strings ??= await sharedStringsOf(path);
          for (const cell of cells) if (cell.sharedString !== undefined) cell.value = strings[cell.sharedString];
        }
        yield* table.push({ number: row.number, cells });
      }
      yield* table.finish();
      if (table.hasHeader) intake.sheets.push(table.summary());
      else intake.skippedSheets.push({ sheet: name, reason: say(lang, "前 30 行中没有可识别的表头（如说明页）", "no recognisable header in its first 30 rows (a notes sheet)") });
    }
  } catch (error) {
    yield { error: { file, pointer: "", message: say(lang, `无法读取工作簿：${(error as Error).message}（用 Excel 或 WPS 打开后另存为 .xlsx 再试）`, `cannot read the workbook: ${(error as Error).message} (open it in Excel or WPS and save it as .xlsx again)`) } };
    return;
  }
  const missing = (wanted ?? []).filter((name) => !seen.includes(name));
  if (missing.length > 0) {
    yield { error: { file, pointer: "", message: say(lang, `工作簿中没有工作表 ${missing.map((n) => `「${n}」`).join("、")}：已有 ${seen.join("、")}`, `the workbook has no sheet ${missing.join(", ")}: it has ${seen.join(", ")}`) } };
  } else if (intake.sheets.length === 0) {
    yield { error: { file, pointer: "", message: say(lang, `没有一个工作表能找到表头（前 30 行中至少两格是已知的列名，如 项目代码、统一社会信用代码、营业收入）：请用 szcheck map ${file} 起草映射文件并设 headerRows`, `no sheet has a header szcheck recognises (two known column names, such as 项目代码, 统一社会信用代码, 营业收入, within the first 30 rows): run szcheck map ${file} to draft a mapping file and set headerRows`) } };
  }
  yield { intake };
}

/** The largest workbook read into memory when the streaming reader cannot read it. */
const IN_MEMORY_BYTES = 64 * 1024 * 1024;

interface Sheet extends AsyncIterable<ExcelRow> {
  name: string;
  /** The sheet's number in its part name (xl/worksheets/sheetN.xml). */
  id?: number | string;
  /** Hidden in Excel (state="hidden" or "veryHidden"). */
  hidden?: boolean;
}

/** The sheets of a workbook, streamed (exceljs WorkbookReader), named by their real names. */
async function* streamedSheets(path: string, names: Map<string, { name: string; hidden: boolean }>): AsyncGenerator<Sheet> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit" });
  for await (const worksheet of workbook) {
    const reader = worksheet as unknown as { name: string; id: number | string } & AsyncIterable<ExcelRow>;
    const known = names.get(String(reader.id));
    yield Object.assign(reader, { name: known?.name ?? reader.name, hidden: known?.hidden === true });
  }
}

/** The sheets of a workbook read whole into memory (exceljs Workbook). */
async function* loadedSheets(path: string): AsyncGenerator<Sheet> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  for (const worksheet of workbook.worksheets) {
    const rows: ExcelRow[] = [];
    worksheet.eachRow({ includeEmpty: true }, (row) => void rows.push(row as unknown as ExcelRow));
    yield { name: worksheet.name, hidden: worksheet.state !== "visible", async *[Symbol.asyncIterator]() { yield* rows; } };
  }
}

interface ExcelRow {
  number: number;
  eachCell(options: { includeEmpty: boolean }, callback: (cell: { value: unknown; numFmt?: string }, column: number) => void): void;
}

/** A row's cells from column A, plain values, with the percent format and formula errors noted. */
type WorkbookCell = SheetCell & { sharedString?: number };

function cellsOf(row: ExcelRow): WorkbookCell[] {
  const cells: WorkbookCell[] = [];
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    const plain = plainCell(cell.value);
    const percent = typeof cell.numFmt === "string" && /%/.test(cell.numFmt.replace(/"[^"]*"/g, ""));
    cells[column - 1] = percent ? { ...plain, percent } : plain;
  });
  for (let i = 0; i < cells.length; i++) cells[i] ??= { value: undefined };
  return cells;
}

function plainCell(value: unknown): WorkbookCell {
  if (value === null || value === undefined) return { value: undefined };
  if (typeof value === "object" && typeof (value as { sharedString?: unknown }).sharedString === "number") return { value: undefined, sharedString: (value as { sharedString: number }).sharedString };
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return { value };
  if (typeof value === "object") {
    const object = value as { error?: string; result?: unknown; richText?: Array<{ text: string }>; text?: string; formula?: string; sharedFormula?: string };
    if (typeof object.error === "string") return { value: undefined, error: object.error };
    if (object.richText !== undefined) return { value: object.richText.map((part) => part.text).join("") };
    if ("result" in object) {
      const result = object.result as { error?: string } | SheetCell["value"];
      if (result !== null && typeof result === "object" && !(result instanceof Date) && typeof result.error === "string") return { value: undefined, error: result.error };
      return plainCell(result);
    }
    if (typeof object.text === "string") return { value: object.text };
    if (typeof object.formula === "string" || typeof object.sharedFormula === "string") return { value: undefined, error: `=${object.formula ?? object.sharedFormula} with no saved value` };
  }
  return { value: String(value) };
}
