import type { InputError } from "../report/model.js";
import type { Intake } from "../report/intake-model.js";
import type { RawRecord } from "./read-inputs.js";

/** What a streaming reader yields: a record with its origin, or an error with its place. */
export type StreamItem = { record: RawRecord } | { error: InputError };

/** What a spreadsheet or CSV reader yields last: how it read the file. */
export type IntakeItem = { intake: Intake };
