import { statSync } from "node:fs";
import type { InputLimits } from "./limits.js";
import type { StreamItem } from "./record-stream.js";
import { workbookSizeProblem } from "./zip-entries.js";
import { columnOf, headerProblem, kindOfColumns, recordOfRow, type Cell, type Column } from "./tabular.js";

/**
 * Reads every worksheet of an .xlsx workbook (exceljs, streamed): the first row of a sheet is the
 * header; each further row is a record whose file is `book.xlsx[Sheet]` and pointer its row
 * number. A formula error in a cell (#DIV/0!, #REF!, …) is an error for that row.
 */
export async function* readXlsx(path: string, file: string, limits: InputLimits): AsyncGenerator<StreamItem> {
  if (statSync(path).size > limits.maxFileBytes) {
    yield { error: { file, pointer: "", message: `the workbook is over the ${Math.round(limits.maxFileBytes / 1024 / 1024)} MiB limit (raise it with --max-file-size)` } };
    return;
  }
  const tooLarge = workbookSizeProblem(path, limits.maxFileBytes);
  if (tooLarge !== undefined) {
    yield { error: { file, pointer: "", message: tooLarge } };
    return;
  }
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", worksheets: "emit" });
  try {
    for await (const worksheet of workbook) {
      const sheet = `${file}[${(worksheet as unknown as { name: string }).name}]`;
      let columns: Column[] | undefined;
      let kind: "project" | "enterprise" | undefined;
      for await (const row of worksheet) {
        const cells = cellsOf(row.values as unknown[]);
        if (columns === undefined) {
          columns = cells.map((cell) => columnOf(String(cell.value ?? "")));
          kind = kindOfColumns(columns);
          const problem = headerProblem(columns);
          if (problem !== undefined) {
            yield { error: { file: sheet, pointer: `/${row.number}`, message: problem } };
            break;
          }
          continue;
        }
        const bad = cells.findIndex((cell) => cell.error !== undefined);
        if (bad >= 0) {
          yield { error: { file: sheet, pointer: `/${row.number}`, message: `row ${row.number}, column "${columns[bad]?.header ?? bad + 1}" holds the formula error ${cells[bad]!.error}: fix the formula or paste the value` } };
          continue;
        }
        if (cells.every((cell) => cell.value === undefined || cell.value === null || cell.value === "")) continue;
        yield { record: { raw: recordOfRow(columns, cells.map((cell) => cell.value), kind), origin: { file: sheet, pointer: `/${row.number}`, line: row.number } } };
      }
    }
  } catch (error) {
    yield { error: { file, pointer: "", message: `cannot read the workbook: ${(error as Error).message}` } };
  }
}

/** exceljs row values are 1-based and may hold rich text, formulas and errors: plain cells out. */
function cellsOf(values: unknown[]): Array<{ value: Cell; error?: string }> {
  const cells: Array<{ value: Cell; error?: string }> = [];
  for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
  return cells;
}

function plainCell(value: unknown): { value: Cell; error?: string } {
  if (value === null || value === undefined) return { value: undefined };
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return { value };
  if (typeof value === "object") {
    const object = value as { error?: string; result?: unknown; richText?: Array<{ text: string }>; text?: string; formula?: string };
    if (typeof object.error === "string") return { value: undefined, error: object.error };
    if (object.richText !== undefined) return { value: object.richText.map((part) => part.text).join("") };
    if ("result" in object) {
      const result = object.result as { error?: string } | Cell;
      if (result !== null && typeof result === "object" && !(result instanceof Date) && typeof result.error === "string") return { value: undefined, error: result.error };
      return plainCell(result);
    }
    if (typeof object.text === "string") return { value: object.text };
    if (typeof object.formula === "string") return { value: undefined, error: `=${object.formula} with no saved value` };
  }
  return { value: String(value) };
}
