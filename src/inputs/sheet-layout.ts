import { isBlank, parseNumberText, type Cell, type SheetCell } from "./cell-values.js";
import { matchHeader, namesPart, normaliseHeader, unitOfLabel, type HeaderMatch } from "./header-match.js";
import { unitsListed, type Unit } from "./units.js";

/** A row as a reader gives it: its number as Excel shows it, and its cells from column A. */
export interface SheetRow {
  number: number;
  cells: SheetCell[];
}

/** How many rows from the top are searched for the header. */
export const HEADER_SEARCH_ROWS = 30;

export interface HeaderLayout {
  /** The row numbers of the header (one or two; more when the mapping file says so). */
  rows: number[];
  /** Per column (0-based), the header as shown and the labels to match, child label first. */
  columns: Array<{ header: string; candidates: string[] }>;
}

/** A cell's text, line breaks inside it (Alt+Enter in a header) taken out. */
const textOf = (cell: SheetCell | undefined): string => (cell === undefined || isBlank(cell.value) ? "" : cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : String(cell.value).replace(/\s*[\r\n]+\s*/g, "").trim());
/** Whether a cell's text names a field: a label szcheck knows, or a header the mapping file places. */
export type KnownLabel = (text: string) => boolean;
const namesField: KnownLabel = (text) => matchHeader(text).role === "field";
const nonEmpty = (row: SheetRow): string[] => row.cells.map(textOf).filter((text) => text !== "");
/** A note above a table (填报单位：…, 金额单位：万元) is "label：value", not a header label. */
const isNote = (text: string): boolean => /[:：]/.test(text);

/**
 * Finds the header among the first rows: the first row where at least two cells name known
 * fields. A row just below it joins it when it holds child labels under merged parents (研发投入
 * 情况 over 研发投入（万元）); a row just above joins it when it holds parents over it (序号 merged
 * down two rows). `headerRows` from the mapping file overrides the search.
 */
export function findHeader(rows: SheetRow[], headerRows: number[] | undefined, join: string, mapped: KnownLabel = () => false): HeaderLayout | undefined {
  if (headerRows !== undefined) {
    const chosen = headerRows.map((number) => rows.find((row) => row.number === number)).filter((row): row is SheetRow => row !== undefined);
    return chosen.length === headerRows.length ? layoutOf(chosen, join) : undefined;
  }
  const known: KnownLabel = (text) => namesField(text) || mapped(text);
  const fieldMatches = (row: SheetRow): number => row.cells.filter((cell) => typeof cell.value === "string" && known(cell.value)).length;
  const at = rows.findIndex((row) => fieldMatches(row) >= 2 || (fieldMatches(row) === 1 && nonEmpty(row).length === 1 && rows.length === 1));
  if (at < 0) return undefined;
  const header = rows[at]!;
  const below = rows[at + 1];
  if (below !== undefined && below.number === header.number + 1 && isChildRow(header, below)) return withRowsBelow([header, below], rows, join);
  const above = rows[at - 1];
  if (above !== undefined && above.number === header.number - 1 && isParentRow(above, header)) return withRowsBelow([above, header], rows, join);
  return withRowsBelow([header], rows, join);
}

/**
 * The header with the rows a statistics return puts under it: a row of units (人 | 万元 | %), read
 * as the labels' units, then a row numbering the columns (甲 | 乙 | 1 | 2 | 3), part of the header
 * and no record.
 */
function withRowsBelow(labels: SheetRow[], rows: SheetRow[], join: string): HeaderLayout {
  const after = (row: SheetRow): SheetRow | undefined => rows.find((next) => next.number === row.number + 1);
  let next = after(labels.at(-1)!);
  if (next !== undefined && isUnitRow(next)) {
    labels = [...labels, next];
    next = after(next);
  }
  const layout = layoutOf(labels, join);
  if (next !== undefined && isNumberingRow(next)) layout.rows.push(next.number);
  return layout;
}

/** Counting units a unit row may hold besides those szcheck converts. */
const COUNTS = new Set(["人", "个", "家", "项", "栋", "座", "户", "次", "名", "年", "-", "—", "/"]);

