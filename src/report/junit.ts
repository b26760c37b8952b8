import type { CheckRun } from "./run.js";
import type { LoadedRule } from "../rules/load.js";
import { measureSummary } from "../text/figures.js";
import { outcomeLabel, severityLabel, subjectLabel } from "./labels.js";
import type { Lang, Report, Result } from "../model/report.js";
import { severities } from "../model/vocabulary.js";
import { buildingId, failRank, failsRun, fileAndLine, type FailThreshold, groupByRecord, recordId, recordName, recordPointer, rulesById, whereOf, whereOfError } from "./view.js";

/**
 * JUnit XML, as GitLab, Jenkins and most CI servers read it: a <testsuite> per record (a
 * project with its buildings, an enterprise, a portfolio group), a <testcase> per rule and
 * subject. fail and incomplete at or above --fail-on (and new, against a baseline) are <failure>
 * (message, clause, place, fix); the other findings pass and say why; not-applicable is
 * <skipped/>; waived is <skipped> with the waiver; pass and computed pass. Input errors are
 * <error> cases in a suite per file. No timestamps: time is always 0.
 */
export function* formatJunit(run: CheckRun, failOn: FailThreshold = "error"): Generator<string> {
  const { report } = run;
  const lang = report.lang;
  const rules = rulesById(run.rules);
  const s = report.summary;
  // The totals lead the document, so they come from the summary (the same counts the suites add
  // up to): the findings at or above --fail-on, and against a baseline only the new ones.
  const counted = report.baseline?.newBySeverity ?? s.bySeverity;
  const failures = failOn === "none" ? 0 : severities.filter((severity) => failRank[severity] >= failRank[failOn]).reduce((sum, severity) => sum + counted[severity], 0);
  const totals = { tests: report.results.length + report.errors.length, failures, errors: report.errors.length, skipped: s.notApplicable + s.waived };
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes({ name: "szcheck", ...totals, time: 0 })}>\n`;

  for (const group of groupByRecord(report.results)) {
    const head = group.results[0]!;
    const cases = group.results.map((result) => testcase(result, rules.get(result.ruleId), lang, failOn));
    const counts = {
      tests: group.results.length,
      failures: group.results.filter((r) => failsRun(r, failOn)).length,
      errors: 0,
      skipped: group.results.filter((r) => r.outcome === "not-applicable" || r.outcome === "waived").length,
    };
    const portfolio = head.subject.kind === "portfolio";
    const kind = head.subject.kind === "building" ? "project" : head.subject.kind;
    const name = portfolio ? `${head.subject.id} (${subjectLabel[lang].portfolio})` : `${head.subject.file}${recordPointer(head) === "" ? "" : `#${recordPointer(head)}`} ${recordName(head)} (${subjectLabel[lang][kind]} ${recordId(head)})`;
    const properties = [
      property("kind", kind),
      property("id", portfolio ? head.subject.id : recordId(head)),
      ...(portfolio ? [] : [property("file", head.subject.file), property("pointer", recordPointer(head))]),
    ];
    yield `  <testsuite${attributes({ name, tests: counts.tests, failures: counts.failures, errors: 0, skipped: counts.skipped, time: 0, ...(portfolio ? {} : { file: head.subject.file }) })}>\n` +
      `    <properties>\n${properties.join("\n")}\n    </properties>\n${cases.join("\n")}\n  </testsuite>\n`;
  }

  const byFile = new Map<string, Report["errors"]>();
  for (const error of report.errors) byFile.set(error.file, [...(byFile.get(error.file) ?? []), error]);
  for (const [file, errors] of byFile) {
    const cases = errors.map(
      (error) =>
        `    <testcase${attributes({ name: error.pointer === "" ? (lang === "zh" ? "读取文件" : "read the file") : error.pointer, classname: file, file, ...(error.line === null ? {} : { line: error.line }), time: 0 })}>\n` +
        `      <error${attributes({ message: error.message, type: "input" })}>${text(`${whereOfError(error)}\n${error.message}`)}</error>\n    </testcase>`,
    );
    yield `  <testsuite${attributes({ name: `${file} (${lang === "zh" ? "输入错误" : "input errors"})`, tests: errors.length, failures: 0, errors: errors.length, skipped: 0, time: 0, file })}>\n${cases.join("\n")}\n  </testsuite>\n`;
  }

  const waivers = report.waivers;
  if (waivers !== null && waivers.expired.length + waivers.stale.length > 0) {
    const lines = [
      ...waivers.expired.map((n) => `${fileAndLine(waivers.file, n.line)}: ${lang === "zh" ? "豁免已过期" : "expired"}: ${n.rule} ${n.subject} (${n.approvedBy}, ${n.expires})`),
      ...waivers.stale.map((n) => `${fileAndLine(waivers.file, n.line)}: ${lang === "zh" ? "豁免未使用" : "stale"}: ${n.rule} ${n.subject} (${n.approvedBy}, ${n.expires})`),
    ];
    yield `  <testsuite${attributes({ name: `${waivers.file} (${lang === "zh" ? "豁免" : "waivers"})`, tests: 0, failures: 0, errors: 0, skipped: 0, time: 0, file: waivers.file })}>\n    <system-out>${text(lines.join("\n"))}</system-out>\n  </testsuite>\n`;
  }
  yield "</testsuites>\n";
}

function testcase(result: Result, rule: LoadedRule | undefined, lang: Lang, failOn: FailThreshold): string {
  const building = buildingId(result);
  const name = `${result.ruleId}${building === undefined ? "" : ` [${building}]`}`;
  const line = result.location?.line ?? null;
  const open = `    <testcase${attributes({ name, classname: result.subject.kind === "portfolio" ? result.subject.id : recordId(result), ...(result.subject.file === "" ? {} : { file: result.subject.file }), ...(line === null ? {} : { line }), time: 0 })}`;
  switch (result.outcome) {
    case "fail":
    case "incomplete": {
      const body = [
        `${severityLabel[lang][result.severity]} · ${outcomeLabel[lang][result.outcome]} · ${result.clause}${rule === undefined ? "" : ` ${rule.definition.title[lang]}`}`,
        result.message,
        ...(whereOf(result) === undefined ? [] : [`${lang === "zh" ? "位置" : "at"}: ${whereOf(result)}`]),
        ...(result.missing.length === 0 ? [] : [`${lang === "zh" ? "缺少" : "missing"}: ${result.missing.join(", ")}`]),
        ...measureLine(result, lang),
        ...(rule?.definition.fix === undefined ? [] : [`${lang === "zh" ? "建议" : "fix"}: ${rule.definition.fix[lang]}`]),
      ];
      const properties = [property("outcome", result.outcome), property("severity", result.severity), ...(result.baseline === undefined ? [] : [property("baseline", result.baseline)])];
      const head = `${open}>\n      <properties>\n${properties.map((line) => `  ${line}`).join("\n")}\n      </properties>\n`;
      if (failsRun(result, failOn)) return `${head}      <failure${attributes({ message: result.message, type: result.outcome })}>${text(body.join("\n"))}</failure>\n    </testcase>`;
      // A finding that does not fail the run (below --fail-on, or in the baseline) passes, and says why.
      const why = result.baseline === "unchanged" ? (lang === "zh" ? "在基线中，不计为失败" : "in the baseline: not a failure") : lang === "zh" ? `低于 --fail-on ${failOn}，不计为失败` : `below --fail-on ${failOn}: not a failure`;
      return `${head}      <system-out>${text([`(${why})`, ...body].join("\n"))}</system-out>\n    </testcase>`;
    }
    case "not-applicable":
      return `${open}>\n      <skipped${attributes({ message: result.message })}/>\n    </testcase>`;
    case "waived": {
      const waiver = result.waiver!;
      const message = lang === "zh" ? `已豁免：${waiver.reason}（${waiver.approvedBy}，至 ${waiver.expires}）` : `waived: ${waiver.reason} (${waiver.approvedBy}, until ${waiver.expires})`;
      return `${open}>\n      <skipped${attributes({ message })}/>\n      <system-out>${text(result.message)}</system-out>\n    </testcase>`;
    }
    case "computed":
      return `${open}>\n      <system-out>${text(result.message)}</system-out>\n    </testcase>`;
    default:
      return `${open}/>`;
  }
}

function measureLine(result: Result, lang: Lang): string[] {
  if (result.measure === null || result.measure.actual === null) return [];
  return [measureSummary(result.measure, lang)];
}

const property = (name: string, value: string): string => `      <property${attributes({ name, value })}/>`;

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value), true)}"`)
    .join("");
}

const text = (value: string): string => escapeXml(value, false);

/** XML 1.0 escaping; characters XML cannot carry at all (most control characters) are dropped. */
export function escapeXml(value: string, attribute: boolean): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
  const escaped = clean.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return attribute ? escaped.replaceAll('"', "&quot;").replaceAll("\n", "&#10;").replaceAll("\r", "&#13;").replaceAll("\t", "&#9;") : escaped;
}
