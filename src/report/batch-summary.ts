import { chineseLabelOf } from "../descriptors/index.js";
import { recordPointerOf, type RecordAttributes } from "../engine/record-attributes.js";
import type { LoadedRule } from "../rules/load.js";
import type { Severity, Strength, SubjectKind } from "../rules/schema.js";
import type { Lang, Outcome, Report, Result } from "./model.js";

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

export interface OutcomeCounts {
  pass: number;
  fail: number;
  incomplete: number;
  notApplicable: number;
  waived: number;
  computed: number;
}

export interface RuleSummary {
  ruleId: string;
  title: { zh: string; en: string };
  clause: string;
  subject: SubjectKind;
  strength: Strength;
  severity: Severity;
  counts: OutcomeCounts;
  /** pass ÷ (pass + fail + incomplete); null when the rule decided nothing (all not applicable, waived or computed). */
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
  overall: OutcomeCounts & { passRate: number | null };
  rules: RuleSummary[];
  districts: GroupSummary[];
  enterpriseTypes: GroupSummary[];
  portfolio: PortfolioShare[];
  /** False when the run kept no record attributes, so districts and types could not be told. */
  attributesKnown: boolean;
}

const countKey: Record<Outcome, keyof OutcomeCounts> = {
  pass: "pass",
  fail: "fail",
  incomplete: "incomplete",
  "not-applicable": "notApplicable",
  waived: "waived",
  computed: "computed",
};

export const emptyCounts = (): OutcomeCounts => ({ pass: 0, fail: 0, incomplete: 0, notApplicable: 0, waived: 0, computed: 0 });

/** pass ÷ (pass + fail + incomplete), rounded to 4 decimals; null when nothing was decided. */
export function passRateOf(counts: OutcomeCounts): number | null {
  const decided = counts.pass + counts.fail + counts.incomplete;
  return decided === 0 ? null : Math.round((counts.pass / decided) * 10000) / 10000;
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

const recordKeyOf = (file: string, pointer: string): string => `${file}\u0000${pointer}`;

/**
 * The batch summary counted as a run goes: each valid record's attributes (`record`), then that
 * record's results (`result`), in run order, then the portfolio results. It keeps counts per
 * rule and per group, not the results.
 */
export class BatchTally {
  private readonly overall = emptyCounts();
  private readonly byRule = new Map<string, OutcomeCounts>();
  private readonly districts = new Map<string | null, GroupSummary>();
  private readonly enterpriseTypes = new Map<string | null, GroupSummary>();
  private readonly portfolio: PortfolioShare[] = [];
  private current: { key: string; group: GroupSummary } | undefined;
  /** Records met through their results only (no attributes): each counted once in its "not given" group. */
  private readonly unplaced = new Set<string>();

  /** `attributesKnown`: records come with their attributes (false: all in "not given"). */
  constructor(private readonly attributesKnown = true) {}

  record(record: RecordAttributes): void {
    const group = record.kind === "project" ? this.place(this.districts, record.district ?? null) : this.place(this.enterpriseTypes, record.enterpriseType ?? null);
    group.records++;
    this.current = { key: recordKeyOf(record.file, record.pointer), group };
  }

  result(result: Result): void {
    this.overall[countKey[result.outcome]]++;
    let counts = this.byRule.get(result.ruleId);
    if (counts === undefined) this.byRule.set(result.ruleId, (counts = emptyCounts()));
    counts[countKey[result.outcome]]++;
    if (result.subject.kind === "portfolio") {
      this.portfolio.push(portfolioShareOf(result));
      return;
    }
    const key = recordKeyOf(result.subject.file, recordPointerOf(result.subject.pointer));
    let group = this.current?.key === key ? this.current.group : undefined;
    if (group === undefined) {
      // A result without its record's attributes counts in the "not given" group of its kind.
      group = this.place(result.subject.kind === "enterprise" ? this.enterpriseTypes : this.districts, null);
      if (!this.unplaced.has(key)) {
        this.unplaced.add(key);
        group.records++;
      }
    }
    group.counts[countKey[result.outcome]]++;
  }

  finish(ruleList: LoadedRule[]): BatchSummary {
    const rules: RuleSummary[] = ruleList
      .map((rule): RuleSummary => {
        const { definition } = rule;
        const counts = this.byRule.get(definition.id) ?? emptyCounts();
        return { ruleId: definition.id, title: { zh: definition.title.zh, en: definition.title.en }, clause: definition.clause, subject: definition.subject, strength: definition.strength, severity: rule.severity, counts, passRate: passRateOf(counts) };
      })
      .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    const finishGroups = (groups: Map<string | null, GroupSummary>): GroupSummary[] =>
      [...groups.values()].map((group) => ({ ...group, passRate: passRateOf(group.counts) })).sort((a, b) => b.records - a.records || compareKeys(a.key, b.key));
    return {
      overall: { ...this.overall, passRate: passRateOf(this.overall) },
      rules,
      districts: finishGroups(this.districts),
      enterpriseTypes: finishGroups(this.enterpriseTypes),
      portfolio: [...this.portfolio],
      attributesKnown: this.attributesKnown,
    };
  }

  private place(groups: Map<string | null, GroupSummary>, key: string | null): GroupSummary {
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { key, records: 0, counts: emptyCounts(), passRate: null }));
    return group;
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
