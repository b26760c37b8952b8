import type { CheckRun } from "./run.js";
import type { Report, Result } from "../model/report.js";

/**
 * CSV: a header row, then a row per result and a row per input error (outcome `input-error`),
 * RFC 4180 (comma-separated, CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled). It starts with a UTF-8 byte-order mark so that Excel opens the Chinese text
 * as UTF-8 (without it, Excel on Windows reads the file as the local code page and garbles it);
 * read it with `encoding="utf-8-sig"` in Python. The columns are named in English, as the JSON
 * report's keys are; messages are in the report's language. A text cell that a spreadsheet
 * would take for a formula (starting with = + - @, a tab or CR) is prefixed with '.
 */
export const CSV_COLUMNS = [
  "file",
  "line",
  "column",
  "pointer",
  "subjectKind",
  "subjectId",
  "subjectName",
  "ruleId",
  "clause",
  "strength",
  "severity",
  "outcome",
  "message",
  "missing",
  "actual",
  "required",
  "gap",
  "unit",
  "gapUnit",
  "assumptions",
  "waiverReason",
  "waiverApprovedBy",
  "waiverExpires",
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string | number | null>;

export const BOM = "\uFEFF";

/** The CSV a line at a time (a million results are a million lines, not one string). */
export function* formatCsv(run: CheckRun): Generator<string> {
  const { report } = run;
  yield BOM + CSV_COLUMNS.join(",") + "\r\n";
  for (const result of report.results) yield line(resultRow(result));
  for (const error of report.errors) yield line(errorRow(error));
}

const line = (row: Row): string => CSV_COLUMNS.map((column) => cell(row[column])).join(",") + "\r\n";

function resultRow(result: Result): Row {
  return {
    file: result.subject.file,
    line: result.location?.line ?? null,
    column: result.location?.column ?? null,
    pointer: result.location?.pointer ?? result.subject.pointer,
    subjectKind: result.subject.kind,
    subjectId: result.subject.id,
    subjectName: result.subject.name,
    ruleId: result.ruleId,
    clause: result.clause,
    strength: result.strength,
    severity: result.severity,
    outcome: result.outcome,
    message: result.message,
    missing: result.missing.join("; "),
    actual: result.measure?.actual ?? null,
    required: result.measure?.required ?? null,
    gap: result.measure?.gap ?? null,
    unit: result.measure?.unit ?? null,
    gapUnit: result.measure?.gapUnit ?? null,
    assumptions: result.assumptions.map((a) => `${a.param}=${JSON.stringify(a.value)}`).join("; "),
    waiverReason: result.waiver?.reason ?? null,
    waiverApprovedBy: result.waiver?.approvedBy ?? null,
    waiverExpires: result.waiver?.expires ?? null,
  };
}

function errorRow(error: Report["errors"][number]): Row {
  const row = Object.fromEntries(CSV_COLUMNS.map((column) => [column, null])) as Row;
  return { ...row, file: error.file, line: error.line, column: error.column, pointer: error.pointer, outcome: "input-error", message: error.message };
}

/** One field, quoted when RFC 4180 needs it; numbers as written by JSON. */
export function cell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
