import { ownValueAt } from "../own-properties.js";
import type { LoadedRule } from "../rules/load.js";
import type { Bilingual, Unit } from "../rules/schema.js";
import { fieldName, fieldUnit } from "../text/field-names.js";
import { formatFigure, formatValue, measureFigures } from "../text/figures.js";
import type { Lang, Measure } from "../model/report.js";
import { partsOf } from "./operations.js";

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
  const pieces = piecesOf(template[context.lang]);
  // Even pieces are text, odd ones placeholder names: what `replace` with PLACEHOLDER would give.
  let text = pieces[0]!;
  let figures: ReturnType<typeof measureFigures> | undefined;
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i]!;
    if ((name === "actual" || name === "required" || name === "gap") && context.measure !== null) {
      figures ??= measureFigures(context.measure, context.lang);
      text += figures[name] + pieces[i + 1]!;
      continue;
    }
    const [value, unit] = lookup(name, context);
    text += (value === undefined ? `{${name}}` : formatFigure(value, unit, context.lang)) + pieces[i + 1]!;
  }
  return text;
}

const PLACEHOLDER = /\{([A-Za-z0-9_.]+)\}/g;

/** Templates split once at their placeholders: text, name, text, …, text. */
const templatePieces = new Map<string, string[]>();
const MAX_CACHED_TEMPLATES = 10_000;

function piecesOf(template: string): string[] {
  let pieces = templatePieces.get(template);
  if (pieces === undefined) {
    pieces = [];
    let last = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      pieces.push(template.slice(last, match.index), match[1]!);
      last = match.index + match[0].length;
    }
    pieces.push(template.slice(last));
    if (templatePieces.size < MAX_CACHED_TEMPLATES) templatePieces.set(template, pieces);
  }
  return pieces;
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
  // A field the record lacks reads 未填报 / "not stated" rather than leaving the placeholder in
  // the sentence; an amount is in 元, an area in m², as the field table says.
  return [ownValueAt(context.scope, partsOf(name)) ?? null, fieldUnit(name)];
}



/** A rule's effective window as it applied to one subject. */
export interface Window {
  inForce: boolean;
  decidedBy: string;
  value: string;
  from: string | undefined;
  until: string | undefined;
  /** The record had no date of its own, so --as-of decided. */
  fromAsOf: boolean;
}

export function windowMessage(window: Window, lang: Lang): string {
  const range = `${window.from ?? "…"} – ${window.until ?? "…"}`;
  if (window.fromAsOf) {
    return lang === "zh"
      ? `不适用：记录未填${fieldName(window.decidedBy, lang)}，按 --as-of ${window.value} 判断，不在本条生效期 ${range} 内`
      : `not applicable: the record gives no ${window.decidedBy}; judged at --as-of ${window.value}, outside the period in force, ${range}`;
  }
  return lang === "zh"
    ? `不适用：${fieldName(window.decidedBy, lang)} ${formatValue(window.value, lang)} 不在本条生效期 ${range} 内`
    : `not applicable: ${window.decidedBy} ${window.value} is outside the period in force, ${range}`;
}
