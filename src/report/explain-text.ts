import type { FigureTrace, MemberExplanation, RuleExplanation, SubjectExplanation, TraceNode } from "../explain/explain-rule.js";
import { formatParamValue, plainLogic, type ParamValue } from "../explain/explain-rule.js";
import { meaningOf } from "../explain/fields.js";
import { operatorOf } from "../rules/logic-shape.js";
import type { Truth } from "../engine/three-valued.js";
import type { Unit } from "../rules/schema.js";
import { formatFigure, formatValue } from "../text/figures.js";
import { outcomeLabel, severityLabel, strengthLabel, subjectLabel } from "./labels.js";
import { displayWidth } from "./rules-text.js";
import type { Lang } from "../model/report.js";

/** `szcheck explain` as text: the rule in plain words, then each subject's trace down to the deciding leaf. */

const words = {
  zh: {
    plain: "规则释义", appliesIf: "适用条件", check: "判定条件", all: "以下全部成立：", any: "以下任一成立：", not: "以下不成立：", ifThen: "条件分支：",
    if: "若", then: "则", else: "否则", fields: "读取的字段", inForce: "生效期", always: "始终有效（无生效期）", from: "自", until: "至", decidedBy: "判定日期取",
    params: "参数", definedIn: "定义于", sourced: "有出处", assumption: "假设", why: "理由", window: "生效期判断", within: "在生效期内", outside: "不在生效期内",
    asOfNote: "（记录无日期，按 --as-of）", read: "读取", sides: ["左边", "右边", "第三项"], missing: "缺少", decides: "◀ 决定结果", outputs: "输出", measure: "度量",
    actual: "实际", required: "要求", gap: "差距", result: "结果", notEvaluated: "（适用条件未成立，未继续计算）", figures: "分组数据", members: "成员",
    status: { "out-of-window": "不在生效期内", "not-a-member": "不是成员", "in-no-group": "不属于任何分组", decided: "已确定", undecided: "无法确定" },
    member: "成员条件", group: "分组", matches: "计入分子", weight: "权重", noSubject: "文件中没有本规则判断的对象", errors: "无效记录",
    decidedByMembers: "（分组因成员无法确定而数据不全）", value: "值", colon: "：", setBy: "取值来自", ruleDefault: "规则默认值",
  },
  en: {
    plain: "In plain words", appliesIf: "applies if", check: "check", all: "all of:", any: "any of:", not: "not:", ifThen: "if/then/else:",
    if: "if", then: "then", else: "else", fields: "fields read", inForce: "In force", always: "always (no effective window)", from: "from", until: "until", decidedBy: "decided by",
    params: "Parameters", definedIn: "defined in", sourced: "sourced", assumption: "assumption", why: "why", window: "window", within: "in force", outside: "outside the period in force",
    asOfNote: " (the record has none: --as-of)", read: "read", sides: ["left side", "right side", "third"], missing: "missing", decides: "◀ decides", outputs: "outputs", measure: "measure",
    actual: "actual", required: "required", gap: "gap", result: "result", notEvaluated: "(appliesIf did not hold: nothing further is computed)", figures: "group figures", members: "Members",
    status: { "out-of-window": "outside the period in force", "not-a-member": "not a member", "in-no-group": "in no group", decided: "decided", undecided: "undecided" },
    member: "member", group: "group", matches: "matches", weight: "weight", noSubject: "the file holds nothing this rule judges", errors: "invalid records",
    decidedByMembers: "(the group is incomplete because some members are undecided)", value: "value", colon: ": ", setBy: "set by", ruleDefault: "the rule's own value:",
  },
} as const;

type Words = (typeof words)[Lang];

