import type { CountedOutcome } from "../engine/run-check.js";
import type { Report, Result, ResultList } from "../model/report.js";
import type { SkippedFile } from "../inputs/read-inputs.js";
import type { LoadedRule } from "../rules/load.js";
import type { BatchSummary } from "./batch-summary.js";
import type { EncodedResults } from "./result-entry.js";

/** A finished check as the formats read it. */
export interface CheckRun {
  /** The report; its `results` are the listed ones (read back from `listed` each time they are iterated). */
  report: Report;
  /** The listed results, encoded once as the report writes them (the JSON and NDJSON reports copy these bytes). */
  listed?: EncodedResults;
  /** Every result, when the run was asked to keep them all (`keepAll`) or lists them all. */
  allResults?: ResultList;
  /** The rules that ran (as the config left them), for formats that show titles, fixes and sources. */
  rules: LoadedRule[];
  /** Pass rates per rule, outcomes per district and enterprise type: counted as the run went. */
  batch?: BatchSummary;
  /** Files not read as records: ignored by a pattern, or found in a folder and holding no record. */
  skipped: SkippedFile[];
  /** (Rule, record) pairs a rule could not evaluate within its budget (each is also one of `report.errors`). */
  unevaluated?: number;
  /** Removes the temporary file a large run keeps its results in; the report's results are gone afterwards. */
  dispose?: () => void;
}

/** A (rule, subject) pair's outcome, told for every pair of a run whether or not its result is listed. */
export type OutcomeEvent = CountedOutcome;

/**
 * What a format (or any reader) may be told while a run goes, before it renders: `outcome` for
 * every (rule, subject) pair, a record's outcomes together, records in input order (portfolio
 * groups last); `result` for every result the run built whole (the listed ones, or all of them
 * when a format reads all), in input order, once its line is known. A format that needs every
 * outcome (a rule-by-subject matrix) keeps what it needs from `outcome` without making the run
 * build results it does not list.
 */
export interface ResultSubscriber {
  outcome?(event: OutcomeEvent): void;
  result?(result: Result): void;
}
