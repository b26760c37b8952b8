import { nearestWithin } from "../did-you-mean.js";
import { isCalendarDate } from "../descriptors/primitives.js";
import type { FieldType } from "./field-types.js";
import { aliasesOf } from "./label-aliases.js";
import { say, type Lang } from "./say.js";
import { scaled, type Dimension, type Unit } from "./units.js";

export type Cell = string | number | boolean | Date | null | undefined;

/** A cell as a workbook holds it: its value, and whether Excel shows it as a percentage. */
export interface SheetCell {
  value: Cell;
  percent?: boolean;
  /** A formula error the workbook saved in the cell (#DIV/0!, #REF!, …). */
  error?: string;
}

export interface CellTarget {
  path: readonly string[];
  type: FieldType;
  /** The column's unit (from its header, a sheet note or the mapping file); undefined: the field's own. */
  unit: Unit | undefined;
  /** What the field measures, from the unit its schema declares (a percent cell goes ×100 into a percentage). */
  dimension: Dimension | undefined;
  header: string;
  /** The workbook counts its date serials from 1904-01-01 (workbookPr date1904, Excel for Mac's old default). */
  date1904?: boolean;
}

export type Converted = { ok: true; value: unknown; percentCell?: boolean; rounded?: boolean } | { ok: false; message: string };

/**
 * "1.28651E+11": how Excel shows (and saves to CSV) a number too long for a General cell, to six
 * significant digits; the digits after them are lost, not in the file.
 */
const ROUNDED_BY_DISPLAY = /^[-+]?\d(\.\d{0,5})?e\+?\d+$/i;

const TRUE = new Set(["是", "true", "yes", "y", "1", "√", "✓", "✔", "有", "已", "t"]);
const FALSE = new Set(["否", "false", "no", "n", "0", "×", "✗", "✘", "无", "未", "f"]);
const NULLS = new Set(["无", "null", "none", "-", "—", "/", "不涉及"]);

/** Whether a cell holds nothing (empty, or spaces only). */
export function isBlank(cell: Cell): boolean {
  return cell === undefined || cell === null || (typeof cell === "string" && cell.trim() === "");
}

/**
 * A cell converted into what its field holds: numbers in the field's unit, dates as YYYY-MM-DD,
 * booleans, enum labels through the alias table. A cell that does not convert is a message
 * that echoes it and says what was expected, never a value passed on to be misread.
 */
export function convertCell(cell: SheetCell, target: CellTarget, lang: Lang): Converted {
  const { type } = target;
  const value = typeof cell.value === "string" ? cell.value.normalize("NFKC").trim() : cell.value;
  if (type.nullable && typeof value === "string" && NULLS.has(value.toLowerCase())) return { ok: true, value: null };
  // A yes/no answer in a column that names something (重点区域: 否 / 是): "no" is none, "yes" does not say which.
  if (type.nullable && type.type === "string" && typeof value === "string") {
    if (FALSE.has(value.toLowerCase())) return { ok: true, value: null };
    if (TRUE.has(value.toLowerCase())) return { ok: false, message: say(lang, `列「${target.header}」的「${value}」只说了“是”，没有说是哪一个：请填写名称（如重点区域填 前海、河套），不属于的填 否 或 无`, `"${value}" in column ${target.header} says yes but not which: write the name (for a key area, 前海 or 河套), or 否/无 for none`) };
  }
  switch (type.type) {
    case "number":
      return toNumber(value, cell.percent === true, target, lang);
    case "boolean":
      return toBoolean(value, target, lang);
    case "date":
      return toDate(value, target, lang);
    case "enum":
      return toEnum(value, type.values, target, lang);
    case "list": {
      const parts = typeof value === "string" ? value.split(/[;,、|]/).map((part) => part.trim()).filter((part) => part !== "") : [value];
      const items: unknown[] = [];
      for (const part of parts) {
        const item = convertCell({ value: part }, { ...target, type: type.item }, lang);
        if (!item.ok) return item;
        items.push(item.value);
      }
      return { ok: true, value: items };
    }
    case "string":
      return toText(cell.value, target, lang);
  }
}

