import { existsSync } from "node:fs";
import type { Outcome } from "../model/report.js";
import type { Bilingual, ClauseIndex, PolicyClause, UncheckedSentence } from "../rules/clauses.js";
import type { LoadedRule } from "../rules/load.js";
import { strengthsOf, type Strength, type SubjectKind } from "../rules/schema.js";
import { expectationsOf, loadRuleTests, testFileOf } from "./test-cases.js";

/**
 * The coverage matrix: every clause of the policy → the rules citing it → their test cases by
 * the outcome each case expects; a clause without rules shows the index's reason (unchecked).
 */

/** "none": a case expecting the rule to give no result (`expect: []`). */
export type CoveredOutcome = Outcome | "none";

export interface RuleCoverage {
  id: string;
  strength: Strength;
  /** Every strength its results can have (a rule with strengthWhen has more than one). */
  strengths: Strength[];
  subject: SubjectKind;
  /** The test file, or null when the rule has none. */
  testFile: string | null;
  cases: number;
  /** Cases by the outcome they expect (a case expecting several counts once for each). */
  byOutcome: Partial<Record<CoveredOutcome, number>>;
  /** Outcomes the quality bar asks every rule's cases to show and these do not. */
  lacking: Outcome[];
}

export type ClauseStatus = "checked" | "unchecked" | "uncovered";

export interface ClauseCoverage {
  clause: string;
  part: PolicyClause["part"];
  title: Bilingual;
  status: ClauseStatus;
  rules: RuleCoverage[];
  /** Why nothing in the clause is checked per record (from the index), when it says so. */
  unchecked: Bilingual | null;
  /** For a checked clause: its sentences no rule checks, each with the reason (from the index). */
  uncheckedSentences: UncheckedSentence[];
}

export interface Coverage {
  policy: ClauseIndex["policy"];
  clauses: ClauseCoverage[];
  /** Clauses with a rule or a reason. */
  accounted: number;
  total: number;
  rules: number;
  cases: number;
}

const outcomeOrder: CoveredOutcome[] = ["pass", "fail", "not-applicable", "incomplete", "computed", "waived", "none"];

/** Every rule shows each of these in a case (DESIGN.md, quality bar); a computed rule shows computed instead of pass and fail. */
function expectedOutcomes(strength: Strength): Outcome[] {
  return strength === "computed" ? ["computed", "not-applicable", "incomplete"] : ["pass", "fail", "not-applicable", "incomplete"];
}

export function ruleCoverage(rule: LoadedRule): RuleCoverage {
  const file = testFileOf(rule);
  const base = { id: rule.definition.id, strength: rule.definition.strength, strengths: strengthsOf(rule.definition), subject: rule.definition.subject };
  if (!existsSync(file)) return { ...base, testFile: null, cases: 0, byOutcome: {}, lacking: expectedOutcomes(rule.definition.strength) };
  const tests = loadRuleTests(file);
  const counts = new Map<CoveredOutcome, number>();
  for (const testCase of tests.cases) {
    const expected = expectationsOf(testCase);
    const outcomes = new Set<CoveredOutcome>(expected.length === 0 ? ["none"] : expected.map((e) => e.outcome));
    for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  const byOutcome: RuleCoverage["byOutcome"] = {};
  for (const outcome of outcomeOrder) if (counts.has(outcome)) byOutcome[outcome] = counts.get(outcome)!;
  const lacking = expectedOutcomes(rule.definition.strength).filter((outcome) => !counts.has(outcome));
  return { ...base, testFile: file, cases: tests.cases.length, byOutcome, lacking };
}

export function computeCoverage(index: ClauseIndex, rules: LoadedRule[]): Coverage {
  const byClause = new Map<string, LoadedRule[]>();
  for (const rule of rules) byClause.set(rule.definition.clause, [...(byClause.get(rule.definition.clause) ?? []), rule]);
  const clauses = index.clauses.map((clause): ClauseCoverage => {
    const covered = (byClause.get(clause.id) ?? []).map(ruleCoverage);
    const status: ClauseStatus = covered.length > 0 ? "checked" : clause.unchecked !== undefined ? "unchecked" : "uncovered";
    return { clause: clause.id, part: clause.part, title: clause.title, status, rules: covered, unchecked: clause.unchecked ?? null, uncheckedSentences: clause.uncheckedSentences };
  });
  return {
    policy: index.policy,
    clauses,
    accounted: clauses.filter((c) => c.status !== "uncovered").length,
    total: clauses.length,
    rules: rules.length,
    cases: clauses.reduce((sum, c) => sum + c.rules.reduce((n, r) => n + r.cases, 0), 0),
  };
}
