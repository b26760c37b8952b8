import type { BaselineMatcher } from "../baseline/baseline.js";
import type { WaiverLedger } from "../config/waivers.js";
import type { RecordAttributes } from "../engine/record-attributes.js";
import { BatchTally } from "../report/batch-summary.js";
import { locateFile, needsLocating } from "./locate.js";
import type { InputError, Result } from "../model/report.js";
import { ResultStore } from "./result-store.js";

export interface PipelineOptions {
  waivers: WaiverLedger | undefined;
  /** Marks findings new or unchanged (--baseline); after the waivers, so that a waived failure is not a new finding. */
  baseline?: BaselineMatcher | undefined;
  /** Fill in lines and columns of results from JSON/YAML files (each is read again once done). */
  locations: boolean;
  /** Results kept in memory before the store spills them to a temporary file. */
  spillAfter?: number | undefined;
}

/**
 * Where a run's results go, a record at a time, as they are evaluated: waivers applied, the
 * summaries counted, lines found, and the result stored (in memory, or in
 * a temporary file once there are many). Nothing here grows with the batch except the store's
 * file and the results of the one JSON/YAML file being read, which wait for their lines.
 */
export class ResultPipeline {
  readonly results: ResultStore;
  /** The report's summary and the batch summary, counted as results come. */
  readonly batch = new BatchTally();
  /** Results of the file being read that wait for their lines; everything after them waits too, to keep the order. */
  private waiting: Result[] = [];

  constructor(private readonly options: PipelineOptions) {
    this.results = new ResultStore(options.spillAfter);
  }

  /** A valid record's results. */
  record(attributes: RecordAttributes, results: Result[]): void {
    for (const result of results) this.mark(result);
    this.batch.record(attributes, results);
    for (const result of results) this.keep(result);
  }

  /** Results that belong to no one record (portfolio groups). */
  batchResults(results: Result[]): void {
    for (const result of results) {
      this.mark(result);
      this.batch.result(result);
      this.keep(result);
    }
  }

  /** A file has been read whole: its results and input errors get their lines (one read of the file), and the results go to the store. */
  fileDone(file: string, sha256: string, stdinText: string | undefined, errors: readonly InputError[]): void {
    if (this.options.locations) locateFile(file, sha256, stdinText, this.waiting, errors);
    this.release();
  }

  /** The results, all of them stored; call once the inputs are done. */
  finish(): ResultStore {
    this.release();
    return this.results;
  }

  private mark(result: Result): void {
    this.options.waivers?.apply(result);
    this.options.baseline?.apply(result);
  }

  private keep(result: Result): void {
    if (this.waiting.length > 0 || (this.options.locations && needsLocating(result))) this.waiting.push(result);
    else this.results.push(result);
  }

  private release(): void {
    for (const result of this.waiting) this.results.push(result);
    this.waiting = [];
  }
}
