import { chineseLabelOf } from "../descriptors/index.js";
import type { Unit } from "../model/vocabulary.js";
import type { Lang, Measure } from "../model/report.js";

/** 1234567.891 → "1,234,567.89" for 2 digits; hand-written because Intl formatting is slow per call. */
export function grouped(value: number, digits: number): string {
  // toFixed gives exponent notation from 1e21 on (1e+308), which has no digits to group.
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return String(value);
  const fixed = Math.abs(value).toFixed(digits);
  const point = fixed.indexOf(".");
  const whole = point === -1 ? fixed : fixed.slice(0, point);
  const fraction = point === -1 ? undefined : fixed.slice(point + 1);
  const sign = value < 0 && Number(fixed) !== 0 ? "-" : "";
  if (whole.length <= 3) return sign + fixed;
  let out = "";
  for (let i = whole.length; i > 0; i -= 3) out = whole.slice(Math.max(0, i - 3), i) + (out === "" ? "" : "," + out);
  return sign + out + (fraction === undefined ? "" : "." + fraction);
}

const wholeOrTwo = (value: number): number => (Number.isInteger(value) ? 0 : 2);

/** Up to `digits` decimals (two by default), none when they are zeros: 100, 16.67, 10.8. */
function upTo(value: number, digits = 2): string {
  const text = grouped(value, digits);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** 国家 star levels as Shenzhen documents write them: 基本级, 一星级, 二星级, 三星级. */
const starLevelZh = ["基本级", "一星级", "二星级", "三星级"];

/**
 * A figure as a reader expects it: 3%, 16.67%, 3.33个百分点, 1,600,000元 (¥1,600,000 in
 * English), 20,000 m², 二星级 (2 stars). Chinese text writes amounts in 元 only, never ¥.
 */
export function formatFigure(value: unknown, unit: Unit | undefined, lang: Lang, digits?: number): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return formatValue(value, lang);
  switch (unit) {
    case "pct":
      return `${upTo(value, digits)}%`;
    case "pp":
      return lang === "zh" ? `${upTo(value, digits)}个百分点` : `${upTo(value, digits)} percentage point${value === 1 ? "" : "s"}`;
    case "cny": {
      const amount = digits !== undefined ? upTo(Math.abs(value), digits) : grouped(Math.abs(value), wholeOrTwo(Math.round(Math.abs(value) * 100) / 100));
      const sign = value < 0 ? "-" : "";
      return lang === "zh" ? `${sign}${amount}元` : `${sign}¥${amount}`;
    }
    case "m2":
      return `${upTo(value, digits)} m²`;
    case "m":
      return `${upTo(value, digits)} m`;
    case "star":
      if (lang === "zh") return starLevelZh[value] ?? `${value}星级`;
      return value === 0 ? "the basic level (0 stars)" : `${value} star${value === 1 ? "" : "s"}`;
    case "stars":
      return lang === "zh" ? `${value}个星级` : `${value} star level${value === 1 ? "" : "s"}`;
    case "year":
      return String(value);
    case "ratio":
      return grouped(value, Math.max(4, digits ?? 0));
    case "tco2":
      return `${grouped(value, Math.max(4, digits ?? 0))} tCO₂/万元`;
    default:
      return formatPlainNumber(value);
  }
}

/**
 * Any other value: enum values in Chinese for zh, lists joined, booleans as words. A value the
 * record does not give reads 未填报 / "not stated" (a fact about the filing, not a placeholder).
 */
export function formatValue(value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return lang === "zh" ? "未填报" : "not stated";
  if (typeof value === "boolean") return lang === "zh" ? (value ? "是" : "否") : value ? "yes" : "no";
  if (typeof value === "number") return formatPlainNumber(value);
  if (typeof value === "string") return lang === "zh" ? chineseLabelOf(value) : value;
  if (Array.isArray(value)) return value.length === 0 ? (lang === "zh" ? "无" : "none") : value.map((item) => formatValue(item, lang)).join(lang === "zh" ? "、" : ", ");
  return JSON.stringify(value);
}

/** A number without a unit: years and small counts ungrouped (2023, not 2,023); up to 4 decimals. */
function formatPlainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 10000) return String(value);
  return grouped(value, 4).replace(/0+$/, "").replace(/\.$/, "");
}

/** The most decimals a figure is given to keep it apart from the one it is compared with. */
const MAX_DIGITS = 8;

/**
 * A measure's figures as its messages print them: the actual figure with as many decimals as it
 * takes to differ from the required one when they differ (2.99999% is not "3%" beside a 3%
 * requirement), and a gap that is not zero printed as more than "0".
 */
export function measureFigures(measure: Measure, lang: Lang): { actual: string; required: string; gap: string } {
  const required = formatFigure(measure.required, measure.unit, lang);
  const apart = (value: number | null, unit: Unit, from: number | null, fromText: string): string => {
    let text = formatFigure(value, unit, lang);
    if (typeof value !== "number" || !Number.isFinite(value) || value === from) return text;
    for (let digits = 3; text === fromText && digits <= MAX_DIGITS; digits++) text = formatFigure(value, unit, lang, digits);
    return text;
  };
  return {
    actual: apart(measure.actual, measure.unit, measure.required, required),
    required,
    gap: apart(measure.gap, measure.gapUnit, 0, formatFigure(0, measure.gapUnit, lang)),
  };
}

/** 「实际 2.99999% · 要求 3% · 差距 0.00001个百分点」: a failing measure in one line. */
export function measureSummary(measure: Measure, lang: Lang): string {
  const { actual, required, gap } = measureFigures(measure, lang);
  return lang === "zh" ? `实际 ${actual} · 要求 ${required} · 差距 ${gap}` : `actual ${actual} · required ${required} · gap ${gap}`;
}
