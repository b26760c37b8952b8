import type { RawRecord } from "../inputs/read-inputs.js";
import { emptyTally, type OutcomeTally } from "../model/outcome-tally.js";
import { findingOutcomes, type InputError, type Result } from "../model/report.js";
import { encodeResult, RESULT_SEPARATOR } from "../model/result-text.js";
import type { TallyEntry } from "./portfolio.js";
import type { RecordEvaluator } from "./run-check.js";

/** Where a run keeps its results: what a worker needs to know to encode them for it. */
export interface SpillPlan {
  /** Every result is listed (`--results all`); else the findings only. */
  listsAll: boolean;
  /** Every result is kept besides (a format reads all of them) while the report lists findings only. */
  keepsAll: boolean;
}

/** Results encoded as the run's spill keeps them: each `encodeResult` text followed by RESULT_SEPARATOR, as UTF-8. */
export interface EncodedResultBytes {
  bytes: Uint8Array;
  count: number;
}

/**
 * A batch of records evaluated on a worker thread for a run whose results need nothing more
 * before they are reported (no waivers, no baseline, nobody listening to results, no lines to
 * look up): everything the run takes of the batch, in input order, with its outcomes counted
 * (`tally`) and its results already encoded. Plain data and two byte arrays, posted once.
 */
export interface EncodedBatch {
  encoded: true;
  /** Records of the batch, read or not. */
  records: number;
  /** The valid ones. */
  valid: number;
  /** Errors of the invalid records (each counts as invalid in the run's progress). */
  invalid: number;
  /** Lines that could not be read as records (not JSON, too deep): not counted in their file's records. */
  unread: number;
  /** Input errors, in input order: unreadable lines, invalid records, rules over their budget on a record. */
  errors: InputError[];
  /** (Rule, record) pairs a rule could not evaluate within its budget (each has its error in `errors`). */
  unevaluated: number;
  tally: OutcomeTally;
  /**
   * What each portfolio rule keeps of the batch's subjects (`TallyEntry[][]`: in the run's order
   * of portfolio rules, then input order), as JSON: thousands of small objects a batch cost more
   * to post one by one than as one string (a weight is a finite number, a key a string or absent).
   */
  portfolio: string;
  listed: EncodedResultBytes;
  /** Every result, when the run keeps them all besides the listed ones. */
  all: EncodedResultBytes | undefined;
}

/** Evaluates a batch of records and encodes its results, as `ResultPipeline` would have kept them one by one. */
export function evaluateEncoded(run: RecordEvaluator, records: readonly RawRecord[], plan: SpillPlan): EncodedBatch {
  const tally = emptyTally();
  const batch: EncodedBatch = { encoded: true, records: records.length, valid: 0, invalid: 0, unread: 0, errors: [], unevaluated: 0, tally, portfolio: "[]", listed: { bytes: EMPTY, count: 0 }, all: undefined };
  const portfolio: TallyEntry[][] = [];
  const listed = new TextGatherer();
  const all = plan.keepsAll && !plan.listsAll ? new TextGatherer() : undefined;
  for (const record of records) {
    const evaluated = run.evaluate(record, tally);
    if (!evaluated.ok) {
      if ("unread" in evaluated) batch.unread++;
      else batch.invalid += evaluated.errors.length;
      batch.errors.push(...evaluated.errors);
      continue;
    }
    batch.valid++;
    batch.errors.push(...evaluated.unevaluated);
    batch.unevaluated += evaluated.unevaluated.length;
    evaluated.portfolio?.forEach((entries, index) => (portfolio[index] ??= []).push(...entries));
    for (const result of evaluated.results) {
      const text = encodeResult(result);
      if (plan.listsAll || isListedFinding(result)) listed.add(text);
      all?.add(text);
    }
  }
  batch.portfolio = JSON.stringify(portfolio);
  batch.listed = listed.finish();
  batch.all = all?.finish();
  return batch;
}

const isListedFinding = (result: Result): boolean => findingOutcomes.includes(result.outcome);

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/** Texts joined and encoded once, into a buffer of their own (it is transferred to the main thread, not copied). */
class TextGatherer {
  private readonly texts: string[] = [];

  add(text: string): void {
    this.texts.push(text);
  }

  finish(): EncodedResultBytes {
    if (this.texts.length === 0) return { bytes: EMPTY, count: 0 };
    return { bytes: encoder.encode(this.texts.join(RESULT_SEPARATOR) + RESULT_SEPARATOR), count: this.texts.length };
  }
}
