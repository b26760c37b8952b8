import type { CheckRun } from "./run.js";
import type { LoadedRule } from "../rules/load.js";
import { measureSummary } from "../text/figures.js";
import { outcomeLabel, severityLabel, subjectLabel } from "./labels.js";
import type { Lang, Result } from "../model/report.js";
import { baselineCounts, buildingId, fileAndLine, groupByRecord, recordId, recordName, recordPointer, rulesById, severityRank, whereOf, whereOfError } from "./view.js";

export interface MarkdownOptions {
  /** Failures only. */
  quiet?: boolean;
  /** Stop adding findings past this many characters (a GitHub comment holds 65,536). */
  maxLength?: number;
}

const icon: Record<Result["outcome"], string> = { fail: "❌", incomplete: "❔", waived: "🔕", pass: "✅", "not-applicable": "➖", computed: "∑" };
const shownOutcomes: Result["outcome"][] = ["fail", "incomplete", "waived"];

/**
 * Markdown for a pull-request comment or a job summary ($GITHUB_STEP_SUMMARY): a headline, a
 * table of counts, then the findings (fail, incomplete) and waived failures grouped by record,
 * each with its rule, clause, message, `file:line` and fix; input errors and expired or stale
 * waivers after. In the report's language. Long reports stop at `maxLength` with a count of
 * what was left out.
 */
