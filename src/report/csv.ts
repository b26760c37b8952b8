import type { CheckRun } from "./run.js";
import type { Lang, Report, Result } from "../model/report.js";
import { capCell } from "./cell-limit.js";
import { assumptionsText, missingNames, readableMessage } from "./readable.js";
import { inputErrorLabel, outcomeLabel, severityLabel, strengthLabel, subjectLabel, unitLabel } from "./labels.js";

/**
 * CSV: a header row, then a row per result and a row per input error (outcome `input-error`),
 * RFC 4180 (comma-separated, CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled). It starts with a UTF-8 byte-order mark so that Excel opens the Chinese text
 * as UTF-8 (without it, Excel on Windows reads the file as the local code page and garbles it);
 * read it with `encoding="utf-8-sig"` in Python. Under `--lang en` the columns are named with
 * the JSON report's keys and hold its values (`fail`, `mandatory`): a stable contract for
 * scripts. Under `--lang zh` the columns and the values are in Chinese (结果 = 不符合, missing
 * fields by name) for people opening the file in Excel. A text cell that a spreadsheet would
 * take for a formula (starting with = + - @, a tab or CR) is prefixed with '; a cell longer
 * than Excel holds (32,767 characters) is cut, ending 「…等 N 项」.
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

type Column = (typeof CSV_COLUMNS)[number];
type Row = Record<Column, string | number | null>;

/** The column names under --lang zh. */
export const CSV_COLUMNS_ZH: Record<Column, string> = {
  file: "文件",
  line: "行",
  column: "列",
  pointer: "位置指针",
  subjectKind: "对象类型",
  subjectId: "对象编号",
  subjectName: "对象名称",
  ruleId: "规则",
  clause: "条款",
  strength: "要求强度",
  severity: "严重程度",
  outcome: "结果",
  message: "说明",
  missing: "缺少字段",
  actual: "实际值",
  required: "要求值",
  gap: "差距",
  unit: "单位",
  gapUnit: "差距单位",
  assumptions: "所依据的假设",
  waiverReason: "豁免理由",
  waiverApprovedBy: "豁免批准人",
  waiverExpires: "豁免到期日",
};

export const BOM = "\uFEFF";

/** The CSV a line at a time (a million results are a million lines, not one string). */
export function* formatCsv(run: CheckRun): Generator<string> {
  const { report } = run;
  const lang = report.lang;
  yield BOM + CSV_COLUMNS.map((column) => (lang === "zh" ? CSV_COLUMNS_ZH[column] : column)).join(",") + "\r\n";
  for (const result of report.results) yield line(lang === "zh" ? inChinese(resultRow(result), result) : resultRow(result), lang);
  for (const error of report.errors) yield line(errorRow(error, lang), lang);
}

const line = (row: Row, lang: Lang): string => CSV_COLUMNS.map((column) => cell(capped(row[column], lang))).join(",") + "\r\n";

const capped = (value: string | number | null, lang: Lang): string | number | null => (typeof value === "string" ? capCell(value, lang) : value);

/** A row's words in Chinese: the kind, strength, severity, outcome and units by their labels, missing fields by name. */
function inChinese(row: Row, result: Result): Row {
  const unit = (value: Row[Column]): string | null => (value === null ? null : unitLabel.zh[value as keyof (typeof unitLabel)["zh"]] ?? String(value));
  return {
    ...row,
    subjectKind: subjectLabel.zh[result.subject.kind],
    strength: strengthLabel.zh[result.strength],
    severity: severityLabel.zh[result.severity],
    outcome: outcomeLabel.zh[result.outcome],
    message: readableMessage(result, "zh"),
    missing: missingNames(result, "zh").join("、"),
    assumptions: assumptionsText(result, "zh"),
    unit: unit(row.unit),
    gapUnit: unit(row.gapUnit),
  };
}

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

function errorRow(error: Report["errors"][number], lang: Lang): Row {
  const row = Object.fromEntries(CSV_COLUMNS.map((column) => [column, null])) as Row;
  return { ...row, file: error.file, line: error.line, column: error.column, pointer: error.pointer, outcome: inputErrorLabel[lang], message: error.message };
}

/** One field, quoted when RFC 4180 needs it; numbers as written by JSON. */
export function cell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
