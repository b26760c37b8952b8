import type { FieldInfo } from "../descriptors/field-info.js";
import { fieldInfoAt } from "../descriptors/field-infos.js";
import type { Lang, Unit } from "../model/vocabulary.js";

/**
 * How text a reader sees names a field a rule reads. Chinese text never shows a field path
 * (RULES.md, "Wording of messages"): it gives the field's Chinese label, as the descriptor
 * schema declares it (src/descriptors/field-info.ts). English text keeps the path, which is
 * what a filer types. Group figures of a portfolio rule have Chinese names here.
 */
export function fieldName(path: string, lang: Lang): string {
  if (lang === "en") return path;
  // A portfolio member's field: "P-8: approval.date".
  const member = /^(.+?): (.+)$/.exec(path);
  if (member !== null) return `${member[1]}：${fieldName(member[2]!, lang)}`;
  const bare = path.replace(/^…/, "");
  const name = groupFigureNames[bare] ?? fieldOf(bare)?.label.zh;
  if (name === undefined) return path;
  // An item of a list: parties.3.commitmentFiled → 责任主体第 4 项的承诺书已备案.
  const item = /^([A-Za-z]+)\.(\d+)\./.exec(bare);
  if (item === null) return name;
  return `${fieldOf(item[1]!)?.label.zh ?? item[1]}第 ${Number(item[2]) + 1} 项的${name}`;
}

/** The unit a field's values are in (元 for an amount, m² for an area), as the schema declares it. */
export function fieldUnit(path: string): Unit | undefined {
  return fieldOf(path)?.unit;
}

/** A path as a rule reads it (`building.x`, `parties.0.role`) in the catalog's form (`buildings[].x`), of a project or an enterprise. */
function fieldOf(path: string): FieldInfo | undefined {
  const catalogPath = path.replace(/^building\./, "buildings[].").replace(/\.\d+(?=\.|$)/g, "[]");
  return fieldInfoAt("project", catalogPath) ?? fieldInfoAt("enterprise", catalogPath);
}

const groupFigureNames: Record<string, string> = {
  "group.key": "分组键",
  "group.count": "成员数",
  "group.matchingCount": "计入分子的成员数",
  "group.weight": "权重合计",
  "group.matchingWeight": "计入分子的权重合计",
  "group.sharePct": "占比",
  "group.members": "成员",
  "group.matching": "计入分子的成员",
  "group.undecided": "无法确定的成员",
  "group.sharePctRange": "占比区间",
};