/** A row of units only (人 | 万元 | 万平方米 | %), one of them a unit szcheck converts. */
function isUnitRow(row: SheetRow): boolean {
  const texts = row.cells.map(textOf).filter((text) => text !== "").map((text) => normaliseHeader(text).replace(/^\((.*)\)$/, "$1"));
  return texts.length > 0 && row.cells.every((cell) => isBlank(cell.value) || typeof cell.value === "string") && texts.every((text) => unitOfLabel(text) !== undefined || COUNTS.has(text)) && texts.some((text) => unitOfLabel(text) !== undefined);
}

/** A row numbering the columns: 甲, 乙, 丙 … then 1, 2, 3 … in order (栏号 in a statistics return). */
function isNumberingRow(row: SheetRow): boolean {
  const texts = row.cells.map(textOf).filter((text) => text !== "");
  const numbers = texts.filter((text) => /^\d+$/.test(text)).map(Number);
  if (texts.length < 3 || numbers.length < 2) return false;
  if (!texts.every((text) => /^\d+$/.test(text) || /^[甲乙丙丁戊己庚辛壬癸]$/.test(text))) return false;
  return numbers.every((n, i) => n === numbers[0]! + i);
}

/** A row of labels under merged parents: text only, and a known label where the row above has none of its own. */
function isChildRow(header: SheetRow, below: SheetRow): boolean {
  const cells = below.cells.map(textOf);
  if (cells.every((text) => text === "")) return false;
  if (below.cells.some((cell) => !isBlank(cell.value) && typeof cell.value !== "string")) return false;
  if (cells.some((text) => isNote(text) || parseNumberText(text) !== undefined)) return false;
  // A child label is one szcheck knows, or one that carries a unit (金额（万元） under a merged 研发投入).
  const childLabel = (text: string): boolean => matchHeader(text).role !== "unknown" || (/[(（[【]/.test(text) && unitOfLabel(text) !== undefined);
  return cells.some((text, i) => text !== "" && childLabel(text) && (textOf(header.cells[i]) === "" || matchHeader(textOf(header.cells[i])).role === "unknown"));
}

/** A row of parent labels above the header: two or more text cells, one where the header row is empty. */
function isParentRow(above: SheetRow, header: SheetRow): boolean {
  const cells = above.cells.map(textOf);
  if (cells.filter((text) => text !== "").length < 2 || cells.some(isNote)) return false;
  return cells.some((text, i) => text !== "" && textOf(header.cells[i]) === "");
}

function layoutOf(rows: SheetRow[], join: string): HeaderLayout {
  const width = Math.max(...rows.map((row) => row.cells.length));
  // A merged parent holds its text in its first cell only: carry it right over the empty cells
  // of its span (a span ends where the row below has nothing either).
  const filled = rows.map((row, level) => {
    const texts = Array.from({ length: width }, (_, i) => textOf(row.cells[i]));
    if (level === rows.length - 1) return texts;
    let carried = "";
    return texts.map((text, i) => {
      if (text !== "") return (carried = text);
      const below = rows.slice(level + 1).some((lower) => textOf(lower.cells[i]) !== "");
      return below ? carried : (carried = "");
    });
  });
  const columns = Array.from({ length: width }, (_, i) => {
    const labels = filled.map((texts) => texts[i] ?? "").filter((text, level, all) => text !== "" && all.indexOf(text) === level);
    const child = labels.at(-1) ?? "";
    const candidates = labels.length > 1 ? [child, labels.join(""), ...labels.slice(0, -1).reverse()] : [child];
    return { header: labels.join(join), candidates: candidates.filter((text) => text !== "") };
  });
  return { rows: rows.map((row) => row.number), columns };
}

/**
 * The first candidate label that names something szcheck knows, and which one it was; with the
 * units the column's other labels carry (a merged parent 经营情况（万元） over 营业收入, a child
 * 金额（万元） under 研发投入), for a field whose own label names none.
 */
export function matchColumn(candidates: string[]): { match: HeaderMatch; label: string | undefined; otherUnits: Unit[] } {
  for (const label of candidates) {
    const match = matchHeader(label);
    if (match.role === "unknown") continue;
    // 研发投入 over 其中：委托外部: the child is a part of the parent's figure, not the figure.
    if (label !== candidates[0] && namesPart(candidates[0]!)) break;
    const otherUnits: Unit[] = [];
    for (const other of candidates) {
      const unit = other === label ? undefined : unitOfLabel(other);
      if (unit !== undefined && !otherUnits.some((seen) => seen.name === unit.name)) otherUnits.push(unit);
    }
    return { match, label, otherUnits };
  }
  return { match: { role: "unknown" }, label: undefined, otherUnits: [] };
}

/** Units and a year stated in the rows above the header: 「金额单位：万元」, 「2024年度…统计表」. */
export interface SheetNotes {
  money: Unit | undefined;
  area: Unit | undefined;
  moneyText: string | undefined;
  areaText: string | undefined;
  year: number | undefined;
}

export function notesAbove(rows: SheetRow[], headerRow: number): SheetNotes {
  const notes: SheetNotes = { money: undefined, area: undefined, moneyText: undefined, areaText: undefined, year: undefined };
  for (const row of rows.filter((r) => r.number < headerRow)) {
    for (const text of nonEmpty(row).map((t) => t.normalize("NFKC"))) {
      // 金额单位：万元, （单位：万元）, 计量单位：人、万元, 单位：万元、万平方米: each unit listed up to the
      // next 单位： or a closing bracket, given to the money or area columns it fits.
      const matches = [...text.matchAll(/(金额|面积)?单位\s*:/g)];
      matches.forEach((match, i) => {
        const listed = text.slice(match.index + match[0].length, matches[i + 1]?.index ?? text.length).split(")")[0]!.trim();
        const said = `${match[1] ?? ""}单位：${listed}`;
        for (const unit of unitsListed(listed)) {
          if (unit.dimension === "money" && match[1] !== "面积") [notes.money, notes.moneyText] = [unit, said];
          if (unit.dimension === "area" && match[1] !== "金额") [notes.area, notes.areaText] = [unit, said];
        }
      });
      const year = /(20\d{2}|19\d{2})\s*年度?/.exec(text);
      if (year !== null && notes.year === undefined && !isNote(text)) notes.year = Number(year[1]);
    }
  }
  return notes;
}

export type RowKind = "data" | "blank" | "total" | "footer" | "repeated-header" | "comment";

const TOTALS = new Set(["合计", "总计", "小计", "合计数", "总合计", "累计", "total", "subtotal", "sum"]);
/** 合计：, 南山区小计, 全市合计, 其中：政府投资: a sum or a part of one, written beside its label. */
const TOTAL_LABEL = /^(.{0,10}(合计|总计|小计)(数)?:?|其中:.*)$/;
/** Who filled in and checked the return, and when: a footer whatever follows. */
const SIGNATURE = /^(填表人|填报人|审核人|复核人|负责人|制表人|单位负责人|统计负责人|联系电话|联系人|填报日期|报出日期|填表日期)\s*[:：]?/;
/** A note under the table: 注：…, 说明：… (with its colon, so that a name such as 说明书印刷厂 is not one). */
const NOTE = /^(注|说明|备注|附注|填表说明)\s*\d*\s*[:：]/;

/** What a row below the header is: a record, or a row set aside (and why). */
export function classifyRow(row: SheetRow, header: HeaderLayout, commentChar: string | undefined): RowKind {
  const texts = row.cells.map(textOf);
  const filled = texts.filter((text) => text !== "");
  if (filled.length === 0) return "blank";
  const first = normaliseHeader(filled[0]!);
  if (commentChar !== undefined && filled[0]!.startsWith(commentChar)) return "comment";
  if (texts.slice(0, 3).some((text) => TOTALS.has(normaliseHeader(text)) || TOTAL_LABEL.test(normaliseHeader(text)))) return "total";
  const lead = filled[0]!.normalize("NFKC");
  const signed = filled.every((text) => SIGNATURE.test(text.normalize("NFKC")));
  if ((SIGNATURE.test(lead) && (filled.length <= 4 || signed)) || (NOTE.test(lead) && filled.length <= 2)) return "footer";
  if (filled.length === 1 && filled[0]!.length >= 20 && typeof row.cells.find((cell) => !isBlank(cell.value))?.value === "string") return "footer";
  const headers = header.columns.map((column) => normaliseHeader(column.candidates[0] ?? ""));
  const repeats = texts.filter((text, i) => text !== "" && normaliseHeader(text) === headers[i]).length;
  if (repeats >= Math.min(2, filled.length) && repeats * 2 >= filled.length) return "repeated-header";
  return first === "" ? "blank" : "data";
}

export type { Cell };
