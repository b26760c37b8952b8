import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { columnOf, headerProblem, kindOfColumns, recordOfRow, type Column } from "./tabular.js";
import type { StreamItem } from "./record-stream.js";

/**
 * Reads a CSV file one row at a time (csv-parse): the header row names fields by dotted path or
 * Chinese label; a record's pointer is its row number as a spreadsheet shows it (`/2` is the
 * first data row). A ragged row is an error for that row; the other rows are still read.
 */
export async function* readCsv(path: string, file: string, maxRecordBytes: number): AsyncGenerator<StreamItem> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, max_record_size: maxRecordBytes }),
  );
  let columns: Column[] | undefined;
  let kind: "project" | "enterprise" | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const row = info.lines;
      if (columns === undefined) {
        columns = record.map(columnOf);
        kind = kindOfColumns(columns);
        const problem = headerProblem(columns);
        if (problem !== undefined) {
          yield { error: { file, pointer: `/${row}`, message: problem } };
          return;
        }
        continue;
      }
      if (record.length !== columns.length) {
        yield { error: { file, pointer: `/${row}`, message: `row ${row} has ${record.length} cells but the header has ${columns.length}: check for a stray comma or a missing quote` } };
        continue;
      }
      yield { record: { raw: recordOfRow(columns, record, kind), origin: { file, pointer: `/${row}`, line: row } } };
    }
  } catch (error) {
    yield { error: { file, pointer: "", message: `invalid CSV: ${(error as Error).message}` } };
  }
}
