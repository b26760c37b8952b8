import { printableKeepingLines } from "../text/printable.js";
import type { CheckRun } from "./run.js";
import type { Severity } from "../rules/schema.js";
import { outcomeLabel } from "./labels.js";
import type { Result } from "../model/report.js";
import { buildingId, isFindingOutcome, rulesById } from "./view.js";

/**
 * GitHub Actions workflow commands: an annotation per finding, on the file and line of the field
 * it is about (`::error file=…,line=…,col=…,title=…::message`), a notice per waived failure, an
 * error per input problem, a warning per expired waiver and a notice per stale one; then a
 * plain summary line. Values are escaped as the runner expects (% \r \n, and : , in properties).
 */

type Command = "error" | "warning" | "notice";

/** szcheck severity → annotation level, in one place. */
export const githubLevel: Record<Severity, Command> = { error: "error", warning: "warning", info: "notice" };

export function formatGithub(run: CheckRun): string {
  const { report } = run;
  const lang = report.lang;
  const rules = rulesById(run.rules);
  const lines: string[] = [];
  for (const result of report.results) {
    if (!isFindingOutcome(result) && result.outcome !== "waived") continue;
    const rule = rules.get(result.ruleId);
    const building = buildingId(result);
    const title = `${result.outcome === "waived" ? `${outcomeLabel[lang].waived}: ` : ""}${result.ruleId}${building === undefined ? "" : ` [${building}]`} ${result.clause}${rule === undefined ? "" : ` ${rule.definition.title[lang]}`}`;
    const body = [result.message, ...detail(result, rule?.definition.fix?.[lang], lang)].join("\n");
    lines.push(command(result.outcome === "waived" ? "notice" : githubLevel[result.severity], { ...place(result.subject.file, result.location?.line ?? null, result.location?.column ?? null), title }, body));
  }
  for (const error of report.errors) {
    lines.push(command("error", { ...place(error.file, error.line, error.column), title: lang === "zh" ? "szcheck 输入错误" : "szcheck input error" }, error.pointer === "" ? error.message : `${error.pointer}: ${error.message}`));
  }
  const waivers = report.waivers;
  if (waivers !== null) {
    for (const notice of waivers.expired) {
      lines.push(command("warning", { ...place(waivers.file, notice.line, null), title: lang === "zh" ? "豁免已过期" : "waiver expired" }, `${notice.rule} ${notice.subject}: ${lang === "zh" ? `豁免已于 ${notice.expires} 过期，不再适用` : `expired on ${notice.expires}, no longer applies`} (${notice.approvedBy})`));
    }
    for (const notice of waivers.stale) {
      lines.push(command("notice", { ...place(waivers.file, notice.line, null), title: lang === "zh" ? "豁免未使用" : "stale waiver" }, `${notice.rule} ${notice.subject}: ${lang === "zh" ? "未豁免任何不符合项，可删除" : "waived nothing in this run; remove it if it is no longer needed"}`));
    }
  }
  const s = report.summary;
  lines.push(
    lang === "zh"
      ? `szcheck：${s.fail} 项不符合 · ${s.incomplete} 项数据不全 · ${s.waived} 项豁免 · ${s.pass} 项通过 · ${report.errors.length} 处输入错误（${s.records} 条记录，判定日 ${report.asOf}）`
      : `szcheck: ${s.fail} failed · ${s.incomplete} incomplete · ${s.waived} waived · ${s.pass} passed · ${report.errors.length} input error${report.errors.length === 1 ? "" : "s"} (${s.records} record${s.records === 1 ? "" : "s"}, as of ${report.asOf})`,
  );
  return lines.join("\n") + "\n";
}

function detail(result: Result, fix: string | undefined, lang: "zh" | "en"): string[] {
  if (result.outcome === "waived" && result.waiver !== null) {
    return [lang === "zh" ? `已豁免：${result.waiver.reason}（${result.waiver.approvedBy}，至 ${result.waiver.expires}）` : `waived: ${result.waiver.reason} (${result.waiver.approvedBy}, until ${result.waiver.expires})`];
  }
  return fix === undefined ? [] : [`${lang === "zh" ? "建议：" : "fix: "}${fix}`];
}

/** file, line and col of an annotation; a sheet of a workbook is its file; none for stdin or a portfolio group. */
function place(file: string, line: number | null, column: number | null): Record<string, string | number> {
  if (file === "" || file === "-") return {};
  const sheet = /^(.*\.xlsx)\[.*\]$/i.exec(file);
  if (sheet !== null) return { file: sheet[1]! };
  return { file, ...(line === null ? {} : { line }), ...(line === null || column === null ? {} : { col: column }) };
}

export function command(name: Command, properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${name}${props === "" ? "" : ` ${props}`}::${escapeData(message)}`;
}

/** The message of a workflow command: %, CR and LF are encoded; other control characters (ESC) shown as escapes. */
export const escapeData = (value: string): string => printableKeepingLines(value).replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");

/** A property value: also : and , (which would end the value). */
export const escapeProperty = (value: string): string => escapeData(value).replaceAll(":", "%3A").replaceAll(",", "%2C");