export function formatExplanation(explanation: RuleExplanation, lang: Lang): string {
  const w = words[lang];
  const { rule } = explanation;
  const kind = rule.subject === "portfolio" ? "project" : rule.subject === "enterprise" ? "enterprise" : "project";
  const unitOf = (path: string): Unit | undefined => {
    if (path.startsWith("params.")) return explanation.params.find((p) => p.name === path.slice("params.".length))?.unit ?? undefined;
    return meaningOf(path, kind)?.unit;
  };
  const lines: string[] = [];
  lines.push(`${rule.id} — ${rule.title[lang]}`);
  lines.push(`  ${rule.clause} · ${strengthLabel[lang][rule.strength as keyof (typeof strengthLabel)["en"]]} → ${severityLabel[lang][rule.severity as keyof (typeof severityLabel)["en"]]} · ${subjectLabel[lang][rule.subject as keyof (typeof subjectLabel)["en"]]} · ${rule.file}`);
  lines.push(`  ${rule.source}`);

  lines.push("", `${w.plain}:`);
  for (const [name, shown] of Object.entries(rule.logic)) {
    if (name === "appliesIf" || name === "check") lines.push(...outline(shown.logic, name === "appliesIf" ? w.appliesIf : w.check, 1, lang, explanation.params));
    else lines.push(`  ${name}: ${shown.plain[lang]}`);
  }
  if (explanation.fields.length > 0) {
    lines.push(`  ${w.fields}:`);
    for (const field of explanation.fields) lines.push(`    ${field.path} — ${lang === "zh" ? field.zh : `${field.en} (${field.zh.split(/[（(，]/)[0]})`}`);
  }

  lines.push("", `${w.inForce}:`);
  const effective = explanation.effective;
  if (effective === null) lines.push(`  ${w.always}`);
  else {
    const range = [effective.from === null ? "" : `${w.from} ${effective.from}`, effective.until === null ? "" : `${w.until} ${effective.until}`].filter((s) => s !== "").join(" ");
    lines.push(`  ${range}; ${w.decidedBy} ${effective.decidedBy}${effective.source === null ? "" : ` (${effective.source})`}`);
  }

  if (explanation.params.length > 0) {
    lines.push("", `${w.params} (${w.definedIn} ${rule.file}):`);
    for (const param of explanation.params) {
      lines.push(`  ${param.name} = ${formatParamValue(param.value, param.unit ?? undefined, lang)}  [${param.status === "sourced" ? w.sourced : w.assumption}] ${param.source}`);
      if (param.default !== undefined) lines.push(`      ${w.setBy} ${param.definedIn} (${w.ruleDefault} ${formatParamValue(param.default, param.unit ?? undefined, lang)})`);
      if (param.why !== null) lines.push(`      ${w.why}${w.colon}${param.why}`);
    }
  }

  const format = (path: string, value: unknown): string =>
    path.startsWith("params.") ? `${path.slice("params.".length)} = ${formatParamValue(value, unitOf(path), lang)}` : `${path} = ${formatFigure(value, unitOf(path), lang)}`;
  if (explanation.members.length > 0) {
    lines.push("", `${w.members}:`);
    for (const member of explanation.members) lines.push(...memberLines(member, w, lang, format));
  }
  for (const subject of explanation.subjects) lines.push("", ...subjectLines(subject, w, lang, format));
  if (explanation.subjects.length === 0) lines.push("", w.noSubject);
  if (explanation.errors.length > 0) {
    lines.push("", `${w.errors}:`);
    for (const error of explanation.errors) lines.push(`  ${error.file}#${error.pointer}: ${error.message}`);
  }
  return lines.join("\n") + "\n";
}

/** A condition as an outline: and/or/not as headed lists, every other expression one line. */
function outline(logic: unknown, label: string, depth: number, lang: Lang, params: ParamValue[]): string[] {
  const w = words[lang];
  const indent = "  ".repeat(depth);
  const operator = operatorOf(logic);
  if (operator !== "and" && operator !== "or" && operator !== "!") return [`${indent}${label}: ${plainLogic(logic, lang, params)}`];
  const args = (logic as Record<string, unknown>)[operator];
  const parts = Array.isArray(args) ? args : [args];
  const head = operator === "and" ? w.all : operator === "or" ? w.any : w.not;
  const lines = [`${indent}${label} ${head}`];
  for (const part of parts) {
    const nested = operatorOf(part);
    if (nested === "and" || nested === "or" || nested === "!") lines.push(...outline(part, "-", depth + 1, lang, params));
    else lines.push(`${indent}  - ${plainLogic(part, lang, params)}`);
  }
  return lines;
}

const mark = (truth: Truth): string => (truth === true ? "✓" : truth === false ? "✗" : "?");
const truthWord = (truth: Truth, lang: Lang): string => (truth === "unknown" ? (lang === "zh" ? "未知" : "unknown") : lang === "zh" ? (truth ? "成立" : "不成立") : String(truth));

function treeLines(node: TraceNode, depth: number, w: Words, lang: Lang, format: (path: string, value: unknown) => string, label?: string): string[] {
  const indent = "  ".repeat(depth);
  const role = node.role === undefined ? "" : `${w[node.role]}: `;
  const decided = node.decisive && node.parts === undefined ? `  ${w.decides}` : "";
  const lines: string[] = [];
  if (node.parts !== undefined) {
    const operator = operatorOf(node.logic);
    const head = operator === "and" ? w.all : operator === "or" ? w.any : operator === "!" || operator === "!!" ? w.not : w.ifThen;
    lines.push(`${indent}${label === undefined ? "" : `${label} `}${role}${mark(node.truth)} ${head}${node.truth === "unknown" ? ` ${truthWord(node.truth, lang)}` : ""}`);
    for (const part of node.parts) lines.push(...treeLines(part, depth + 1, w, lang, format));
    return lines;
  }
  lines.push(`${indent}${label === undefined ? "" : `${label} `}${role}${mark(node.truth)} ${node.text}${decided}`);
  const detail = `${indent}    `;
  const reads = Object.entries(node.reads ?? {});
  if (reads.length > 0) lines.push(`${detail}${w.read}${w.colon}${reads.map(([path, value]) => format(path, value)).join("; ")}`);
  if (node.operands !== undefined && node.truth !== "unknown") {
    const label = (operand: { side: number; text: string }): string => (operand.text.length <= 40 ? operand.text : (w.sides[operand.side] ?? operand.text));
    lines.push(`${detail}${node.operands.map((operand) => `${label(operand)} = ${formatValue(operand.value, lang)}`).join(" · ")}`);
  } else if (node.truth !== "unknown" && typeof node.value !== "boolean" && node.value !== undefined) {
    lines.push(`${detail}${w.value}${w.colon}${formatValue(node.value, lang)}`);
  }
  if (node.missing.length > 0) lines.push(`${detail}${w.missing}${w.colon}${node.missing.join(", ")}`);
  return lines;
}

function figureLines(figures: FigureTrace[], depth: number, w: Words, lang: Lang, format: (path: string, value: unknown) => string): string[] {
  const indent = "  ".repeat(depth);
  const width = Math.max(...figures.map((f) => displayWidth(labelOf(f.name, w))));
  return figures.flatMap((figure) => {
    const value = figure.missing.length > 0 ? `? (${w.missing} ${figure.missing.join(", ")})` : formatFigure(figure.value, figure.unit ?? undefined, lang);
    const label = labelOf(figure.name, w);
    const lines = [`${indent}${label}${" ".repeat(width - displayWidth(label))}  ${value}   ${figure.text}`];
    const reads = Object.entries(figure.reads);
    if (reads.length > 0) lines.push(`${indent}${" ".repeat(width)}  ${w.read}${w.colon}${reads.map(([path, v]) => format(path, v)).join("; ")}`);
    return lines;
  });
}

function labelOf(name: string, w: Words): string {
  return name === "actual" ? w.actual : name === "required" ? w.required : name === "gap" ? w.gap : name;
}

function subjectLines(explained: SubjectExplanation, w: Words, lang: Lang, format: (path: string, value: unknown) => string): string[] {
  const { subject, result } = explained;
  const where = subject.file === "" ? subject.id : `${subject.file}${subject.pointer === "" ? "" : `#${subject.pointer}`}`;
  const lines = [`${where}  ${subject.name} (${subjectLabel[lang][subject.kind]} ${subject.id})`];
  if (explained.window !== null) {
    const window = explained.window;
    const range = `${window.from ?? "…"} – ${window.until ?? "…"}`;
    lines.push(`  ${w.window}${w.colon}${window.decidedBy} ${window.value}${window.fromAsOf ? w.asOfNote : ""}: ${window.inForce ? w.within : w.outside} (${range})${window.inForce ? "" : `  ${w.decides}`}`);
  }
  if (explained.figures !== undefined) {
    const f = explained.figures;
    const share = f.sharePct === undefined ? "" : ` · sharePct ${formatFigure(f.sharePct, "pct", lang)}`;
    lines.push(`  ${w.figures}${w.colon}count ${f.count} · matchingCount ${f.matchingCount} · weight ${formatValue(f.weight, lang)} · matchingWeight ${formatValue(f.matchingWeight, lang)}${share}`);
    if (f.matching.length > 0) lines.push(`    matching: ${f.matching.join(", ")}`);
    if (f.undecided.length > 0) lines.push(`    undecided: ${f.undecided.join(", ")}`);
  }
  if (explained.appliesIf !== null) lines.push(...treeLines(explained.appliesIf, 1, w, lang, format, w.appliesIf));
  if (explained.decidedBy === "appliesIf") lines.push(`  ${w.notEvaluated}`);
  if (explained.outputs.length > 0) lines.push(`  ${w.outputs}:`, ...figureLines(explained.outputs, 2, w, lang, format));
  if (explained.measure.length > 0) lines.push(`  ${w.measure}:`, ...figureLines(explained.measure, 2, w, lang, format));
  if (explained.check !== null) lines.push(...treeLines(explained.check, 1, w, lang, format, w.check));
  if (explained.decidedBy === "members") lines.push(`  ${w.decidedByMembers}`);
  const finding = result.outcome === "fail" || result.outcome === "incomplete";
  const label = `${outcomeLabel[lang][result.outcome]}${finding ? ` (${severityLabel[lang][result.severity]})` : ""}`;
  // "not applicable: …" and "incomplete: …" messages name their outcome already.
  const named = result.message.toLowerCase().startsWith(outcomeLabel[lang][result.outcome].toLowerCase());
  const message = named ? result.message.slice(outcomeLabel[lang][result.outcome].length).replace(/^[:：，,]\s*/, "") : result.message;
  lines.push(`  ⇒ ${label}${lang === "zh" ? "：" : ": "}${message}`);
  if (result.missing.length > 0) lines.push(`    ${w.missing}${w.colon}${result.missing.join(", ")}`);
  return lines;
}

function memberLines(member: MemberExplanation, w: Words, lang: Lang, format: (path: string, value: unknown) => string): string[] {
  const { subject } = member;
  const key = member.groupBy !== null && member.groupBy.missing.length === 0 ? ` · ${w.group} ${formatValue(member.groupBy.value, lang)}` : "";
  const lines = [`  ${subject.id}  ${subject.name}  (${subject.file}#${subject.pointer}) — ${w.status[member.status]}${key}`];
  if (member.status === "out-of-window") {
    lines.push(`    ${w.window}${w.colon}${member.window.decidedBy} ${member.window.value}${member.window.fromAsOf ? w.asOfNote : ""} ${w.outside}`);
    return lines;
  }
  if (member.member !== null) lines.push(...treeLines(member.member, 2, w, lang, format, w.member));
  if (member.groupBy !== null) lines.push(...figureLines([{ ...member.groupBy, name: w.group }], 2, w, lang, format));
  if (member.matches !== null) lines.push(...treeLines(member.matches, 2, w, lang, format, w.matches));
  if (member.weight !== null) lines.push(...figureLines([{ ...member.weight, name: w.weight }], 2, w, lang, format));
  return lines;
}
