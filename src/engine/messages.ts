import { ownValueAt } from "../own-properties.js";
import type { LoadedRule } from "../rules/load.js";
import type { Bilingual, Unit } from "../rules/schema.js";
import { formatFigure, formatValue } from "../report/figures.js";
import type { Lang, Measure } from "../report/model.js";
import type { Window } from "./evaluate-rule.js";

export interface MessageContext {
  rule: LoadedRule;
  scope: Record<string, unknown>;
  measure: Measure | null;
  outputs: Record<string, unknown> | null;
  lang: Lang;
}

/**
 * Fills a message template: {actual}, {required}, {gap}, {outputs.name}, {params.name} and any
 * field the rule can read ({revenueCny}, {building.id}), each formatted with its unit.
 */
export function renderMessage(template: Bilingual | undefined, context: MessageContext): string {
  if (template === undefined) return "";
  return template[context.lang].replace(/\{([A-Za-z0-9_.]+)\}/g, (whole, name: string) => {
    const [value, unit] = lookup(name, context);
    return value === undefined ? whole : formatFigure(value, unit, context.lang);
  });
}

function lookup(name: string, context: MessageContext): [unknown, Unit | undefined] {
  const { measure, rule } = context;
  if (name === "actual" || name === "required" || name === "gap") {
    if (measure === null) return [undefined, undefined];
    return [measure[name], name === "gap" ? measure.gapUnit : measure.unit];
  }
  if (name.startsWith("outputs.")) {
    const key = name.slice("outputs.".length);
    return [context.outputs?.[key], rule.definition.outputs?.[key]?.unit];
  }
  if (name.startsWith("params.")) {
    const param = rule.definition.params[name.slice("params.".length)];
    return [param?.value, param?.unit];
  }
  // A field the record lacks reads "(none)" rather than leaving the placeholder in the sentence.
  return [ownValueAt(context.scope, name) ?? null, undefined];
}


export function windowMessage(window: Window, lang: Lang): string {
  const range = `${window.from ?? "…"} – ${window.until ?? "…"}`;
  const basis = window.fromAsOf ? (lang === "zh" ? "（记录无日期，按 --as-of）" : " (the record has none: --as-of)") : "";
  return lang === "zh"
    ? `不适用：${window.decidedBy} ${formatValue(window.value, lang)}${basis} 不在本条生效期 ${range} 内`
    : `not applicable: ${window.decidedBy} ${window.value}${basis} is outside the period in force, ${range}`;
}
