import { chineseLabelOf } from "../descriptors/index.js";
import type { Unit } from "../model/vocabulary.js";
import type { Lang } from "../model/report.js";

/** 1234567.891 → "1,234,567.89" for 2 digits; hand-written because Intl formatting is slow per call. */
export function grouped(value: number, digits: number): string {
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

/** A figure as a reader expects it: 3.00%, ¥9,000,000, 20,000 m², 2 stars (2星). */
export function formatFigure(value: unknown, unit: Unit | undefined, lang: Lang): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return formatValue(value, lang);
  switch (unit) {
    case "pct":
      return `${grouped(value, 2)}%`;
    case "cny":
      return `${value < 0 ? "-" : ""}¥${grouped(Math.abs(value), wholeOrTwo(Math.round(Math.abs(value) * 100) / 100))}`;
    case "m2":
      return `${grouped(value, wholeOrTwo(value))} m²`;
    case "m":
      return `${grouped(value, wholeOrTwo(value))} m`;
    case "star":
      return lang === "zh" ? `${value}星` : `${value} star${value === 1 ? "" : "s"}`;
    case "year":
      return String(value);
    case "ratio":
      return grouped(value, 4);
    case "tco2":
      return `${grouped(value, 4)} tCO₂/万元`;
    default:
      return formatPlainNumber(value);
  }
}

/** Any other value: enum values in Chinese for zh, lists joined, booleans as words. */
export function formatValue(value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return lang === "zh" ? "（无）" : "(none)";
  if (typeof value === "boolean") return lang === "zh" ? (value ? "是" : "否") : value ? "yes" : "no";
  if (typeof value === "number") return formatPlainNumber(value);
  if (typeof value === "string") return lang === "zh" ? chineseLabelOf(value) : value;
  if (Array.isArray(value)) return value.length === 0 ? formatValue(null, lang) : value.map((item) => formatValue(item, lang)).join(lang === "zh" ? "、" : ", ");
  return JSON.stringify(value);
}

/** A number without a unit: years and small counts ungrouped (2023, not 2,023); up to 4 decimals. */
function formatPlainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 10000) return String(value);
  return grouped(value, 4).replace(/0+$/, "").replace(/\.$/, "");
}
