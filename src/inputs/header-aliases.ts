import { fieldCatalog, type CatalogField } from "../descriptors/field-catalog.js";

/**
 * Chinese column headers accepted in CSV and XLSX files, and what field each names, made from
 * the labels and aliases the descriptor schemas declare (src/descriptors/project.ts,
 * enterprise.ts). A header may also be the dotted path itself (`bim.applied`,
 * `buildings.0.floorAreaM2`), or a path whose segments are Chinese (`单体.0.建筑面积`).
 */
export const headerAliases: Record<string, string> = {};

/** Chinese names of path segments, for headers such as 单体.0.建筑面积 or 责任主体.1.项目负责人. */
export const segmentAliases: Record<string, string> = {};

const namesOf = (field: CatalogField): string[] => {
  const names = [field.label.zh, ...(field.aliases ?? [])];
  // An amount's header often says its unit: 总投资（元）.
  return field.unit === "cny" ? [...names, ...names.map((name) => `${name}（元）`)] : names;
};

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