function toText(value: Cell, target: CellTarget, lang: Lang): Converted {
  if (value instanceof Date) return { ok: true, value: isoOf(value) };
  if (typeof value === "number" && target.path.at(-1) === "creditCode") {
    return {
      ok: false,
      message: say(lang, `列「${target.header}」存的是数字 ${value}，不是文字：18 位的统一社会信用代码存成数字时后几位已丢失，无法还原。请把该列设为“文本”格式后重新录入代码（不要凭校验位猜测）`, `column ${target.header} holds the number ${value}, not text: an 18-character 统一社会信用代码 stored as a number has lost its last digits and cannot be recovered. Format the column as Text and enter the codes again (do not guess them from the check character)`),
    };
  }
  if (typeof value === "string" && target.path.at(-1) === "creditCode" && /^\d(\.\d+)?e\+\d+$/i.test(value.trim())) {
    return { ok: false, message: say(lang, `列「${target.header}」的「${value}」是科学计数法：代码存成了数字，后几位已丢失。请在 Excel 中把该列设为“文本”后重新录入，再导出`, `"${value}" in column ${target.header} is in scientific notation: the code was stored as a number and has lost digits. Format the column as Text in Excel, enter the codes again, then export`) };
  }
  return { ok: true, value: typeof value === "string" ? value.trim() : String(value) };
}

/** 1,234,567.89 and 1234567.89; not 1,5 or 1.234,56 (a decimal comma read as a separator is a 1,000× error). */
const PLAIN = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A number written as text, or undefined when it is not one (the grouping must be valid). */
export function parseNumberText(text: string): number | undefined {
  const compact = text.normalize("NFKC").replace(/\s+/g, "").replace(/^[¥$]/, "");
  if (PLAIN.test(compact)) return Number(compact);
  if (GROUPED.test(compact)) return Number(compact.replaceAll(",", ""));
  return undefined;
}

function toNumber(value: Cell, percentCell: boolean, target: CellTarget, lang: Lang): Converted {
  const leaf = target.path.at(-1) ?? "";
  const isPct = target.dimension === "percent";
  const factor = target.unit?.factor ?? 1;
  if (typeof value === "number") {
    if (isPct && percentCell) return { ok: true, value: scaled(value, 100), percentCell: true };
    return { ok: true, value: scaled(value, factor) };
  }
  if (typeof value === "boolean" || value instanceof Date || value === null || value === undefined) {
    return { ok: false, message: notNumber(String(value instanceof Date ? isoOf(value) : value), target, lang) };
  }
  const aliases = aliasesOf(target.path);
  if (aliases !== undefined) {
    const label = aliasFor(value, aliases);
    if (label !== undefined && typeof label === "number") return { ok: true, value: label };
  }
  let text = value.replace(/^[¥$]/, "");
  if (isPct && text.endsWith("%")) {
    const number = parseNumberText(text.slice(0, -1));
    if (number !== undefined) return { ok: true, value: number };
  }
  if (leaf === "fiscalYear") text = text.replace(/年度?$/, "");
  const number = parseNumberText(text);
  if (number === undefined) return { ok: false, message: notNumber(value, target, lang) };
  const rounded = Math.abs(number) >= 1e6 && ROUNDED_BY_DISPLAY.test(text);
  return rounded ? { ok: true, value: scaled(number, factor), rounded } : { ok: true, value: scaled(number, factor) };
}

function notNumber(cell: string, target: CellTarget, lang: Lang): string {
  const grouping = /\d[,.]\d/.test(cell);
  return grouping
    ? say(lang, `列「${target.header}」的「${cell}」不是一个数：千分位逗号须每三位一组（1,500 或 1,234,567.89），小数点用“.”；请改正该单元格`, `"${cell}" in column ${target.header} is not a number: thousands separators group three digits (1,500 or 1,234,567.89) and the decimal point is "."; correct the cell`)
    : say(lang, `列「${target.header}」的「${cell}」不是一个数：请填写数字（单位写在表头，如“营业收入（万元）”）`, `"${cell}" in column ${target.header} is not a number: write a number (put the unit in the header, as in 营业收入（万元）)`);
}

