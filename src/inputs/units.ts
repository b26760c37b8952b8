import type { DescriptorKind } from "../descriptors/index.js";
import { catalogField } from "../descriptors/field-catalog.js";
import type { Unit as FieldUnit } from "../model/vocabulary.js";

/**
 * Units a spreadsheet column may be written in, and how they convert into the unit of the
 * descriptor field (`…Cny` is 元, `…M2` is m², `…Pct` is a number 0–100, `…M` is metres).
 */
export type Dimension = "money" | "area" | "percent" | "length";

export interface Unit {
  /** As it is shown in notices: 万元, 万平方米, %. */
  name: string;
  dimension: Dimension;
  /** Multiply a value in this unit by `factor` to get the descriptor's unit. */
  factor: number;
}

const unit = (name: string, dimension: Dimension, factor: number, ...spellings: string[]): Array<[string, Unit]> =>
  [name, ...spellings].map((spelling) => [spelling.toLowerCase(), { name, dimension, factor }]);

/** Spellings after NFKC (㎡ and m² both become m2) and without spaces, lower-case. */
const units = new Map<string, Unit>([
  ...unit("元", "money", 1, "人民币元", "rmb", "cny", "¥"),
  ...unit("千元", "money", 1_000),
  ...unit("万元", "money", 10_000, "人民币万元", "万"),
  ...unit("百万元", "money", 1_000_000),
  ...unit("亿元", "money", 100_000_000, "亿"),
  ...unit("平方米", "area", 1, "m2", "平米", "平方", "sqm"),
  ...unit("万平方米", "area", 10_000, "万m2", "万平米"),
  ...unit("%", "percent", 1, "百分比"),
  // A percentage kept as a fraction (0.52 for 52%) in cells that are not formatted as percent.
  ...unit("小数", "percent", 100, "fraction"),
  ...unit("米", "length", 1, "m"),
]);

/** The unit a header or note names, or undefined when the text is not a unit. */
export function unitNamed(text: string): Unit | undefined {
  return units.get(text.normalize("NFKC").replace(/\s+/g, "").toLowerCase());
}

/**
 * The units named in a text with other words around them: the inside of a header's brackets
 * (万元，含税; 单位：万元; 人民币千元) or a note's list (人、万元、%). Each distinct unit once, in order.
 */
export function unitsListed(text: string): Unit[] {
  const found: Unit[] = [];
  for (const token of text.normalize("NFKC").split(/[、,;/:()[\]【】\s]+/)) {
    const unit = unitNamed(token) ?? unitNamed(token.replace(/^人民币|人民币$/g, ""));
    if (unit !== undefined && !found.some((seen) => seen.name === unit.name)) found.push(unit);
  }
  return found;
}

/**
 * Whether a text looks like it names a unit szcheck does not know (万美元, 亩, 港币): a column
 * in such a unit is not read as if it were in the descriptor's own.
 */
export function looksLikeUnit(text: string): boolean {
  return /元|币|米|m2|平方|亩|公顷|%/.test(text.normalize("NFKC").toLowerCase());
}

/** Every spelling of a unit, for docs. */
export function unitSpellings(): Array<{ spelling: string; unit: Unit }> {
  return [...units].map(([spelling, value]) => ({ spelling, unit: value }));
}

const dimensions: Partial<Record<FieldUnit, Dimension>> = { cny: "money", m2: "area", pct: "percent", m: "length" };

/** The dimension of a descriptor field, from the unit its schema declares (`unit: cny`). */
export function dimensionOfField(kind: DescriptorKind | undefined, path: readonly string[]): Dimension | undefined {
  const catalogPath = path.map((segment) => (/^\d+$/.test(segment) ? "[]" : segment)).join(".").replaceAll(".[]", "[]");
  for (const candidate of kind === undefined ? (["project", "enterprise"] as const) : [kind]) {
    const unit = catalogField(candidate, catalogPath)?.unit;
    if (unit !== undefined) return dimensions[unit];
  }
  return undefined;
}

/** The descriptor's own unit for a dimension, as notices name it. */
export const baseUnitName: Record<Dimension, string> = { money: "元", area: "平方米", percent: "%", length: "米" };

/**
 * A value times a factor without binary noise (386.702 × 10000 is 3867020, not 3867020.0000000005):
 * 15 significant digits is what a double holds exactly.
 */
export function scaled(value: number, factor: number): number {
  return factor === 1 ? value : Number((value * factor).toPrecision(15));
}
