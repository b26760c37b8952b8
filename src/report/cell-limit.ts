import type { Lang } from "../model/report.js";

/** Excel's most characters in one cell. */
export const EXCEL_CELL_LIMIT = 32_767;
/** Where a long cell is cut: below Excel's limit with room for the 「…等 N 项」 note and a leading '. */
const CUT_AT = 32_000;

/** Items of a list written in a cell are separated by one of these. */
const SEPARATOR = /、|; |, |，|；/g;

/**
 * A text that fits one spreadsheet cell: a longer one (a portfolio message listing 1,200
 * enterprises) is cut after its last whole item below the limit and ends 「…等 N 项」 /
 * "… and N more", N the items left out.
 */
export function capCell(text: string, lang: Lang, limit = CUT_AT): string {
  if (text.length <= limit) return text;
  let cut = limit;
  let lastSeparator = -1;
  for (const match of text.slice(0, limit).matchAll(SEPARATOR)) lastSeparator = match.index;
  if (lastSeparator > limit / 2) cut = lastSeparator;
  const rest = text.slice(cut);
  const left = Math.max(1, (rest.match(SEPARATOR) ?? []).length);
  return text.slice(0, cut) + (lang === "zh" ? `…等 ${left} 项` : `… and ${left} more`);
}
