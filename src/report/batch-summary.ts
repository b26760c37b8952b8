import { chineseLabelOf } from "../descriptors/index.js";
import { groupKeyOf, recordPointerOf, type RecordAttributes } from "../engine/record-attributes.js";
import { addTally, countOutcome, emptyCounts, emptyTally, groupOf, type GroupCounts, type OutcomeTally } from "../model/outcome-tally.js";
import type { LoadedRule } from "../rules/load.js";
import type { Severity, Strength, SubjectKind } from "../rules/schema.js";
import type { Lang, Outcome, OutcomeCounts, Report, Result } from "../model/report.js";

/** What counting needs of a result: its rule, outcome and severity (a result, or an outcome told without one). */
type CountedOutcome = Pick<Result, "ruleId" | "outcome" | "severity">;

/**
 * The batch view a consultant hands over: how each rule fared across the batch, and how the
 * projects (with their buildings) of each district and the enterprises of each type fared.
 * Computed from a run's results only; never re-evaluates.
 */

/** What a summary needs of a run: the report and the rules, or the summary `check` counted. */
export interface BatchRun {
  report: Report;
  rules: LoadedRule[];
  /** The summary, counted while the run went (`check` gives it): used as it is. */
  batch?: BatchSummary | undefined;
}

export interface RuleSummary {
  ruleId: string;
  title: { zh: string; en: string };
  clause: string;
  subject: SubjectKind;
  strength: Strength;
  severity: Severity;
  counts: OutcomeCounts;
  /** pass ÷ (pass + fail); null when the rule decided nothing (all incomplete, not applicable, waived or computed). */
  passRate: number | null;
}

export interface GroupSummary {
  /** The English enum value (`nanshan`, `construction`), or null for records that don't give one. */
  key: string | null;
  /** Valid records in the group. */
  records: number;
  /** Outcomes of the group's subjects: a project and its buildings, or an enterprise. */
  counts: OutcomeCounts;
  passRate: number | null;
}

export interface PortfolioShare {
  ruleId: string;
  /** The group key (an approval year, a key area), or null for the whole batch. */
  key: string | null;
  outcome: Outcome;
  /** The group's share, in percent, and the share the rule requires (both null when unknown). */
  sharePct: number | null;
  requiredPct: number | null;
  count: number | null;
  matchingCount: number | null;
}

export interface BatchSummary {
  overall: OutcomeCounts & { passRate: number | null; missingShare: number | null };
  rules: RuleSummary[];
  districts: GroupSummary[];
  enterpriseTypes: GroupSummary[];
  portfolio: PortfolioShare[];
  /** False when the run kept no record attributes, so districts and types could not be told. */
  attributesKnown: boolean;
}

/**
 * pass ÷ (pass + fail), rounded to 4 decimals: the share of decided results that comply. A
 * result whose data is missing is not decided, so it does not count as a failure here; its own
 * figure is `missingShareOf`. Null when nothing was decided.
 */
export function passRateOf(counts: OutcomeCounts): number | null {
  const rate = exactPassRateOf(counts);
  return rate === null ? null : Math.round(rate * 10000) / 10000;
}

/** pass ÷ (pass + fail) unrounded, for a figure rounded once where it is shown (76.245% → 76.2%, not 76.25% → 76.3%). */
export function exactPassRateOf(counts: OutcomeCounts): number | null {
  const decided = counts.pass + counts.fail;
  return decided === 0 ? null : counts.pass / decided;
}

/** incomplete ÷ (pass + fail + incomplete), rounded to 4 decimals: how much could not be decided for missing data; null when no rule applied. */
export function missingShareOf(counts: OutcomeCounts): number | null {
  const applied = counts.pass + counts.fail + counts.incomplete;
  return applied === 0 ? null : Math.round((counts.incomplete / applied) * 10000) / 10000;
}

const compareKeys = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/**
 * The batch summary of a run. A run from `check` brings it counted already (`run.batch`);
 * otherwise it is counted here from the results alone, every record in the "not given" group of
 * its kind.
 */
export function batchSummary(run: BatchRun): BatchSummary {
  if (run.batch !== undefined) return run.batch;
  const tally = new BatchTally(false);
  for (const result of run.report.results) tally.result(result);
  return tally.finish(run.rules);
}

/**
 * The batch summary, and the report's summary, counted as a run goes: each valid record with its
 * results (`record`), then the results of no one record (`result`: portfolio groups). It keeps
 * counts per rule and per group, not the results.
 */
export class BatchTally {
  private readonly tally = emptyTally();
  private readonly portfolio: PortfolioShare[] = [];
  /** Records met through their results only (no attributes): each counted once in its "not given" group. */
  private readonly unplaced = new Set<string>();

  /** `attributesKnown`: records come with their attributes (false: all in "not given"). */
  constructor(private readonly attributesKnown = true) {}