function toBoolean(value: Cell, target: CellTarget, lang: Lang): Converted {
  if (typeof value === "boolean") return { ok: true, value };
  const text = String(value).trim().toLowerCase();
  if (TRUE.has(text)) return { ok: true, value: true };
  if (FALSE.has(text)) return { ok: true, value: false };
  return { ok: false, message: say(lang, `列「${target.header}」的「${String(value)}」不是是/否：请填 是/否（也可写 √/×、Y/N、有/无）`, `"${String(value)}" in column ${target.header} is not yes or no: write 是/否 (or √/×, Y/N, 有/无)`) };
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 2023/3/15, 2023-3-15, 2023.3.15, 2023年3月15日, each with an optional time after it. */
const TEXT_DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

function toDate(value: Cell, target: CellTarget, lang: Lang): Converted {
  if (value instanceof Date) return { ok: true, value: isoOf(value) };
  if (typeof value === "number" && Number.isFinite(value) && value >= 1 && value < 2958466) {
    // An Excel date serial (days since 1899-12-30, the 1900 leap-year bug included; since 1904-01-01 in a 1904 workbook).
    return { ok: true, value: isoOf(new Date((target.date1904 === true ? EXCEL_EPOCH_1904 : EXCEL_EPOCH) + Math.floor(value) * 86_400_000)) };
  }
  const text = String(value).trim();
  // A date cell saved to CSV with the General format shows its serial number.
  if (/^\d{5}$/.test(text)) return toDate(Number(text), target, lang);
  const match = TEXT_DATE.exec(text) ?? (/^(\d{4})(\d{2})(\d{2})$/.exec(text));
  if (match !== null) {
    const iso = `${match[1]}-${match[2]!.padStart(2, "0")}-${match[3]!.padStart(2, "0")}`;
    if (isCalendarDate(iso)) return { ok: true, value: iso };
  }
  return { ok: false, message: say(lang, `列「${target.header}」的「${text}」不是日期：请写成 2023-03-15、2023/3/15、2023年3月15日，或设为日期格式的单元格`, `"${text}" in column ${target.header} is not a date: write 2023-03-15, 2023/3/15 or 2023年3月15日, or use a date cell`) };
}

function toEnum(value: Cell, values: string[], target: CellTarget, lang: Lang): Converted {
  const text = typeof value === "string" ? value : value instanceof Date ? isoOf(value) : String(value);
  if (values.includes(text)) return { ok: true, value: text };
  const aliases = aliasesOf(target.path);
  const label = aliases === undefined ? undefined : aliasFor(text, aliases);
  if (label !== undefined) return { ok: true, value: label };
  const lower = values.find((choice) => choice.toLowerCase() === text.toLowerCase());
  if (lower !== undefined) return { ok: true, value: lower };
  const choices = values.filter((choice) => /\p{Script=Han}/u.test(choice));
  const nearest = nearestOf(text, [...values, ...Object.keys(aliases ?? {})]);
  const resolved = nearest === undefined ? undefined : values.includes(nearest) ? nearest : String(aliases?.[nearest]);
  const hint = resolved === undefined ? "" : say(lang, `（最接近的是「${resolved}」）`, ` (nearest: ${resolved})`);
  return { ok: false, message: say(lang, `列「${target.header}」的「${text}」不是可选值${hint}：可选 ${choices.join("、")}`, `"${text}" in column ${target.header} is not one of the choices${hint}: ${choices.join(", ")}`) };
}

function aliasFor(text: string, aliases: Record<string, string | number>): string | number | undefined {
  const key = text.normalize("NFKC").replace(/\s+/g, "");
  if (Object.hasOwn(aliases, key)) return aliases[key];
  const upper = Object.keys(aliases).find((alias) => alias.toLowerCase() === key.toLowerCase());
  return upper === undefined ? undefined : aliases[upper];
}

function nearestOf(text: string, candidates: string[]): string | undefined {
  return nearestWithin(text, candidates, Math.max(1, Math.ceil(text.length / 2)));
}

/** A date cell as YYYY-MM-DD. exceljs gives date cells as UTC midnight. */
function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
