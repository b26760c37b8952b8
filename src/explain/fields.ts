import { fieldCatalog } from "../descriptors/field-catalog.js";
import type { Unit } from "../model/vocabulary.js";

/**
 * What each field a rule reads means, in Chinese and English, with its unit and a realistic
 * example value: `szcheck explain` names the fields a rule reads with their meaning, and
 * `szcheck init` writes a commented template from it. Record fields come from the descriptor
 * schemas' own declarations; group figures (portfolio rules) are described here.
 */
export interface FieldMeaning {
  zh: string;
  en: string;
  unit?: Unit;
  /** The value `szcheck init` writes; for a list of objects, one object per item. */
  example?: unknown;
}

/** The record fields' meanings, as the descriptor schemas declare them (src/descriptors/field-info.ts). */
function meaningsOf(kind: "project" | "enterprise"): Record<string, FieldMeaning> {
  const table: Record<string, FieldMeaning> = {};
  for (const field of fieldCatalog(kind)) {
    const meaning = field.meaning ?? field.label;
    table[field.path] = { zh: meaning.zh, en: meaning.en, ...(field.unit === undefined ? {} : { unit: field.unit }), ...(field.example === undefined ? {} : { example: field.example }) };
  }
  return table;
}

const tables: Partial<Record<"project" | "enterprise", Record<string, FieldMeaning>>> = {};

/** The fields of a kind of record with their meanings, made when first asked for (not at every start). */
export function fieldMeanings(kind: "project" | "enterprise"): Record<string, FieldMeaning> {
  return (tables[kind] ??= meaningsOf(kind));
}

/** The figures a portfolio rule reads as `group.<name>` (docs/rules.md, "Group figures"). */
export const groupFields: Record<string, FieldMeaning> = {
  "group.key": { zh: "分组键（如 批准年度、重点区域）", en: "the group key (an approval year, a key area)" },
  "group.count": { zh: "已确定的成员数", en: "the number of decided members", unit: "count" },
  "group.matchingCount": { zh: "其中计入分子的成员数", en: "how many of them match", unit: "count" },
  "group.weight": { zh: "已确定成员的权重合计", en: "the total weight of the decided members" },
  "group.matchingWeight": { zh: "计入分子成员的权重合计", en: "the total weight of those that match" },
  "group.sharePct": { zh: "占比 = 100 × 分子权重 ÷ 总权重（%）", en: "share = 100 × matchingWeight ÷ weight (%)", unit: "pct" },
  "group.members": { zh: "已确定成员的编号", en: "ids of the decided members" },
  "group.matching": { zh: "计入分子成员的编号", en: "ids of the members that match" },
  "group.undecided": { zh: "无法确定的成员编号", en: "ids of the members left undecided" },
  "group.sharePctRange": { zh: "无法确定的成员可能带来的占比区间", en: "the lowest and highest share the undecided members allow", unit: "pct" },
};

/**
 * The meaning of a path as a rule reads it: a record field (`approval.date`), a field of the
 * building in scope (`building.green.targetStar`), an item field (`buildings.0.id`) or a group figure.
 */
export function meaningOf(path: string, kind: "project" | "enterprise"): FieldMeaning | undefined {
  if (path.startsWith("group.")) return groupFields[path];
  const table = fieldMeanings(kind);
  const schemaPath = path.replace(/^building\./, "buildings[].").replace(/\.\d+(?=\.|$)/g, "[]");
  return table[schemaPath] ?? table[schemaPath.replace(/\[\]$/, "")];
}