  /** A valid record, by its attributes: its results, and the outcomes counted without a result. */
  record(record: RecordAttributes, results: readonly Result[], counted: readonly CountedOutcome[] = []): void {
    const group = groupOf(this.tally, record.kind === "project" ? "districts" : "enterpriseTypes", groupKeyOf(record));
    group.records++;
    for (const result of results) group.counts[this.count(result)]++;
    for (const event of counted) group.counts[this.count(event)]++;
  }

  /** Valid records counted elsewhere (a worker thread's batch), with their outcomes. */
  add(tally: OutcomeTally): void {
    addTally(this.tally, tally);
  }

  /** A result without its record's attributes: a portfolio group's, or one of a record counted in the "not given" group of its kind. */
  result(result: Result): void {
    const key = this.count(result);
    if (result.subject.kind === "portfolio") {
      this.portfolio.push(portfolioShareOf(result));
      return;
    }
    const group = groupOf(this.tally, result.subject.kind === "enterprise" ? "enterpriseTypes" : "districts", null);
    const record = `${result.subject.file}\u0000${recordPointerOf(result.subject.pointer)}`;
    if (!this.unplaced.has(record)) {
      this.unplaced.add(record);
      group.records++;
    }
    group.counts[key]++;
  }

  /** The report's summary: the outcomes counted, the findings by severity, and the outcomes of each rule that ran. */
  summary(records: number, ruleList: readonly LoadedRule[]): Report["summary"] {
    const { pass, fail, notApplicable, incomplete, waived, computed } = this.tally.overall;
    const byRule: Report["summary"]["byRule"] = {};
    for (const rule of ruleList) byRule[rule.definition.id] = { ...emptyCounts(), ...this.tally.byRule.get(rule.definition.id) };
    return { records, rules: ruleList.length, pass, fail, notApplicable, incomplete, waived, computed, bySeverity: { ...this.tally.bySeverity }, byRule };
  }

  finish(ruleList: LoadedRule[]): BatchSummary {
    const rules: RuleSummary[] = ruleList
      .map((rule): RuleSummary => {
        const { definition } = rule;
        const counts = this.tally.byRule.get(definition.id) ?? emptyCounts();
        return { ruleId: definition.id, title: { zh: definition.title.zh, en: definition.title.en }, clause: definition.clause, subject: definition.subject, strength: definition.strength, severity: rule.severity, counts, passRate: passRateOf(counts) };
      })
      .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    // Sorted by size, then key (keys are unique): the same order whatever order the groups were met in.
    const finishGroups = (groups: Map<string | null, GroupCounts>): GroupSummary[] =>
      [...groups].map(([key, group]) => ({ key, records: group.records, counts: group.counts, passRate: passRateOf(group.counts) })).sort((a, b) => b.records - a.records || compareKeys(a.key, b.key));
    const { overall } = this.tally;
    return {
      overall: { ...overall, passRate: passRateOf(overall), missingShare: missingShareOf(overall) },
      rules,
      districts: finishGroups(this.tally.districts),
      enterpriseTypes: finishGroups(this.tally.enterpriseTypes),
      portfolio: [...this.portfolio],
      attributesKnown: this.attributesKnown,
    };
  }

  /** Counts an outcome overall, for its rule and, when it is a finding, by severity; gives its outcome's key. */
  private count(result: CountedOutcome): keyof OutcomeCounts {
    return countOutcome(this.tally, result.ruleId, result.outcome, result.severity);
  }
}

function portfolioShareOf(result: Result): PortfolioShare {
  const outputs = result.outputs ?? {};
  const number = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
  const key = typeof outputs.key === "string" ? outputs.key : null;
  const requiredPct = result.measure !== null && result.measure.unit === "pct" ? result.measure.required : null;
  return { ruleId: result.ruleId, key, outcome: result.outcome, sharePct: number(outputs.sharePct), requiredPct, count: number(outputs.count), matchingCount: number(outputs.matchingCount) };
}

const districtEnglish: Record<string, string> = {
  futian: "Futian",
  luohu: "Luohu",
  nanshan: "Nanshan",
  yantian: "Yantian",
  baoan: "Bao'an",
  longgang: "Longgang",
  longhua: "Longhua",
  pingshan: "Pingshan",
  guangming: "Guangming",
  dapeng: "Dapeng New Area",
  shenshan: "Shenshan SCZ",
};

const enterpriseTypeEnglish: Record<string, string> = {
  construction: "Construction",
  "survey-design": "Survey & design",
  "tech-consulting": "Technical services & consulting",
  supervision: "Supervision",
  "cost-consulting": "Cost consulting",
  other: "Other",
};

/** A group key as a reader sees it: 南山 / Nanshan, 施工类 / Construction, 未填写 / not given. */
export function groupLabel(dimension: "district" | "enterpriseType", key: string | null, lang: Lang): string {
  if (key === null) return lang === "zh" ? "未填写" : "not given";
  if (lang === "zh") return chineseLabelOf(key);
  return (dimension === "district" ? districtEnglish : enterpriseTypeEnglish)[key] ?? key;
}
