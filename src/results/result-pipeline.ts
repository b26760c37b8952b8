import type { BaselineMatcher } from "../baseline/baseline.js";
import type { WaiverLedger } from "../config/waivers.js";
import type { RecordAttributes } from "../engine/record-attributes.js";
import type { CountedOutcome } from "../engine/run-check.js";
import type { EncodedBatch, SpillPlan } from "../engine/encoded-batch.js";
import { BatchTally } from "../report/batch-summary.js";
import { isDocument, locateFile, needsLocating } from "./locate.js";
import { findingOutcomes, type InputError, type Lang, type Listing, type Outcome, type Result } from "../model/report.js";
import type { LoadedRule } from "../rules/load.js";
import { encodeResult } from "../model/result-text.js";
import { ResultDecoder } from "../report/result-entry.js";
import type { ResultSubscriber } from "../report/run.js";
import { ResultSpill } from "./result-spill.js";

export interface PipelineOptions {
  waivers: WaiverLedger | undefined;
  /** Marks findings new or unchanged (--baseline); after the waivers, so that a waived failure is not a new finding. */
  baseline?: BaselineMatcher | undefined;
  /** Fill in lines and columns of results from JSON/YAML files (each is read again once done). */
  locations: boolean;
  /** Which results the report lists. */
  listing: Listing;
  /** Keep every result too (for a format that reads all of them) when the report lists findings only. */
  keepAll: boolean;
  rules: readonly LoadedRule[];
  lang: Lang;
  subscribers?: readonly ResultSubscriber[] | undefined;
  /** Encoded results kept in memory before they go to a temporary file. */
  spillBytes?: number | undefined;
}

/**
 * Where a run's results go, a record at a time, as they are evaluated: waivers applied, the
 * summaries counted, lines found, and each listed result encoded once into the spill. Nothing
 * here grows with the batch except the spill and the results of the one JSON/YAML file being
 * read, which wait for their lines.
 */
export class ResultPipeline {
  /** The results the report lists, encoded. */
  readonly listed: ResultSpill;
  /** Every result, encoded, when a format reads all of them and the report lists findings only. */
  readonly all: ResultSpill | undefined;
  /** The report's summary and the batch summary, counted as results come. */
  readonly batch = new BatchTally();
  /** Results of the file being read that wait for their lines; everything after them waits too, to keep the order. */
  private waiting: Array<Result | EncodedBatch> = [];
  private readonly listsAll: boolean;
  private readonly subscribers: readonly ResultSubscriber[];
  private readonly outcomeSubscribers: readonly ResultSubscriber[];

  constructor(private readonly options: PipelineOptions) {
    const decoder = new ResultDecoder(options.rules, options.lang);
    this.listed = new ResultSpill(decoder, options.spillBytes);
    this.listsAll = options.listing === "all";
    this.all = options.keepAll && !this.listsAll ? new ResultSpill(decoder, options.spillBytes) : undefined;
    this.subscribers = (options.subscribers ?? []).filter((subscriber) => subscriber.result !== undefined);
    this.outcomeSubscribers = (options.subscribers ?? []).filter((subscriber) => subscriber.outcome !== undefined);
  }

  /** Whether results of this outcome are built whole (listed, or kept for a format that reads all). */
  builds(outcome: Outcome): boolean {
    return this.listsAll || this.all !== undefined || findingOutcomes.includes(outcome);
  }

  /** How results are kept, for a worker thread that encodes them (`encoded`). */
  get spillPlan(): SpillPlan {
    return { listsAll: this.listsAll, keepsAll: this.all !== undefined };
  }

  /**
   * Whether the results of this file's records may come counted and encoded (`encoded`): when
   * nothing here would change them or look at them one by one (waivers, a baseline, subscribers)
   * and they need no lines looked up (a JSON/YAML file's do).
   */
  takesEncoded(file: string): boolean {
    return this.options.waivers === undefined && this.options.baseline === undefined && (this.options.subscribers ?? []).length === 0 && !(this.options.locations && isDocument(file));
  }

  /** Valid records counted, and their results encoded, elsewhere (`evaluateEncoded`, for a file `takesEncoded`). */
  encoded(batch: EncodedBatch): void {
    this.batch.add(batch.tally);
    if (this.waiting.length > 0) this.waiting.push(batch);
    else this.storeEncoded(batch);
  }

  /** A valid record: the results built whole, and the outcomes only counted. */
  record(attributes: RecordAttributes, results: Result[], counted: readonly CountedOutcome[]): void {
    for (const result of results) this.mark(result);
    this.batch.record(attributes, results, counted);
    this.tell(results, counted);
    for (const result of results) this.keep(result);
  }

  /** Results that belong to no one record (portfolio groups). */
  batchResults(results: Result[]): void {
    for (const result of results) {
      this.mark(result);
      this.batch.result(result);
    }
    this.tell(results, []);
    for (const result of results) this.keep(result);
  }

  /** A file has been read whole: its results and input errors get their lines (one read of the file), and the results go on. */
  fileDone(file: string, sha256: string, stdinText: string | undefined, errors: readonly InputError[]): void {
    if (this.options.locations) locateFile(file, sha256, stdinText, this.waiting.filter((item): item is Result => !("encoded" in item)), errors);
    this.release();
  }

  /** Call once the inputs are done: every result is encoded. */
  finish(): void {
    this.release();
  }

  dispose(): void {
    this.listed.dispose();
    this.all?.dispose();
  }

  private tell(results: readonly Result[], counted: readonly CountedOutcome[]): void {
    if (this.outcomeSubscribers.length === 0) return;
    for (const subscriber of this.outcomeSubscribers) {
      for (const result of results) subscriber.outcome!({ ruleId: result.ruleId, subject: result.subject, outcome: result.outcome, severity: result.severity });
      for (const event of counted) subscriber.outcome!(event);
    }
  }

  private mark(result: Result): void {
    this.options.waivers?.apply(result);
    this.options.baseline?.apply(result);
  }

  private keep(result: Result): void {
    if (this.waiting.length > 0 || (this.options.locations && needsLocating(result))) this.waiting.push(result);
    else this.store(result);
  }

  private store(result: Result): void {
    const listed = this.listsAll || findingOutcomes.includes(result.outcome);
    if (listed || this.all !== undefined) {
      const text = encodeResult(result);
      if (listed) this.listed.push(text);
      this.all?.push(text);
    }
    for (const subscriber of this.subscribers) subscriber.result!(result);
  }

  private storeEncoded({ listed, all }: EncodedBatch): void {
    this.listed.pushEncoded(listed.bytes, listed.count);
    if (all !== undefined) this.all?.pushEncoded(all.bytes, all.count);
  }

  private release(): void {
    for (const item of this.waiting) {
      if ("encoded" in item) this.storeEncoded(item);
      else this.store(item);
    }
    this.waiting = [];
  }
}
