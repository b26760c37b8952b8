import { catalogField } from "../descriptors/field-catalog.js";
import { measureFigures } from "../text/figures.js";
import type { Lang, Result } from "../model/report.js";

/** How a result reads to a person: fields by name, figures with units, assumptions by their reason. */

/**
 * A field as a reader names it: 是否采用装配式建筑 rather than `building.prefab.adopted`, from the
 * label the descriptor schema declares for it (the one place reports look field names up). A
 * path with no declared field stays a path.
 */
export function fieldName(path: string, kind: Result["subject"]["kind"], lang: Lang): string {
  const member = /^([^:\s]+): (.+)$/.exec(path);
  if (member !== null) {
    // A portfolio member's field: "914403…: qualifications".
    const name = fieldName(member[2]!, kind === "portfolio" ? "enterprise" : kind, lang);
    return lang === "zh" ? `${member[1]} 的${name}` : `${name} of ${member[1]}`;
  }
  const schemaPath = path.replace(/^building\./, "buildings[].").replace(/\.\d+(?=\.|$)/g, "[]");
  const kinds: Array<"project" | "enterprise"> = kind === "enterprise" ? ["enterprise"] : kind === "portfolio" ? ["enterprise", "project"] : ["project"];
  for (const of of kinds) {
    const field = catalogField(of, schemaPath) ?? catalogField(of, schemaPath.replace(/\[\]$/, ""));
    if (field !== undefined) return field.label[lang];
  }
  return path;
}

/** The fields a result needed and did not find, by name. */
export function missingNames(result: Result, lang: Lang): string[] {
  return result.missing.map((path) => fieldName(path, result.subject.kind, lang));
}

/** The result's message with every missing field's path replaced by its name (「缺少 building.energyLabel」 → 「缺少 是否取得建筑能效测评标识」). */
export function readableMessage(result: Result, lang: Lang): string {
  if (result.missing.length === 0) return result.message;
  let message = result.message;
  // Longest first, so that `a.b.c` is not half-replaced by `a.b`.
  const paths = [...result.missing].sort((a, b) => b.length - a.length);
  for (const path of paths) message = message.split(path).join(fieldName(path, result.subject.kind, lang));
  return message;
}

/** The assumptions a result rests on, as sentences: each parameter's reason, not its name. */
export function assumptionsText(result: Result, lang: Lang): string {
  return result.assumptions.map((assumption) => (assumption.why.trim() === "" ? `${assumption.param} = ${JSON.stringify(assumption.value)}` : assumption.why.trim())).join(lang === "zh" ? "；" : "; ");
}

/**
 * The figures of a result as a reader wants them: actual, required, and the gap of a failure.
 * A figure that is unknown is left out (never 「要求 （无）」), and so is a gap of zero (a
 * failure with no measurable shortfall, such as a building that is not prefabricated at all).
 */
export function measureTexts(result: Result, lang: Lang): { actual: string | null; required: string | null; gap: string | null } {
  const measure = result.measure;
  if (measure === null) return { actual: null, required: null, gap: null };
  const figures = measureFigures(measure, lang);
  const known = (value: number | null): boolean => value !== null && Number.isFinite(value);
  return {
    actual: known(measure.actual) ? figures.actual : null,
    required: known(measure.required) ? figures.required : null,
    gap: result.outcome === "fail" && measure.gap !== null && measure.gap > 0 ? figures.gap : null,
  };
}

/**
 * A portfolio group as a reader names it: its key (an approval year, a key area), 全部记录 for the
 * whole batch, and 无法分组 for members whose group is unknown (the engine's "?" group).
 */
export function portfolioGroupLabel(key: string | null, lang: Lang): string {
  if (key === null) return lang === "zh" ? "全部记录" : "whole batch";
  if (key === "?") return lang === "zh" ? "无法分组（分组所需数据不全）" : "group unknown (data missing)";
  return key;
}
