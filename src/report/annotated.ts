import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, normalize, resolve } from "node:path";
import { parse } from "csv-parse";
import type { Cell, Workbook, Worksheet } from "exceljs";
import type { CheckRun } from "./run.js";
import { SzcheckError } from "../errors.js";
import { excelText } from "../inputs/csv.js";
import { DecodingStream, encodingNamed } from "../inputs/decode.js";
import { findHeader, HEADER_SEARCH_ROWS, matchColumn, type SheetRow } from "../inputs/sheet-layout.js";
import type { LoadedRule } from "../rules/load.js";
import { verdictLabel } from "./labels.js";
import type { IntakeSheet } from "../model/intake.js";
import type { Lang, Outcome, Result } from "../model/report.js";
import { readableMessage } from "./readable.js";
import { recordVerdicts, verdictStyle, type RecordVerdicts } from "./verdicts.js";
import { rulesById } from "./view.js";
import type { Written } from "../output/write-atomic.js";
import { loadExcelJS } from "../inputs/load-exceljs.js";

/**
 * `--format annotated=out/`: for each input workbook or CSV file, a copy in out/ with the
 * client's sheets, cells, formatting and row numbers as they were, and verdict columns appended
 * to the right of their rows: 结论 (the row's worst verdict), then one column per rule that found
 * something in that sheet (不符合 / 数据不全 / 豁免, with the buildings concerned), each with the
 * message as a cell note. The client's own cells a finding is about are highlighted (red for a
 * failure, amber for a missing value) and carry the note too; their values are never changed.
 * A CSV file's copy is a workbook (a CSV cannot hold colours): `roster.csv` → `roster.xlsx`, its
 * text cells as they were written, each record on the row of its line.
 */
export async function formatAnnotated(run: CheckRun, dir: string): Promise<Written[]> {
  const ExcelJS = await loadExcelJS();
  const { report } = run;
  const lang = report.lang;
  const rules = rulesById(run.rules);
  const inputs = report.inputs.filter((input) => /\.(xlsx|csv)$/i.test(input.file));
  const tabular = inputs.map((input) => input.file);
  if (tabular.length === 0) {
    throw new SzcheckError({
      message: `--format annotated: none of the inputs is a workbook (.xlsx) or CSV file, so there is nothing to write verdicts beside`,
      hint: "use it with spreadsheet inputs (szcheck check roster.xlsx --format annotated=out/); for JSON and YAML inputs use --format xlsx=report.xlsx",
    });
  }
  const rows = rowsByFile(report.results, lang);
  const targets = outputNames(tabular);
  const written: Written[] = [];
  for (const { file, sha256, intake } of inputs) {
    const target = join(dir, targets.get(file)!);
    // Verdicts beside rows that have changed since they were checked would be verdicts on other data.
    if (sha256 !== "" && createHash("sha256").update(readFileSync(file)).digest("hex") !== sha256) {
      throw new SzcheckError({ message: `--format annotated: ${file} changed while it was being checked, so its rows may no longer be the rows the verdicts are about`, hint: "run the check again on the file as it is now" });
    }
    if (resolve(target) === resolve(file)) {
      throw new SzcheckError({ message: `--format annotated=${dir} would write over the input ${file}`, hint: "give a folder of its own: --format annotated=out/" });
    }
    let book: Workbook;
    if (/\.csv$/i.test(file)) {
      book = new ExcelJS.Workbook();
      await copyCsv(file, book.addWorksheet(sheetNameOf(file)), intake?.encoding ?? null, intake?.delimiter ?? ",");
    } else {
      book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
    }
    for (const sheet of book.worksheets) {
      const csv = /\.csv$/i.test(file);
      const sheetRows = rows.get(csv ? file : `${file}[${sheet.name}]`);
      // How the check read this sheet (its header rows and columns, a mapping file's included).
      const read = intake?.sheets.find((entry) => (csv ? entry.sheet === null : entry.sheet === sheet.name));
      if (sheetRows !== undefined) annotateSheet(sheet, sheetRows, rules, lang, read);
    }
    written.push({ file: target, content: [new Uint8Array(await book.xlsx.writeBuffer())] });
  }
  return written;
}

/** What a row of the client's sheet gets: its conclusion, each rule's verdict, and the cells to highlight. */
interface RowVerdicts {
  conclusion: Outcome;
  rules: Map<string, { outcome: Outcome; buildings: string[]; notes: string[] }>;
  /** Field paths (`buildings.0.prefab.assemblyRatePct`) a failure or a missing value is about, with its note. */
  fields: Map<string, { outcome: Outcome; notes: string[] }>;
}

