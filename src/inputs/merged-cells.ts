import { loadUnzipper } from "./load-unzipper.js";

/** A merged range of cells spanning rows: rows `top`..`bottom`, its value in column `column` (0-based) of row `top`. */
export interface MergedDown {
  top: number;
  bottom: number;
  column: number;
}

/**
 * The merged ranges of each worksheet that span more than one row (所在区 merged down the rows of
 * its projects), by the sheet's number (`xl/worksheets/sheetN.xml`, as exceljs numbers it).
 * exceljs's streaming reader gives such a value in the top row only and ignores `<mergeCells>`,
 * which a sheet writes after its rows; this reads them first, streaming each sheet's XML once more
 * and keeping only a short tail between chunks.
 */
export async function mergedDownOf(path: string): Promise<(sheet: number | string) => Promise<MergedDown[]>> {
  const directory = await (await loadUnzipper()).Open.file(path);
  return async (sheet) => {
    const entry = directory.files.find((file) => file.path === `xl/worksheets/sheet${sheet}.xml`);
    if (entry === undefined) return [];
    const found: MergedDown[] = [];
    let tail = "";
    for await (const chunk of entry.stream() as AsyncIterable<Buffer>) {
      const text = tail + chunk.toString("latin1");
      const pattern = /<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g;
      let last = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        last = pattern.lastIndex;
        const [top, bottom] = [Number(match[2]), Number(match[4])];
        if (bottom > top) found.push({ top, bottom, column: columnIndex(match[1]!) });
      }
      // A tag cut at the chunk's end is read with the next chunk.
      tail = text.slice(Math.max(last, text.length - 200));
    }
    return found;
  };
}

/** A column's letters as a 0-based index (A → 0, AA → 26). */
function columnIndex(letters: string): number {
  return [...letters].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}
