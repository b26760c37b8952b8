import type { Outcome, OutcomeCounts } from "./report.js";
import type { Severity } from "./vocabulary.js";

/** Valid records of a group (a district, an enterprise type) and the outcomes of their subjects. */
export interface GroupCounts {
  records: number;
  counts: OutcomeCounts;
}

/**
 * A run's outcomes counted: overall, findings by severity, per rule, and per group of records
 * (projects by district, enterprises by type; null: not given). Plain data (maps and numbers):
 * a worker thread counts its batch into one and posts it, and the run adds it to its own
 * (`addTally`); sums do not depend on the order they are made in, so the totals are the same
 * whichever thread counted what.
 */
export interface OutcomeTally {
  overall: OutcomeCounts;
  bySeverity: Record<Severity, number>;
  byRule: Map<string, OutcomeCounts>;
  districts: Map<string | null, GroupCounts>;
  enterpriseTypes: Map<string | null, GroupCounts>;
}

export const emptyCounts = (): OutcomeCounts => ({ pass: 0, fail: 0, incomplete: 0, notApplicable: 0, waived: 0, computed: 0 });

export const emptyTally = (): OutcomeTally => ({ overall: emptyCounts(), bySeverity: { error: 0, warning: 0, info: 0 }, byRule: new Map(), districts: new Map(), enterpriseTypes: new Map() });

export const countKey: Record<Outcome, keyof OutcomeCounts> = {
  pass: "pass",
  fail: "fail",
  incomplete: "incomplete",
  "not-applicable": "notApplicable",
  waived: "waived",
  computed: "computed",
};

/** Counts an outcome overall, for its rule and, when it is a finding (fail, incomplete), by severity; gives its outcome's key. */
export function countOutcome(tally: OutcomeTally, ruleId: string, outcome: Outcome, severity: Severity): keyof OutcomeCounts {
  const key = countKey[outcome];
  tally.overall[key]++;
  let counts = tally.byRule.get(ruleId);
  if (counts === undefined) tally.byRule.set(ruleId, (counts = emptyCounts()));
  counts[key]++;
  if (outcome === "fail" || outcome === "incomplete") tally.bySeverity[severity]++;
  return key;
}

/** The group of records with this key (a district, an enterprise type; null: not given), made when first met. */
export function groupOf(tally: OutcomeTally, dimension: "districts" | "enterpriseTypes", key: string | null): GroupCounts {
  const groups = tally[dimension];
  let group = groups.get(key);
  if (group === undefined) groups.set(key, (group = { records: 0, counts: emptyCounts() }));
  return group;
}

/** Adds what `from` counted to `into`. */
export function addTally(into: OutcomeTally, from: OutcomeTally): void {
  addCounts(into.overall, from.overall);
  for (const severity of Object.keys(from.bySeverity) as Severity[]) into.bySeverity[severity] += from.bySeverity[severity];
  for (const [ruleId, counts] of from.byRule) {
    const own = into.byRule.get(ruleId);
    if (own === undefined) into.byRule.set(ruleId, { ...counts });
    else addCounts(own, counts);
  }
  for (const dimension of ["districts", "enterpriseTypes"] as const) {
    for (const [key, group] of from[dimension]) {
      const own = groupOf(into, dimension, key);
      own.records += group.records;
      addCounts(own.counts, group.counts);
    }
  }
}

function addCounts(into: OutcomeCounts, from: OutcomeCounts): void {
  for (const key of Object.keys(countKey) as Outcome[]) into[countKey[key]] += from[countKey[key]];
}
