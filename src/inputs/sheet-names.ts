import { decodeXml, textOfRuns } from "./xml-text.js";
import { loadUnzipper } from "./load-unzipper.js";

/**
 * The real name of each worksheet (and whether Excel hides it), by the number exceljs gives a
 * sheet it could not name; and whether the workbook counts dates from 1904 (`date1904`), which a
 * date serial exceljs leaves a number (a formula's result, a date format it does not know) needs.
 * exceljs's streaming reader matches sheets to names through workbook.xml.rels only when the
 * target is relative (`worksheets/sheet1.xml`); openpyxl and pandas write it absolute
 * (`/xl/worksheets/sheet1.xml`), and their sheets came out as Sheet1. This reads workbook.xml
 * and its rels from the zip's directory (not the whole file) and matches both forms.
 */
export async function sheetNamesOf(path: string): Promise<{ sheets: Map<string, { name: string; hidden: boolean }>; date1904: boolean }> {
  const text = await zipEntries(path);
  const [workbook, rels] = await Promise.all([text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels")]);
  const targets = new Map<string, string>();
  for (const match of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attribute(match[0], "Id");
    const target = attribute(match[0], "Target");
    const sheet = target === undefined ? null : /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(target);
    if (id !== undefined && sheet !== null && sheet !== undefined) targets.set(id, sheet[1]!);
  }
  const names = new Map<string, { name: string; hidden: boolean }>();
  for (const match of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attribute(match[0], "name");
    const rel = attribute(match[0], "r:id") ?? attribute(match[0], "id");
    const number = rel === undefined ? undefined : targets.get(rel);
    // state="hidden" or "veryHidden": a sheet Excel does not show (an old copy, a lookup list).
    const hidden = /^(hidden|veryHidden)$/.test(attribute(match[0], "state") ?? "");
    if (name !== undefined && number !== undefined) names.set(number, { name, hidden });
  }
  const properties = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbook)?.[0] ?? "";
  return { sheets: names, date1904: /^(1|true)$/.test(attribute(properties, "date1904") ?? "") };
}

/**
 * The shared strings of a workbook, read from the zip's directory. exceljs's streaming reader
 * sometimes parses a worksheet before its shared strings (it depends on how the zip streams in)
 * and then hands out `{ sharedString: n }` instead of the text; this is the text.
 */
export async function sharedStringsOf(path: string): Promise<string[]> {
  const xml = await (await zipEntries(path))("xl/sharedStrings.xml");
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((item) => textOfRuns(item[1]!));
}

async function zipEntries(path: string): Promise<(name: string) => Promise<string>> {
  const directory = await (await loadUnzipper()).Open.file(path);
  return async (name) => {
    const entry = directory.files.find((file) => file.path === name);
    return entry === undefined ? "" : (await entry.buffer()).toString("utf8");
  };
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(":", "\\:")}="([^"]*)"`).exec(tag);
  return match === null ? undefined : decodeXml(match[1]!);
}
