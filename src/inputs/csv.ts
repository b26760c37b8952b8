import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { isSzcheckError } from "../errors.js";
import type { Intake } from "../model/intake.js";
import { DecodingStream, encodingNamed, type Encoding } from "./decode.js";
import type { Mapping } from "./mapping.js";
import type { IntakeItem, StreamItem } from "./record-stream.js";
import { say, type Lang } from "./say.js";
import { isKnownHeader } from "./header-match.js";
import { HEADER_SEARCH_ROWS } from "./sheet-layout.js";
import { TableReader } from "./tabular.js";

/** ="2023-440305-47-01-123456": Excel's way to keep a code as text, as exports write it; the text inside. */
export function excelText(value: string): string {
  const wrapped = /^="(.*)"$/s.exec(value);
  return wrapped === null ? value : wrapped[1]!.replaceAll('""', '"');
}

/** A row read as one cell that holds known headers separated by tabs or semicolons (Excel in other locales, "Unicode text" renamed .csv). */
function otherSeparator(record: string[]): string | undefined {
  if (record.length !== 1) return undefined;
  return ["\t", ";", "|"].find((separator) => record[0]!.split(separator).filter(isKnownHeader).length >= 2);
}

export interface CsvOptions {
  lang: Lang;
  mapping: Mapping | undefined;
  mappingFile: string | undefined;
  /** --encoding; beats the mapping file's `encoding`. */
  encoding: Encoding | undefined;
  /** The longest record csv-parse may hold (--max-file-size): a file of one endless quoted cell stops there. */
  maxRecordBytes: number;
}

/**
 * Reads a CSV file one row at a time (csv-parse) as a table read as it comes (TableReader): the
 * bytes decoded by the one rule for text (UTF-8, else GB18030 as Excel on Chinese Windows
 * writes it), the header found below any title rows. A record's pointer is its row as Excel
 * numbers it when it opens the file (`/2` is the row under a one-row header at the top).
 */
export async function* readCsv(path: string, file: string, options: CsvOptions): AsyncGenerator<StreamItem | IntakeItem> {
  const { lang, mapping } = options;
  const forced = options.encoding ?? (mapping?.encoding === undefined ? undefined : encodingNamed(mapping.encoding));
  const decoder = new DecodingStream(file, forced, lang);
  const delimiter = mapping?.delimiter ?? ",";
  // relax_quotes: a field written ="0123" (how exports keep a code as text in Excel) is read, not refused.
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true, delimiter, max_record_size: options.maxRecordBytes });
  decoder.on("error", (error) => parser.destroy(error));
  createReadStream(path).pipe(decoder).pipe(parser);
  const table = new TableReader({ source: file, sheet: undefined, mapping, lang, raggedRowsAreErrors: true });
  let number = 0;
  let failed = false;
  let separator: string | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      number++;
      if (!table.hasHeader && number <= HEADER_SEARCH_ROWS) separator ??= otherSeparator(record);
      yield* table.push({ number, cells: record.map((value) => ({ value: excelText(value) })) });
    }
    yield* table.finish();
  } catch (error) {
    if (isSzcheckError(error)) throw error;
    failed = true;
    yield { error: { file, pointer: number === 0 ? "" : `/${number + 1}`, message: say(lang, `CSV 格式有误：${(error as Error).message}`, `invalid CSV: ${(error as Error).message}`) } };
  }
  const intake: Intake = { encoding: decoder.encoding ?? null, ...(delimiter === "," ? {} : { delimiter }), mapping: options.mappingFile ?? null, sheets: [], skippedSheets: [] };
  if (table.hasHeader) intake.sheets.push(table.summary());
  else if (failed) {
    // The CSV error said what is wrong; "empty" or "no header" would not be true.
  } else if (number === 0) {
    yield { error: { file, pointer: "", message: say(lang, "文件是空的", "the file is empty") } };
  } else {
    const hint = separator === undefined ? "" : say(lang, `；各列看起来以${separator === "\t" ? "制表符" : `“${separator}”`}分隔，而不是逗号：请在映射文件中设 delimiter: ${JSON.stringify(separator)}`, `; the columns look separated by ${separator === "\t" ? "tabs" : `"${separator}"`}, not commas: set delimiter: ${JSON.stringify(separator)} in the mapping file`);
    yield { error: { file, pointer: "", message: say(lang, `前 30 行中找不到表头（至少两格是已知的列名，如 项目代码、统一社会信用代码、营业收入）：请用 szcheck map ${file} 起草映射文件并设 headerRows`, `no header szcheck recognises in the first 30 rows (two known column names, such as 项目代码, 统一社会信用代码, 营业收入): run szcheck map ${file} to draft a mapping file and set headerRows`) + hint } };
  }
  yield { intake };
}
