import type { InputError } from "../report/model.js";
import type { RawRecord } from "./read-inputs.js";

/** What a streaming reader yields: a record with its origin, or an error with its place. */
export type StreamItem = { record: RawRecord } | { error: InputError };
