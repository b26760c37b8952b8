import type { Strength } from "../rules/schema.js";
import type { Outcome, Result } from "../model/report.js";
import { placeOf, type Place } from "./place.js";
import { buildingId, groupByRecord, outcomeRank, recordPointer } from "./view.js";

/**
 * Results as a table of subjects × rules: what the xlsx matrix and the annotated copy of an
 * input show. Pure functions of the results, a record at a time (a run gives each record's
 * results together), so a writer holds one record, never the batch.
 */

/** One subject (an enterprise, a project, a building) and the outcome of each rule about it. */
export interface SubjectVerdicts {
  kind: Result["subject"]["kind"];
  id: string;
  name: string;
  place: Place | undefined;
  outcomes: Map<string, Outcome>;
  /** The outcome a reader acts on: the worst of its rules' (`conclusionOf`). */
  conclusion: Outcome;
  /** Failures and incomplete results. */
  findings: number;
}

/** A record (a row of the client's sheet) and the verdict of each rule across it and its buildings. */
export interface RecordVerdicts {
  file: string;
  pointer: string;
  place: Place | undefined;
  results: Result[];
  /** Per rule: its worst outcome over the record and its buildings, and the buildings that outcome is about. */
  byRule: Map<string, { outcome: Outcome; buildings: string[]; results: Result[] }>;
  conclusion: Outcome;
}

/**
 * The worst outcome a reader acts on: 不符合, then 数据不全, then 豁免, then 符合; 不适用 when no
 * rule applied. Computed results (figures, not verdicts) do not count.
 */
export function conclusionOf(outcomes: Iterable<Outcome>): Outcome {
  let worst: Outcome = "not-applicable";
  for (const outcome of outcomes) if (outcome !== "computed" && outcomeRank[outcome] < outcomeRank[worst]) worst = outcome;
  return worst;
}

const isFinding = (outcome: Outcome): boolean => outcome === "fail" || outcome === "incomplete";

/** Each subject of each record, in the report's order: a project, then its buildings. */
export function* subjectVerdicts(results: Iterable<Result>): Generator<SubjectVerdicts> {
  for (const group of groupByRecord(results)) {
    if (group.results[0]!.subject.kind === "portfolio") continue;
    const subjects = new Map<string, SubjectVerdicts>();
    for (const result of group.results) {
      const key = `${result.subject.kind}\u0000${result.subject.id}`;
      let subject = subjects.get(key);
      if (subject === undefined) {
        subject = { kind: result.subject.kind, id: result.subject.id, name: result.subject.name, place: placeOf(result), outcomes: new Map(), conclusion: "not-applicable", findings: 0 };
        subjects.set(key, subject);
      }
      subject.outcomes.set(result.ruleId, result.outcome);
      if (isFinding(result.outcome)) subject.findings++;
      // In a JSON/YAML file, the subject's line is the first line any of its rules read.
      const line = result.location?.line;
      if (subject.place !== undefined && !subject.place.tabular && typeof line === "number" && (subject.place.row === null || line < subject.place.row)) subject.place.row = line;
    }
    for (const subject of subjects.values()) {
      subject.conclusion = conclusionOf(subject.outcomes.values());
      yield subject;
    }
  }
}

/** Each record with its rules' verdicts, in the report's order (portfolio groups left out). */
export function* recordVerdicts(results: Iterable<Result>): Generator<RecordVerdicts> {
  for (const group of groupByRecord(results)) {
    const first = group.results[0]!;
    if (first.subject.kind === "portfolio") continue;
    const byRule = new Map<string, { outcome: Outcome; buildings: string[]; results: Result[] }>();
    for (const result of group.results) {
      const entry = byRule.get(result.ruleId);
      const building = buildingId(result);
      if (entry === undefined) {
        byRule.set(result.ruleId, { outcome: result.outcome, buildings: building === undefined ? [] : [building], results: [result] });
        continue;
      }
      entry.results.push(result);
      if (outcomeRank[result.outcome] < outcomeRank[entry.outcome]) {
        entry.outcome = result.outcome;
        entry.buildings = building === undefined ? [] : [building];
      } else if (result.outcome === entry.outcome && building !== undefined) {
        entry.buildings.push(building);
      }
    }
    yield { file: first.subject.file, pointer: recordPointer(first), place: placeOf(first), results: group.results, byRule, conclusion: conclusionOf([...byRule.values()].map((entry) => entry.outcome)) };
  }
}

/** How a verdict cell looks: a fill and a font colour (ARGB), muted for an encouraged rule's failure. */
export interface VerdictStyle {
  fill: string;
  font: string;
}

const verdictStyles: Record<Outcome, VerdictStyle> = {
  pass: { fill: "FFC6EFCE", font: "FF006100" },
  fail: { fill: "FFFFC7CE", font: "FF9C0006" },
  incomplete: { fill: "FFFFEB9C", font: "FF9C5700" },
  "not-applicable": { fill: "FFF2F2F2", font: "FF808080" },
  waived: { fill: "FFE4DFEC", font: "FF5B4A8B" },
  computed: { fill: "FFDDEBF7", font: "FF1F4E79" },
};

/** An encouraged rule that is not met is advice, not a breach: shown in a soft colour, not red. */
const encouragedFail: VerdictStyle = { fill: "FFFCE4D6", font: "FF833C0B" };

export function verdictStyle(outcome: Outcome, strength: Strength | undefined): VerdictStyle {
  return outcome === "fail" && strength === "encouraged" ? encouragedFail : verdictStyles[outcome];
}