/** Verdicts of the records of tabular inputs, by the file (`book.xlsx[Sheet]`, `roster.csv`) and row they were read from. */
function rowsByFile(results: Iterable<Result>, lang: Lang): Map<string, Map<number, RowVerdicts>> {
  const files = new Map<string, Map<number, RowVerdicts>>();
  for (const record of recordVerdicts(results)) {
    if (record.place === undefined || !record.place.tabular || record.place.row === null) continue;
    let rows = files.get(record.file);
    if (rows === undefined) files.set(record.file, (rows = new Map()));
    rows.set(record.place.row, rowVerdicts(record, lang));
  }
  return files;
}

function rowVerdicts(record: RecordVerdicts, lang: Lang): RowVerdicts {
  const rules: RowVerdicts["rules"] = new Map();
  const fields: RowVerdicts["fields"] = new Map();
  for (const [ruleId, entry] of record.byRule) {
    const notes = entry.results.filter((result) => result.outcome === entry.outcome && result.outcome !== "pass" && result.outcome !== "not-applicable").map((result) => readableMessage(result, lang));
    rules.set(ruleId, { outcome: entry.outcome, buildings: entry.buildings, notes });
    for (const result of entry.results) {
      if (result.outcome !== "fail" && result.outcome !== "incomplete") continue;
      const pointers = result.outcome === "incomplete" ? result.missing.map((path) => fieldPointer(record.pointer, result.subject.pointer, path)) : [result.location?.pointer];
      for (const pointer of pointers) {
        const path = pointer === undefined ? undefined : fieldPathOf(pointer, record.pointer);
        if (path === undefined || path === "") continue;
        const field = fields.get(path) ?? { outcome: result.outcome, notes: [] };
        if (result.outcome === "fail") field.outcome = "fail";
        field.notes.push(readableMessage(result, lang));
        fields.set(path, field);
      }
    }
  }
  return { conclusion: record.conclusion, rules, fields };
}

/** The pointer of a missing field: `building.x` is in the result's building, anything else in the record. */
function fieldPointer(recordPointer: string, subjectPointer: string, path: string): string {
  const inBuilding = /^building\.(.+)$/.exec(path);
  const base = inBuilding === null ? recordPointer : subjectPointer;
  return `${base}/${(inBuilding?.[1] ?? path).split(".").join("/")}`;
}

