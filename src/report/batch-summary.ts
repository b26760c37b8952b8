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

/** What a summary needs of a run: the report, the rules, and (when the run kept them) each valid record's attributes. */
export interface BatchRun {
  report: Report;
  rules: LoadedRule[];
  /** One entry per valid record; without it, districts and enterprise types are all "not given". */
  records?: RecordAttributes[] | undefined;
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

export function batchSummary(run: BatchRun): BatchSummary {
  const { results } = run.report;
  const overall = emptyCounts();
  const byRule = new Map<string, OutcomeCounts>();
  for (const result of results) {
    overall[countKey[result.outcome]]++;
    let counts = byRule.get(result.ruleId);
    if (counts === undefined) byRule.set(result.ruleId, (counts = emptyCounts()));
    counts[countKey[result.outcome]]++;
  }

  const rules: RuleSummary[] = run.rules
    .map((rule): RuleSummary => {
      const { definition } = rule;
      const counts = byRule.get(definition.id) ?? emptyCounts();
      return { ruleId: definition.id, title: { zh: definition.title.zh, en: definition.title.en }, clause: definition.clause, subject: definition.subject, strength: definition.strength, severity: rule.severity, counts, passRate: passRateOf(counts) };
    })
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));

  const districts = new Map<string | null, GroupSummary>();
  const enterpriseTypes = new Map<string | null, GroupSummary>();
  const recordKey = (file: string, pointer: string): string => `${file}\u0000${pointer}`;
  const groupOf = new Map<string, GroupSummary>();
  const place = (groups: Map<string | null, GroupSummary>, key: string | null): GroupSummary => {
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { key, records: 0, counts: emptyCounts(), passRate: null }));
    return group;
  };
  for (const record of run.records ?? []) {
    const group = record.kind === "project" ? place(districts, record.district ?? null) : place(enterpriseTypes, record.enterpriseType ?? null);
    group.records++;
    groupOf.set(recordKey(record.file, record.pointer), group);
  }
  // Without attributes, every record still counts, in the "not given" group of its kind.
  const unplaced = new Set<string>();
  for (const result of results) {
    if (result.subject.kind === "portfolio") continue;
    const key = recordKey(result.subject.file, recordPointerOf(result.subject.pointer));
    let group = groupOf.get(key);
    if (group === undefined) {
      group = place(result.subject.kind === "enterprise" ? enterpriseTypes : districts, null);
      if (!unplaced.has(key)) {
        unplaced.add(key);
        group.records++;
      }
    }
    group.counts[countKey[result.outcome]]++;
  }
  const finishGroups = (groups: Map<string | null, GroupSummary>): GroupSummary[] =>
    [...groups.values()].map((group) => ({ ...group, passRate: passRateOf(group.counts) })).sort((a, b) => b.records - a.records || compareKeys(a.key, b.key));

  const portfolio = results.filter((result) => result.subject.kind === "portfolio").map(portfolioShareOf);

  return {
    overall: { ...overall, passRate: passRateOf(overall) },
    rules,
    districts: finishGroups(districts),
    enterpriseTypes: finishGroups(enterpriseTypes),
    portfolio,
    attributesKnown: run.records !== undefined,
  };
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
