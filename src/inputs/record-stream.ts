import type { Intake } from "../model/intake.js";
import type { Origin } from "../model/origin.js";
import type { InputError } from "../model/report.js";

/** A record as read, before validation, with where it came from. */
export interface RawRecord {
  raw: unknown;
  /** The record's JSON text not parsed yet (an NDJSON line read with deferred parsing; `raw` is then undefined). */
  text?: string | undefined;
  origin: Origin;
}

/** What a streaming reader yields: a record with its origin, or an error with its place. */
export type StreamItem = { record: RawRecord } | { error: InputError };

/** What a spreadsheet or CSV reader yields last: how it read the file. */
export type IntakeItem = { intake: Intake };