/** `/3/buildings/0/prefab/adopted` under record `/3` → `buildings.0.prefab.adopted`. */
function fieldPathOf(pointer: string, recordPointer: string): string | undefined {
  if (!pointer.startsWith(`${recordPointer}/`)) return undefined;
  return pointer
    .slice(recordPointer.length + 1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

const words: Record<Lang, { conclusion: string; header: string }> = {
  zh: { conclusion: "结论（szcheck）", header: "szcheck 审查结论" },
  en: { conclusion: "Conclusion (szcheck)", header: "szcheck verdicts" },
};

/**
 * Appends the verdict columns to one sheet: right of the last column the client used, titled on
 * the header row the check read it by (`read`: the last row of a two-row header, as detected or
 * as a mapping file set it), the client's cells behind a finding found by the columns it read
 * each field from. Without that (a report from before intake was recorded), the header is found
 * again as the readers find it.
 */
function annotateSheet(sheet: Worksheet, rows: Map<number, RowVerdicts>, rules: Map<string, LoadedRule>, lang: Lang, read: IntakeSheet | undefined): void {
  let lastColumn = 0;
  const top: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: SheetRow["cells"] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      lastColumn = Math.max(lastColumn, column);
      cells[column - 1] = { value: typeof cell.value === "object" && cell.value !== null && !(cell.value instanceof Date) ? cell.text : (cell.value as SheetRow["cells"][number]["value"]) };
    });
    if (number <= HEADER_SEARCH_ROWS) top.push({ number, cells: Array.from(cells, (cell) => cell ?? { value: null }) });
  });
  const layout = read === undefined || read.headerRows.length === 0 ? findHeader(top, undefined, " ") : undefined;
  const headerRow = read?.headerRows.at(-1) ?? layout?.rows.at(-1) ?? top[0]?.number;
  if (headerRow === undefined) return;
  const found = new Set<string>();
  for (const row of rows.values()) for (const [ruleId, entry] of row.rules) if (entry.outcome === "fail" || entry.outcome === "incomplete" || entry.outcome === "waived") found.add(ruleId);
  const ruleIds = [...found].sort();
  const first = lastColumn + 1;

  // The client's header: which column holds which field.
  const columnOfField = new Map<string, number>();
  for (const column of read?.columns ?? []) if (column.use === "field" && column.field !== null) columnOfField.set(column.field, column.column);
  layout?.columns.forEach((column, index) => {
    const { match } = matchColumn(column.candidates);
    if (match.role === "field") columnOfField.set(match.path.join("."), index + 1);
  });

  const header = sheet.getRow(headerRow);
  const headerStyle = (column: number, title: string, note?: string): void => {
    const cell = header.getCell(column);
    cell.value = title;
    cell.style = { font: { bold: true }, fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCE3EC" } }, alignment: { wrapText: true, vertical: "middle" } };
    if (note !== undefined) cell.note = note;
  };
  headerStyle(first, words[lang].conclusion, words[lang].header);
  ruleIds.forEach((ruleId, index) => {
    const rule = rules.get(ruleId);
    headerStyle(first + 1 + index, rule?.definition.title[lang] ?? ruleId, `${ruleId}${rule === undefined ? "" : ` · ${rule.definition.clause}`}`);
  });
  sheet.getColumn(first).width = 14;
  ruleIds.forEach((_, index) => (sheet.getColumn(first + 1 + index).width = 16));

  for (const [number, verdicts] of rows) {
    const row = sheet.getRow(number);
    paint(row.getCell(first), verdictLabel[lang][verdicts.conclusion], verdicts.conclusion, undefined);
    ruleIds.forEach((ruleId, index) => {
      const entry = verdicts.rules.get(ruleId);
      if (entry === undefined) return;
      const label = verdictLabel[lang][entry.outcome] + (entry.buildings.length > 0 && entry.outcome !== "pass" && entry.outcome !== "not-applicable" ? (lang === "zh" ? `（${entry.buildings.join("、")}）` : ` (${entry.buildings.join(", ")})`) : "");
      const cell = row.getCell(first + 1 + index);
      paint(cell, label, entry.outcome, rules.get(ruleId)?.definition.strength);
      if (entry.notes.length > 0) cell.note = entry.notes.join("\n");
    });
    for (const [path, field] of verdicts.fields) {
      const column = columnOfField.get(path);
      if (column === undefined) continue;
      const cell = row.getCell(column);
      const style = verdictStyle(field.outcome, undefined);
      // A new style object: cells read from a file may share one, and only this cell is highlighted.
      cell.style = { ...cell.style, fill: { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } } };
      cell.note = field.notes.join("\n");
    }
  }
}

function paint(cell: Cell, text: string, outcome: Outcome, strength: LoadedRule["definition"]["strength"] | undefined): void {
  const style = verdictStyle(outcome, strength);
  cell.value = text;
  cell.style = { fill: { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } }, font: { color: { argb: style.font } } };
}

/**
 * A CSV file as a sheet: every cell as the text it was, each record on the row of its (last) line,
 * as the reader numbers them; decoded as the check decoded it (GB18030 from Excel on Chinese Windows).
 */
async function copyCsv(file: string, sheet: Worksheet, encoding: string | null, delimiter: string): Promise<void> {
  const decoder = new DecodingStream(file, encoding === null ? undefined : encodingNamed(encoding));
  const parser = createReadStream(file).pipe(decoder).pipe(parse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const row = sheet.getRow(info.lines);
    record.forEach((value, index) => {
      if (value !== "") row.getCell(index + 1).value = excelText(value);
    });
  }
}

const sheetNameOf = (file: string): string => basename(file).replace(/\.csv$/i, "").replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "Sheet1";

/** Where each input's copy goes inside the output folder: its own relative path (a CSV's as .xlsx), or its name for a path outside the working folder. */
function outputNames(files: string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const file of files) {
    const relative = normalize(file);
    const base = isAbsolute(relative) || relative.startsWith("..") ? basename(relative) : relative;
    let name = /\.csv$/i.test(base) ? base.replace(/\.csv$/i, ".xlsx") : base;
    if (taken.has(name) || (name !== base && files.some((other) => normalize(other) === join(dirname(base), basename(name))))) name = `${base}.xlsx`;
    taken.add(name);
    names.set(file, name);
  }
  return names;
}

