import { editDistance } from "../did-you-mean.js";
import { fieldNames } from "./field-types.js";
import { computedHeaders, headerTables, setAsideHeaders } from "./header-aliases.js";
import { looksLikeUnit, unitNamed, unitsListed, type Unit } from "./units.js";

/** What a column header was read as. */
export type HeaderMatch =
  | { role: "field"; path: string[]; unit: Unit | undefined; unitText: string | undefined; unknownUnit?: string }
  | { role: "ignored" }
  | { role: "computed"; of: "rdIntensityPct"; unit: Unit | undefined }
  | { role: "party"; partyRole: string }
  | { role: "unknown" };

/**
 * A header as it is compared: NFKC (full-width brackets, digits and letters to half-width; ㎡
 * and m² to m2), without spaces or line breaks, Latin letters lower-case.
 */
export function normaliseHeader(text: string): string {
  return text.replace(/^\uFEFF/, "").normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

interface Lookups {
  index: Map<string, string>;
  segments: Map<string, string>;
  ignored: Set<string>;
  computed: Map<string, (typeof computedHeaders)[string]>;
  parties: Map<string, string>;
  /** Field names as the descriptors spell them, by their lower-case form (headers are compared lower-case). */
  fieldCase: Map<string, string>;
}
let made: Lookups | undefined;

/** The normalised lookups, made when the first header is read (never, in a check of JSON files). */
function lookups(): Lookups {
  if (made !== undefined) return made;
  const { headerAliases, segmentAliases, partyHeaders } = headerTables();
  made = {
    index: new Map(Object.entries(headerAliases).map(([label, path]) => [normaliseHeader(label), path])),
    segments: new Map(Object.entries(segmentAliases).map(([label, path]) => [normaliseHeader(label), path])),
    ignored: new Set(setAsideHeaders.map(normaliseHeader)),
    computed: new Map(Object.entries(computedHeaders).map(([label, value]) => [normaliseHeader(label), value])),
    parties: new Map(Object.entries(partyHeaders).map(([label, role]) => [normaliseHeader(label), role])),
    fieldCase: new Map(fieldNames().map((name) => [name.toLowerCase(), name])),
  };
  return made;
}

/** A trailing unit in brackets or after a slash: 营业收入(万元), 营业收入/万元, 装配率%. */
const TRAILING_UNIT = /^(.+?)(?:\(([^()]*)\)|\[([^[\]]*)\]|【([^【】]*)】|\/([^/]+)|(%))$/;

/** Words in a header's brackets that make the column a part of the field's figure, or another period's. */
const PART_OF = /其中|地上|地下|市外|市内|境外|境内|省外|省内|上年|去年|前年|上期|同期|计划|预计|累计|新增|部分|年初/;

/** Whether a header label names a part of a figure (其中：财政资金, 地上), not the figure. */
export function namesPart(label: string): boolean {
  return PART_OF.test(normaliseHeader(label));
}

/** Reads a header: a known label (with its unit, if it names one), a set-aside column, or unknown. */
export function matchHeader(header: string): HeaderMatch {
  const text = normaliseHeader(header);
  if (text === "") return { role: "unknown" };
  const whole = labelled(text);
  if (whole !== undefined) return whole;
  const split = TRAILING_UNIT.exec(text);
  if (split === null) return unitAfterLabel(text) ?? { role: "unknown" };
  const base = split[1] as string;
  const inside = split.slice(2).find((part) => part !== undefined) ?? "";
  const unit = unitInBrackets(inside);
  // 建筑面积（地上）, 营业收入（市外）, 总投资（其中：财政资金）: a part of the figure is not the figure.
  if (PART_OF.test(inside)) return { role: "unknown" };
  const found = labelled(base, unit, unit === undefined ? undefined : inside);
  // 总投资（万美元）, 营业收入（万元/千元）: a unit szcheck cannot convert is not read as the field's own.
  if (found?.role === "field" && unit === undefined && looksLikeUnit(inside)) return { ...found, unknownUnit: inside };
  return found ?? { role: "unknown" };
}

/**
 * A known label followed by a unit without brackets (总投资 万元 on two lines of one cell, read as
 * 总投资万元): the label must be a field's for the unit to be taken off.
 */
function unitAfterLabel(text: string): HeaderMatch | undefined {
  for (let cut = text.length - 1; cut > 0; cut--) {
    const unit = unitNamed(text.slice(cut));
    if (unit === undefined) continue;
    const found = labelled(text.slice(0, cut), unit, text.slice(cut));
    if (found?.role === "field") return found;
  }
  return undefined;
}

/** The one unit a header's brackets name, alone (万元) or among other words (单位：万元; 万元，含税; 人民币千元). */
function unitInBrackets(inside: string): Unit | undefined {
  const listed = unitsListed(inside);
  return unitNamed(inside) ?? (listed.length === 1 ? listed[0] : undefined);
}

/**
 * The unit one label of a several-row header carries: a unit alone (万元 in a row of units) or
 * in trailing brackets (经营情况（万元） over 营业收入; 金额（万元） under 研发投入).
 */
export function unitOfLabel(label: string): Unit | undefined {
  const text = normaliseHeader(label);
  const alone = unitNamed(text);
  if (alone !== undefined) return alone;
  const split = TRAILING_UNIT.exec(text);
  return split === null ? undefined : unitInBrackets(split.slice(2).find((part) => part !== undefined) ?? "");
}

function labelled(text: string, unit?: Unit, unitText?: string): HeaderMatch | undefined {
  const { ignored, computed, parties, index } = lookups();
  if (ignored.has(text)) return { role: "ignored" };
  const sum = computed.get(text);
  if (sum !== undefined) return { role: "computed", of: sum.of, unit };
  const party = parties.get(text);
  if (party !== undefined) return { role: "party", partyRole: party };
  const aliased = index.get(text);
  if (aliased !== undefined) return { role: "field", path: aliased.split("."), unit, unitText };
  const path = dottedPath(text);
  return path === undefined ? undefined : { role: "field", path, unit, unitText };
}

/** A dotted path (bim.applied) or a path with Chinese segments (单体.0.建筑面积). */
function dottedPath(text: string): string[] | undefined {
  const { segments, fieldCase } = lookups();
  const parts = text.split(".");
  const path = parts.map((part) => segments.get(part) ?? fieldCase.get(part) ?? part);
  if (path.some((part) => !/^([a-z][a-z0-9]*|\d+)$/i.test(part))) return undefined;
  if (!fieldCase.has(parts[0]!) && !segments.has(parts[0]!)) return undefined;
  return path;
}

/** Whether a cell reads as a header szcheck knows (used to find the header row). */
export function isKnownHeader(text: string): boolean {
  return matchHeader(text).role !== "unknown";
}

/** The known labels closest to an unknown header, with their fields (for `szcheck map`'s comments). */
export function nearestLabels(header: string, count = 3): Array<{ label: string; field: string }> {
  const text = normaliseHeader(header).replace(TRAILING_UNIT, "$1");
  const scored = Object.entries(headerTables().headerAliases).map(([label, field]) => {
    const known = normaliseHeader(label);
    const distance = known.includes(text) || text.includes(known) ? Math.abs(known.length - text.length) * 0.1 : editDistance(known, text);
    return { label, field, distance };
  });
  const seen = new Set<string>();
  return scored
    .filter((entry) => entry.distance <= Math.max(1, Math.floor(text.length / 2)))
    .sort((a, b) => a.distance - b.distance)
    .filter((entry) => !seen.has(entry.field) && seen.add(entry.field))
    .slice(0, count)
    .map(({ label, field }) => ({ label, field }));
}
