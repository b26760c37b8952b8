import { subjectIdParts } from "../model/subject-id.js";
import { recordPointerOf } from "../engine/record-attributes.js";
import type { LoadedRule } from "../rules/load.js";
import type { Severity } from "../rules/schema.js";
import type { Lang, Outcome, Report, Result } from "../model/report.js";

/** What every view of a report shares: how results group into records, and where each points. */

export interface RecordGroup {
  /** `file#pointer` of the record, or `portfolio:<id>` for a portfolio group. */
  key: string;
  results: Result[];
}

/** The record a result belongs to: a building's results go with its project. */
export function recordKey(result: Result): string {
  return result.subject.kind === "portfolio" ? `portfolio:${result.subject.id}` : `${result.subject.file}#${recordPointer(result)}`;
}

/** The JSON pointer of the record (a building's project) in its file. */
export function recordPointer(result: Result): string {
  return recordPointerOf(result.subject.pointer);
}

/**
 * Results grouped by record, in the report's order, a group at a time: a run gives each
 * record's results together (a building's with its project's), so only one group is held.
 */
export function* groupByRecord(results: Iterable<Result>): Generator<RecordGroup> {
  let group: RecordGroup | undefined;
  for (const result of results) {
    const key = recordKey(result);
    if (group !== undefined && group.key === key) {
      group.results.push(result);
      continue;
    }
    if (group !== undefined) yield group;
    group = { key, results: [result] };
  }
  if (group !== undefined) yield group;
}

/** The record's name: a building's project name. */
export function recordName(result: Result): string {
  return result.subject.kind === "building" ? result.subject.name.slice(0, result.subject.name.lastIndexOf(" ")) : result.subject.name;
}

/** The record's id: a building's project code. */
export function recordId(result: Result): string {
  return result.subject.kind === "building" ? subjectIdParts(result.subject.id).record : result.subject.id;
}

/** The building id of a building result ("2#"), else undefined. */
export function buildingId(result: Result): string | undefined {
  return result.subject.kind === "building" ? subjectIdParts(result.subject.id).building : undefined;
}

/** `file:line:column` (what editors and terminals turn into links), `file:line`, or the file alone. */
export function fileAndLine(file: string, line: number | null | undefined, column?: number | null): string {
  if (line === null || line === undefined) return file;
  return column === null || column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/** Where a result points, as `file:line:column`; undefined for a portfolio group. */
export function whereOf(result: Result): string | undefined {
  if (result.location === null || result.subject.file === "") return undefined;
  return fileAndLine(result.subject.file, result.location.line, result.location.column);
}

/** Where an input error points: `file:line:column#/pointer`. */
export function whereOfError(error: Report["errors"][number]): string {
  return `${fileAndLine(error.file, error.line, error.column)}${error.pointer === "" ? "" : `#${error.pointer}`}`;
}

/** A finding is what CI acts on: a failure, or a rule that could not be decided. */
export const isFindingOutcome = (result: Pick<Result, "outcome">): boolean => result.outcome === "fail" || result.outcome === "incomplete";

/** The --fail-on threshold: a severity, or none. */
export type FailThreshold = Severity | "none";

export const failRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether a result fails the run: a finding at or above --fail-on that is not in the baseline (when one is used). */
export function failsRun(result: Result, failOn: FailThreshold): boolean {
  if (!isFindingOutcome(result) || failOn === "none" || result.baseline === "unchanged") return false;
  return failRank[result.severity] >= failRank[failOn];
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The order findings are shown in: what needs acting on first. */
export const outcomeRank: Record<Outcome, number> = { fail: 0, incomplete: 1, waived: 2, computed: 3, pass: 4, "not-applicable": 5 };

export function rulesById(rules: LoadedRule[]): Map<string, LoadedRule> {
  return new Map(rules.map((rule) => [rule.definition.id, rule]));
}

/** A rule's title in the report's language, or its id when the rule is not at hand. */
export function titleOf(rule: LoadedRule | undefined, lang: Lang): string | undefined {
  return rule?.definition.title[lang];
}

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "baseline: 3 new · 12 unchanged · 2 fixed" against the baseline file; empty without --baseline. */
export function baselineCounts(report: Report): string {
  const b = report.baseline;
  if (b === undefined) return "";
  return report.lang === "zh" ? `基线：${b.new} 新增 · ${b.unchanged} 未变 · ${b.absent} 已修复` : `baseline: ${b.new} new · ${b.unchanged} unchanged · ${b.absent} fixed`;
}
