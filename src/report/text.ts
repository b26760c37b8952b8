import { Chalk, type ChalkInstance } from "chalk";
import { printableLine } from "../text/printable.js";
import type { LoadedRule } from "../rules/load.js";
import type { Severity } from "../rules/schema.js";
import { fieldName } from "../text/field-names.js";
import { formatValue, measureSummary } from "../text/figures.js";
import { intakeLines } from "./intake-text.js";
import { outcomeLabel, severityLabel, subjectLabel } from "./labels.js";
import type { Lang, Report, Result, WaiverNotice } from "../model/report.js";
import { baselineCounts, buildingId, fileAndLine, groupByRecord, outcomeRank, recordId, recordName, recordPointer, severityRank, whereOf, whereOfError } from "./view.js";

export interface TextOptions {
  rules: LoadedRule[];
  color: boolean;
  /** Failures only. */
  quiet?: boolean;
}

const icon: Record<Severity, string> = { error: "✖", warning: "⚠", info: "ℹ" };

/**
 * The report for a person at a terminal: findings grouped by record, each with severity,
 * rule, clause, message, the figures read, the gap, and a fix; then a one-line summary.
 */
export function formatText(report: Report, options: TextOptions): string {
  return [...textPieces(report, options)].join("");
}

/** The text report a record at a time (each piece ends with a newline), for batches too large for one string. */
export function* textPieces(report: Report, options: TextOptions): Generator<string> {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lang = report.lang;
  const rules = new Map(options.rules.map((rule) => [rule.definition.id, rule]));
  let lines: string[] = [];
  const piece = (): string => {
    // Each line made printable (a value's newline or ESC shown as \n, \u001b), keeping only the report's own colours.
    const text = lines.length === 0 ? "" : lines.map((line) => printableLine(line, options.color)).join("\n") + "\n";
    lines = [];
    return text;
  };

  lines.push(...intakeLines(report, c));
  for (const group of groupByRecord(report.results)) {
    const shown = group.results
      .filter((result) => (options.quiet === true ? result.outcome === "fail" : ["fail", "incomplete", "waived", "computed"].includes(result.outcome)))
      .sort((a, b) => outcomeRank[a.outcome] - outcomeRank[b.outcome] || severityRank[a.severity] - severityRank[b.severity] || (a.ruleId < b.ruleId ? -1 : 1));
    if (shown.length === 0 && options.quiet === true) continue;
    const head = group.results[0]!;
    const where = `${head.subject.file}${head.subject.pointer === "" ? "" : `#${recordPointer(head)}`}`;
    const kind = head.subject.kind === "building" ? "project" : head.subject.kind;
    const place = head.subject.kind === "portfolio" ? "" : `${c.underline(where)}  `;
    lines.push(`${place}${c.bold(recordName(head))} ${c.dim(`(${subjectLabel[lang][kind]} ${recordId(head)})`)}`);
    for (const result of shown) lines.push(...formatResult(result, rules.get(result.ruleId), lang, c));
    const passed = group.results.filter((r) => r.outcome === "pass").length;
    const notApplicable = group.results.filter((r) => r.outcome === "not-applicable").length;
    // Passes and not-applicables are in the results only when the report lists them all.
    if (options.quiet !== true && report.listed === "all") {
      lines.push(c.green(lang === "zh" ? `  ✔ ${passed} 项通过 · ${notApplicable} 项不适用` : `  ✔ ${passed} passed · ${notApplicable} not applicable`));
    }
    lines.push("");
    yield piece();
  }
  for (const error of report.errors) {
    const where = whereOfError(error);
    const split = where.indexOf("#");
    lines.push(`${c.red("✖")} ${c.underline(split < 0 ? where : where.slice(0, split))}${split < 0 ? "" : `  ${where.slice(split)}`}  ${error.message}`);
  }
  if (report.errors.length > 0) lines.push("");
  lines.push(...waiverLines(report, c));
  lines.push(...fixedLines(report, c));
  lines.push(summaryLine(report, c));
  yield piece();
}

