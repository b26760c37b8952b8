import { fieldCatalog, type CatalogField } from "../descriptors/field-catalog.js";

/** The header tables made from the descriptor schemas' labels and aliases. */
export interface HeaderTables {
  /**
   * Chinese column headers accepted in CSV and XLSX files, and what field each names, made from
   * the labels and aliases the descriptor schemas declare (src/descriptors/project.ts,
   * enterprise.ts). A header may also be the dotted path itself (`bim.applied`,
   * `buildings.0.floorAreaM2`), or a path whose segments are Chinese (`单体.0.建筑面积`).
   */
  headerAliases: Record<string, string>;
  /** Chinese names of path segments, for headers such as 单体.0.建筑面积 or 责任主体.1.项目负责人. */
  segmentAliases: Record<string, string>;
  /**
   * A column of one responsible party's unit (建设单位, 施工单位 as an approval platform exports them):
   * the header is a label of `parties[].role`, the cell the unit's name. Each such column is read as
   * one entry of `parties` with that role.
   */
  partyHeaders: Record<string, string>;
}

// A header's unit (总投资（元）, 营业收入（万元）) is read by the matcher, so the names here carry none.
const namesOf = (field: CatalogField): string[] => [field.label.zh, ...(field.aliases ?? [])];

let tables: HeaderTables | undefined;

/**
 * The header tables, made the first time a spreadsheet's header is read: they walk the
 * descriptors' JSON Schema, which a check of JSON or YAML files never needs (start-up time).
 */
export function headerTables(): HeaderTables {
  if (tables !== undefined) return tables;
  const headerAliases: Record<string, string> = {};
  const segmentAliases: Record<string, string> = {};
  for (const kind of ["project", "enterprise"] as const) {
    for (const field of fieldCatalog(kind)) {
      const segments = field.path.split(".");
      const nested = segments.length > 1;
      const container = field.types.includes("array") || field.types.includes("object");
      if (!field.path.includes("[]")) for (const name of namesOf(field)) headerAliases[name] ??= field.path;
      if (nested || container) {
        const segment = (segments.at(-1) as string).replace(/\[\]$/, "");
        for (const name of namesOf(field)) segmentAliases[name] ??= segment;
      }
    }
  }
  // A flat project row (an approval-platform export) has building fields without a 单体 segment:
  // 建筑面积, 装配率, 绿色建筑星级 name the project's one building.
  for (const field of fieldCatalog("project")) {
    const building = /^buildings\[\]\.([^[\]]+)$/.exec(field.path);
    if (building === null || field.types.includes("object")) continue;
    for (const name of namesOf(field)) headerAliases[name] ??= `buildings.0.${building[1]}`;
  }
  const partyHeaders: Record<string, string> = {};
  for (const choice of fieldCatalog("project").find((field) => field.path === "parties[].role")?.choices ?? []) {
    if (!/\p{Script=Han}/u.test(choice)) continue;
    for (const header of [choice, `${choice}名称`]) partyHeaders[header] = choice;
  }
  tables = { headerAliases, segmentAliases, partyHeaders };
  return tables;
}

/** Columns set aside quietly: they hold nothing a rule reads (a row number, a remark). */
export const setAsideHeaders = ["序号", "行号", "备注", "说明", "备注说明", "联系人", "联系电话"];

/**
 * Columns that repeat a figure szcheck computes itself: set aside, and compared with szcheck's
 * own figure (a disagreement is a warning naming the rows).
 */
export const computedHeaders: Record<string, { of: "rdIntensityPct"; label: string }> = {
  研发投入强度: { of: "rdIntensityPct", label: "研发投入 ÷ 营业收入 × 100" },
  研发投入占营业收入比例: { of: "rdIntensityPct", label: "研发投入 ÷ 营业收入 × 100" },
  研发投入占比: { of: "rdIntensityPct", label: "研发投入 ÷ 营业收入 × 100" },
};
