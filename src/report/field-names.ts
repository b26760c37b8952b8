import { meaningOf } from "../explain/fields.js";
import type { Unit } from "../rules/schema.js";
import type { Lang } from "./model.js";

/**
 * How text a reader sees names a field a rule reads. Chinese text never shows a field path
 * (RULES.md, "Wording of messages"): it gives the field's Chinese name from the field table.
 * English text keeps the path, which is what a filer types. This is the one place that reads
 * the field table for wording; point it at the descriptors' field metadata when they carry it.
 */
export function fieldName(path: string, lang: Lang): string {
  if (lang === "en") return path;
  // A portfolio member's field: "P-8: approval.date".
  const member = /^(.+?): (.+)$/.exec(path);
  if (member !== null) return `${member[1]}：${fieldName(member[2]!, lang)}`;
  const bare = path.replace(/^…/, "");
  const item = /^([A-Za-z]+)\.(\d+)\./.exec(bare);
  const name = shortChineseName(bare);
  if (item !== null && name !== undefined) {
    const list = shortChineseName(item[1]!);
    return `${list ?? item[1]}第 ${Number(item[2]) + 1} 项的${name}`;
  }
  return name ?? path;
}

/** The unit a field's values are in (元 for an amount), when the field table gives one. */
export function fieldUnit(path: string): Unit | undefined {
  return (meaningOf(path, "project") ?? meaningOf(path, "enterprise"))?.unit;
}

/** The field's meaning without its asides: 「是否取得（或计划取得）建筑能效测评标识」 → 是否取得建筑能效测评标识, 「立项/核准/备案日期，决定适用哪些规则」 → 立项/核准/备案日期. */
function shortChineseName(path: string): string | undefined {
  const meaning = meaningOf(path, "project") ?? meaningOf(path, "enterprise");
  if (meaning === undefined) return undefined;
  return meaning.zh.replace(/（[^）]*）/g, "").split(/[，；]/)[0]!.trim();
}