export function formatMarkdown(run: CheckRun, options: MarkdownOptions = {}): string {
  const { report } = run;
  const lang = report.lang;
  const zh = lang === "zh";
  const rules = rulesById(run.rules);
  const maxLength = options.maxLength ?? 60_000;
  const s = report.summary;
  const findings = s.bySeverity.error + s.bySeverity.warning + s.bySeverity.info;
  const out: string[] = [];

  const headline =
    findings === 0
      ? report.errors.length > 0
        ? zh ? "❌ 输入有误" : "❌ Invalid input"
        : zh ? "✅ 无问题" : "✅ No problems"
      : zh
        ? `❌ ${findings} 项问题（${s.bySeverity.error} ${severityLabel.zh.error} · ${s.bySeverity.warning} ${severityLabel.zh.warning} · ${s.bySeverity.info} ${severityLabel.zh.info}）`
        : `❌ ${findings} problem${findings === 1 ? "" : "s"} (${s.bySeverity.error} error · ${s.bySeverity.warning} warning · ${s.bySeverity.info} info)`;
  out.push(`## szcheck: ${headline}`, "");
  if (report.baseline !== undefined) out.push(baselineCounts(report), "");
  out.push(zh ? "| 结果 | 数量 |" : "| outcome | count |", "|---|---:|");
  const rows: Array<[string, number]> = [
    [`${icon.fail} ${outcomeLabel[lang].fail}`, s.fail],
    [`${icon.incomplete} ${outcomeLabel[lang].incomplete}`, s.incomplete],
    [`${icon.waived} ${outcomeLabel[lang].waived}`, s.waived],
    [`${icon.pass} ${outcomeLabel[lang].pass}`, s.pass],
    [`${icon["not-applicable"]} ${outcomeLabel[lang]["not-applicable"]}`, s.notApplicable],
    [`${icon.computed} ${outcomeLabel[lang].computed}`, s.computed],
    [zh ? "⚠️ 输入错误" : "⚠️ input errors", report.errors.length],
  ];
  for (const [label, count] of rows) out.push(`| ${label} | ${count} |`);
  out.push("");
  out.push(
    zh
      ? `${s.records} 条记录 · ${s.rules} 条规则 · 判定日 ${report.asOf} · 规则集 \`${report.rulesetHash.slice(0, 19)}\` · ${report.tool} ${report.version}`
      : `${s.records} record${s.records === 1 ? "" : "s"} · ${s.rules} rules · as of ${report.asOf} · ruleset \`${report.rulesetHash.slice(0, 19)}\` · ${report.tool} ${report.version}`,
    "",
  );

  let length = out.join("\n").length;
  let leftOut = 0;
  for (const group of groupByRecord(report.results)) {
    const shown = group.results
      .filter((result) => (options.quiet === true ? result.outcome === "fail" : shownOutcomes.includes(result.outcome)))
      .sort((a, b) => shownOutcomes.indexOf(a.outcome) - shownOutcomes.indexOf(b.outcome) || severityRank[a.severity] - severityRank[b.severity] || (a.ruleId < b.ruleId ? -1 : 1));
    if (shown.length === 0) continue;
    const block = [recordHeading(group.results[0]!, lang), "", ...shown.flatMap((result) => finding(result, rules.get(result.ruleId), lang)), ""];
    const text = block.join("\n");
    if (length + text.length > maxLength) {
      leftOut += shown.length;
      continue;
    }
    out.push(...block);
    length += text.length + 1;
  }
  if (leftOut > 0) {
    out.push(zh ? `…另有 ${leftOut} 项未列出（篇幅所限），见 JSON 或 SARIF 报告。` : `…and ${leftOut} more not listed here (length limit); see the JSON or SARIF report.`, "");
  }

  if (report.errors.length > 0) {
    out.push(zh ? "### 输入错误" : "### Input errors", "");
    for (const error of report.errors) out.push(`- ${code(whereOfError(error))}: ${inline(error.message)}`);
    out.push("");
  }
  const waivers = report.waivers;
  if (waivers !== null && waivers.expired.length + waivers.stale.length > 0) {
    out.push(zh ? "### 豁免" : "### Waivers", "");
    for (const notice of waivers.expired) {
      out.push(`- ⚠️ ${code(fileAndLine(waivers.file, notice.line))}: ${zh ? "已过期，不再适用" : "expired, no longer applies"}: ${code(notice.rule)} ${inline(notice.subject)} (${inline(notice.approvedBy)}, ${notice.expires})`);
    }
    for (const notice of waivers.stale) {
      out.push(`- ${code(fileAndLine(waivers.file, notice.line))}: ${zh ? "未豁免任何不符合项" : "stale, waived nothing"}: ${code(notice.rule)} ${inline(notice.subject)} (${inline(notice.approvedBy)}, ${notice.expires})`);
    }
    out.push("");
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
}

function recordHeading(head: Result, lang: Lang): string {
  if (head.subject.kind === "portfolio") return `### ${inline(head.subject.id)} (${subjectLabel[lang].portfolio})`;
  const kind = head.subject.kind === "building" ? "project" : head.subject.kind;
  return `### ${inline(recordName(head))} (${subjectLabel[lang][kind]} ${code(recordId(head))}) · ${code(`${head.subject.file}${recordPointer(head) === "" ? "" : `#${recordPointer(head)}`}`)}`;
}

function finding(result: Result, rule: LoadedRule | undefined, lang: Lang): string[] {
  const zh = lang === "zh";
  const label = result.outcome === "fail" ? severityLabel[lang][result.severity] : outcomeLabel[lang][result.outcome];
  const building = buildingId(result);
  const title = rule === undefined ? "" : ` ${inline(rule.definition.title[lang])}`;
  const lines = [`- ${icon[result.outcome]} **${label}** ${code(result.ruleId)}${building === undefined ? "" : ` [${inline(building)}]`} ${inline(result.clause)}${title}  `, `  ${inline(result.message)}`];
  const details: string[] = [];
  const where = whereOf(result);
  if (where !== undefined) details.push(`${zh ? "位置" : "at"} ${code(where)}`);
  if (result.measure !== null && result.measure.actual !== null && result.outcome !== "incomplete") {
    details.push(measureSummary(result.measure, lang));
  }
  if (result.waiver !== null) details.push(zh ? `豁免：${inline(result.waiver.reason)}（${inline(result.waiver.approvedBy)}，至 ${result.waiver.expires}）` : `waived: ${inline(result.waiver.reason)} (${inline(result.waiver.approvedBy)}, until ${result.waiver.expires})`);
  for (const assumption of result.assumptions) details.push(`${zh ? "依据假设" : "assumption"}: ${code(`${assumption.param} = ${JSON.stringify(assumption.value)}`)}`);
  if (rule?.definition.fix !== undefined && (result.outcome === "fail" || result.outcome === "incomplete")) details.push(`${zh ? "建议" : "fix"}: ${inline(rule.definition.fix[lang])}`);
  if (details.length > 0) lines[1] += "  ";
  return [...lines, ...details.map((detail, index) => `  ${detail}${index < details.length - 1 ? "  " : ""}`)];
}

/**
 * Text from records and rules, made inert in Markdown as GitHub renders it (CommonMark + GFM):
 * no emphasis, links, HTML or tables; every line ending (\r alone is one to CommonMark, and
 * would let the next "line" open a raw HTML block) and control character made a space; no
 * @mention that pings and no bare URL or e-mail address that links (a word joiner, invisible,
 * goes around "@" and inside "://" and "www.").
 */
export function inline(value: string): string {
  const entities: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };
  return unlinked(oneLine(value).replace(/[\\`*_[\]<>&|~#!]/g, (char) => entities[char] ?? `\\${char}`));
}

/** A code span that survives backticks in its content (a code span neither pings nor links, but must stay on one line). */
export function code(value: string): string {
  const text = oneLine(value);
  const runs = text.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((run) => run.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

const WORD_JOINER = "\u2060";

/** Line endings (\r\n, \n, a lone \r) and other control characters as spaces. */
// eslint-disable-next-line no-control-regex -- control characters are what it replaces
const oneLine = (value: string): string => value.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");

/** "@user", "https://…", "www.…" broken with an invisible word joiner, so that GitHub neither pings nor links. */
const unlinked = (value: string): string => value.replaceAll("@", `${WORD_JOINER}@${WORD_JOINER}`).replace(/:\/\//g, `:${WORD_JOINER}//`).replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}${WORD_JOINER}.`);
