import type { Lang, ReportError, Result } from "../model/report.js";

/** Where a record sits, as a client finds it again: the file, the sheet of a workbook, the row (or line). */
export interface Place {
  file: string;
  /** The worksheet, for a record read from a workbook. */
  sheet: string | null;
  /** The spreadsheet row (CSV, XLSX) or the line (NDJSON, JSON, YAML); null when unknown. */
  row: number | null;
  /** True when `row` is a row of a table (CSV, XLSX): the record is the whole row. */
  tabular: boolean;
}

const SHEET = /^(.*)\[([^\]]*)\]$/;
const ROWS = /\.(csv|ndjson|jsonl)$/i;

/** Splits `book.xlsx[Sheet1]` into the workbook and its sheet. */
export function splitSheet(file: string): { file: string; sheet: string | null } {
  const match = SHEET.exec(file);
  return match === null ? { file, sheet: null } : { file: match[1]!, sheet: match[2]! };
}

/** The place of a result's record; undefined for a portfolio group (it has none). */
export function placeOf(result: Result): Place | undefined {
  const { subject } = result;
  if (subject.kind === "portfolio" || subject.file === "") return undefined;
  const { file, sheet } = splitSheet(subject.file);
  if (sheet !== null || ROWS.test(file)) {
    // A row of a sheet, CSV or NDJSON file: its pointer starts with the row (or line) number.
    const row = /^\/(\d+)/.exec(subject.pointer);
    return { file, sheet, row: row === null ? null : Number(row[1]), tabular: !/\.(ndjson|jsonl)$/i.test(file) };
  }
  return { file, sheet: null, row: result.location?.line ?? null, tabular: false };
}

/** `book.xlsx · 企业名录 · 第 12 行`, `filing.yaml · line 30`. */
export function placeText(place: Place | undefined, lang: Lang): string {
  if (place === undefined) return "";
  const parts = [place.file];
  if (place.sheet !== null) parts.push(place.sheet);
  if (place.row !== null) parts.push(lang === "zh" ? `第 ${place.row} 行` : `${place.tabular ? "row" : "line"} ${place.row}`);
  return parts.join(" · ");
}

/** Where an input error is: `book.xlsx · 企业名录 · 第 12 行`, `filing.yaml · line 4`, with the field's pointer when it names one. */
export function errorPlaceText(error: ReportError, lang: Lang): string {
  const { file, sheet } = splitSheet(error.file);
  const tabular = sheet !== null || /\.(csv|ndjson|jsonl)$/i.test(file);
  const row = tabular ? /^\/(\d+)/.exec(error.pointer) : null;
  const place = placeText({ file, sheet, row: row === null ? error.line : Number(row[1]), tabular: tabular && !/\.(ndjson|jsonl)$/i.test(file) }, lang);
  const field = tabular ? error.pointer.replace(/^\/\d+/, "") : error.pointer;
  return field === "" ? place : `${place} · ${field.slice(1).split("/").join(".")}`;
}