function formatResult(result: Result, rule: LoadedRule | undefined, lang: Lang, c: ChalkInstance): string[] {
  const colour = result.outcome === "fail" ? severityColour(result.severity, c) : result.outcome === "incomplete" ? c.magenta : result.outcome === "waived" ? c.gray : c.cyan;
  // Every finding shows its severity, so that the summary's counts by severity can be matched to the lines.
  const mark =
    result.outcome === "fail"
      ? `${icon[result.severity]} ${severityLabel[lang][result.severity]}`
      : result.outcome === "incomplete"
        ? `? ${severityLabel[lang][result.severity]} · ${outcomeLabel[lang].incomplete}`
        : result.outcome === "computed"
          ? `∑ ${outcomeLabel[lang].computed}`
          : `⊘ ${outcomeLabel[lang].waived}`;
  const title = rule === undefined ? "" : ` ${rule.definition.title[lang]}`;
  const building = result.subject.kind === "building" ? c.dim(` [${buildingId(result)}]`) : "";
  const state = result.baseline === undefined ? "" : ` ${result.baseline === "new" ? c.bold(baselineLabel[lang].new) : c.dim(baselineLabel[lang].unchanged)}`;
  const lines = [`  ${colour(mark.padEnd(lang === "zh" ? 6 : 10))}${state} ${c.bold(result.ruleId)}${building} ${c.dim(result.clause)}${c.dim(title)}`];
  const indent = "      ";
  lines.push(`${indent}${result.message}`);
  const where = whereOf(result);
  if (where !== undefined) lines.push(`${indent}${c.dim(lang === "zh" ? "位置：" : "at ")}${c.dim(where)}`);
  if (result.measure !== null && result.measure.actual !== null && result.outcome === "fail") {
    lines.push(`${indent}${c.dim(measureSummary(result.measure, lang))}`);
  }
  if (result.subject.kind === "portfolio" && result.outputs !== null) lines.push(`${indent}${c.dim(membersLine(result.outputs, lang))}`);
  const values = Object.entries(result.values);
  if (values.length > 0 && result.outcome !== "computed") {
    const shown = values.map(([path, value]) => `${fieldName(path, lang)} = ${briefValue(value, lang)}`).join(lang === "zh" ? "；" : "; ");
    lines.push(`${indent}${c.dim((lang === "zh" ? "读取：" : "read: ") + shown)}`);
  }
  for (const assumption of result.assumptions) {
    lines.push(`${indent}${c.yellow(lang === "zh" ? "依据假设：" : "rests on an assumption: ")}${assumption.param} = ${formatValue(assumption.value, lang)} — ${assumption.why}`);
  }
  if (result.waiver !== null) {
    lines.push(`${indent}${lang === "zh" ? `豁免：${result.waiver.reason}（${result.waiver.approvedBy}，至 ${result.waiver.expires}）` : `waived: ${result.waiver.reason} (${result.waiver.approvedBy}, until ${result.waiver.expires})`}`);
  }
  if (rule?.definition.fix !== undefined && (result.outcome === "fail" || result.outcome === "incomplete")) {
    lines.push(`${indent}${c.green(lang === "zh" ? "建议：" : "fix: ")}${rule.definition.fix[lang]}`);
  }
  return lines;
}

/** Lists of records (parties, buildings) are summarised: the report's JSON keeps them whole. */
function briefValue(value: unknown, lang: Lang): string {
  if (value !== null && typeof value === "object" && "$count" in value) {
    const count = (value as { $count: number }).$count;
    return lang === "zh" ? `（${count} 项）` : `(${count} items)`;
  }
  return formatValue(value, lang);
}

/** A portfolio group's members, at most ten of each list shown. */
function membersLine(outputs: Record<string, unknown>, lang: Lang): string {
  const list = (name: string): string[] => (Array.isArray(outputs[name]) ? (outputs[name] as unknown[]).map(String) : []);
  const shown = (ids: string[]): string => (ids.length === 0 ? "" : `: ${ids.slice(0, 10).join(", ")}${ids.length > 10 ? ", …" : ""}`);
  const labels = lang === "zh" ? { members: "成员", matching: "计入", undecided: "无法确定" } : { members: "members", matching: "matching", undecided: "undecided" };
  return (["members", "matching", "undecided"] as const)
    .filter((name) => name !== "undecided" || list(name).length > 0)
    .map((name) => `${labels[name]} (${list(name).length})${shown(list(name))}`)
    .join(" · ");
}

const baselineLabel: Record<Lang, { new: string; unchanged: string }> = { zh: { new: "[新增]", unchanged: "[基线]" }, en: { new: "[new]", unchanged: "[baseline]" } };

/** The summary line without colour (for standard error when every report goes to a file). */
export function plainSummaryLine(report: Report): string {
  return summaryLine(report, new Chalk({ level: 0 }));
}

