import { StringDecoder } from "node:string_decoder";
import type { Cell } from "./cell-values.js";
import { loadUnzipper } from "./load-unzipper.js";
import { textOfRuns } from "./xml-text.js";

/** A merged range of cells spanning rows: rows `top`..`bottom`, its value in column `column` (0-based) of row `top`. */
export interface MergedDown {
  top: number;
  bottom: number;
  column: number;
}

/** What exceljs's streaming reader misses in a worksheet's XML. */
export interface SheetXml {
  /** Ranges merged down more than one row (所在区 over the rows of its projects). */
  mergedDown: MergedDown[];
  /** Cells it reads wrong, by row number and 0-based column: their value as the XML holds it. */
  cells: Map<number, Map<number, Cell>>;
}

/**
 * What each worksheet holds that exceljs's streaming reader misses, by the sheet's number
 * (`xl/worksheets/sheetN.xml`, as exceljs numbers it), read by streaming the sheet's XML once more
 * (keeping only an unfinished tag between chunks):
 * - `<mergeCells>`, which a sheet writes after its rows and exceljs ignores: a value merged down
 *   several rows is in the top row only;
 * - date cells written as ISO text (`t="d"`, as SheetJS writes them with cellDates): exceljs reads
 *   `2023-06-02T00:00:00` as the number 2023, a date in 1905;
 * - inline strings in several runs (`<is><r><t>深圳市</t></r><r><t>南山区</t></r></is>`): exceljs keeps
 *   the last run only.
 */
export async function sheetXmlOf(path: string): Promise<(sheet: number | string) => Promise<SheetXml>> {
  const directory = await (await loadUnzipper()).Open.file(path);
  return async (sheet) => {
    const found: SheetXml = { mergedDown: [], cells: new Map() };
    const entry = directory.files.find((file) => file.path === `xl/worksheets/sheet${sheet}.xml`);
    if (entry === undefined) return found;
    let tail = "";
    const decoder = new StringDecoder("utf8");
    for await (const chunk of entry.stream() as AsyncIterable<Buffer>) {
      const text = tail + decoder.write(chunk);
      let done = 0;
      for (const match of text.matchAll(/<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
        done = match.index + match[0].length;
        const [top, bottom] = [Number(match[2]), Number(match[4])];
        if (bottom > top) found.mergedDown.push({ top, bottom, column: columnIndex(match[1]!) });
      }
      // Only a chunk holding such a cell pays for the cell pattern.
      if (text.includes('t="d"') || text.includes("<r>")) {
        for (const match of text.matchAll(/<c\s([^>]*[^>/])>([\s\S]*?)<\/c>/g)) {
          done = Math.max(done, match.index + match[0].length);
          const value = cellValue(match[1]!, match[2]!);
          const ref = /\br="([A-Z]+)(\d+)"/.exec(match[1]!);
          if (value === undefined || ref === null) continue;
          const row = Number(ref[2]);
          if (!found.cells.has(row)) found.cells.set(row, new Map());
          found.cells.get(row)!.set(columnIndex(ref[1]!), value);
        }
      }
      // A cell or merge left unfinished at the chunk's end is read with the next chunk, from its start.
      const open = Math.max(text.lastIndexOf("<c "), text.lastIndexOf("<mergeCell"));
      const finished = open < 0 || /^<[^>]*\/>/.test(text.slice(open)) || text.includes("</c>", open);
      tail = text.slice(Math.max(done, finished ? text.length - 32 : open));
    }
    return found;
  };
}

/** The value of a cell exceljs reads wrong, from its attributes and content; undefined for the others. */
function cellValue(attributes: string, content: string): Cell {
  if (/\bt="d"/.test(attributes) && !content.includes("<f")) {
    const iso = /<v>([^<]*)<\/v>/.exec(content)?.[1]?.trim();
    if (iso === undefined) return undefined;
    // An ISO date without a zone is the wall-clock date Excel shows: read it as UTC, as exceljs gives date cells.
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) || !iso.includes("T") ? iso : `${iso}Z`);
    return Number.isNaN(date.getTime()) ? iso : date;
  }
  if (/\bt="inlineStr"/.test(attributes) && /<r[\s>]/.test(content)) {
    return textOfRuns(content);
  }
  return undefined;
}

/** A column's letters as a 0-based index (A → 0, AA → 26). */
function columnIndex(letters: string): number {
  return [...letters].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}