function severityColour(severity: Severity, c: ChalkInstance): ChalkInstance {
  return severity === "error" ? c.red : severity === "warning" ? c.yellow : c.blue;
}

function summaryLine(report: Report, c: ChalkInstance): string {
  const { summary: s, lang } = report;
  const findings = s.bySeverity.error + s.bySeverity.warning + s.bySeverity.info;
  const inputErrors = report.errors.length;
  if (lang === "zh") {
    const head = findings === 0 ? (inputErrors > 0 ? "✖ 输入有误" : "✔ 无问题") : `✖ ${findings} 项问题（${s.bySeverity.error} ${severityLabel.zh.error} · ${s.bySeverity.warning} ${severityLabel.zh.warning} · ${s.bySeverity.info} ${severityLabel.zh.info}）`;
    const counts = [`${s.fail} 不符合`, `${s.incomplete} 数据不全`, `${s.pass} 通过`, `${s.notApplicable} 不适用`, `${s.computed} 计算`, ...(s.waived > 0 ? [`${s.waived} 豁免`] : [])].join(" · ");
    const errors = inputErrors > 0 ? ` ｜ ${inputErrors} 处输入错误` : "";
    const baseline = report.baseline === undefined ? "" : ` ｜ ${baselineCounts(report)}`;
    return colourSummary(`${head} ｜ ${counts}${errors}${baseline} ｜ ${s.records} 条记录 · ${s.rules} 条规则 · 判定日 ${report.asOf}`, report, c);
  }
  const head = findings === 0 ? (inputErrors > 0 ? "✖ invalid input" : "✔ no problems") : `✖ ${findings} problem${findings === 1 ? "" : "s"} (${s.bySeverity.error} error · ${s.bySeverity.warning} warning · ${s.bySeverity.info} info)`;
  const counts = [`${s.fail} failed`, `${s.incomplete} incomplete`, `${s.pass} passed`, `${s.notApplicable} not applicable`, `${s.computed} computed`, ...(s.waived > 0 ? [`${s.waived} waived`] : [])].join(" · ");
  const errors = inputErrors > 0 ? ` | ${inputErrors} input error${inputErrors === 1 ? "" : "s"}` : "";
  const baseline = report.baseline === undefined ? "" : ` | ${baselineCounts(report)}`;
  return colourSummary(`${head} | ${counts}${errors}${baseline} | ${s.records} record${s.records === 1 ? "" : "s"} · ${s.rules} rules · as of ${report.asOf}`, report, c);
}

/** Waivers that no longer apply, and waivers that waived nothing: never silent. */
function waiverLines(report: Report, c: ChalkInstance): string[] {
  const waivers = report.waivers;
  if (waivers === null || waivers.expired.length + waivers.stale.length === 0) return [];
  const zh = report.lang === "zh";
  const line = (notice: WaiverNotice, label: string): string =>
    `${c.yellow("⚠")} ${c.underline(fileAndLine(waivers.file, notice.line))}  ${label}: ${notice.rule} ${notice.subject} (${notice.approvedBy}, ${zh ? "至" : "until"} ${notice.expires})${notice.matched.length === 0 ? "" : ` — ${notice.matched.map((o) => outcomeLabel[report.lang][o]).join(", ")}`}`;
  return [
    ...waivers.expired.map((notice) => line(notice, zh ? "豁免已过期，不再适用" : "waiver expired, no longer applies")),
    ...waivers.stale.map((notice) => line(notice, zh ? "豁免未匹配任何不符合项（可删除）" : "stale waiver: it waived nothing")),
    "",
  ];
}

/** Baseline entries no finding matched any more: fixed since the baseline was written. */
function fixedLines(report: Report, c: ChalkInstance): string[] {
  const fixed = report.baseline?.absentFindings ?? [];
  if (fixed.length === 0) return [];
  const zh = report.lang === "zh";
  return [
    ...fixed.map((entry) => `${c.green("✔")} ${zh ? "已修复" : "fixed"}  ${c.bold(entry.rule)} ${entry.subject}  ${c.dim(`${entry.file}  ${entry.message}`)}`),
    "",
  ];
}

function colourSummary(line: string, report: Report, c: ChalkInstance): string {
  if (report.errors.length > 0 || report.summary.bySeverity.error > 0) return c.red.bold(line);
  if (report.summary.fail + report.summary.incomplete > 0) return c.yellow.bold(line);
  return c.green.bold(line);
}
