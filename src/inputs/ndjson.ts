import { open } from "node:fs/promises";
import type { InputError } from "../model/report.js";
import { nestingDepth } from "./limits.js";
import type { RawRecord, StreamItem } from "./record-stream.js";

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface NdjsonOptions {
  /**
   * Give each line's text (`RawRecord.text`) instead of parsing it here: the record is parsed
   * where it is evaluated (`parseRecordText`), on a worker thread when there are some.
   */
  deferParsing?: boolean;
}

/**
 * Reads NDJSON / JSON Lines a chunk of bytes at a time, split at newline bytes (a newline never
 * occurs inside a JSON value, so a line is whole UTF-8), so memory does not grow with the file. The
 * pointer of a record is its line number (`/12` is line 12); blank lines are skipped, a "\r"
 * before the newline is dropped.
 */
export async function* readNdjson(path: string, file: string, options: NdjsonOptions = {}): AsyncGenerator<StreamItem> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer | undefined;
    let number = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const bytes = carry === undefined ? buffer.subarray(0, bytesRead) : Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
        const item = lineItem(bytes, start, end, ++number, file, options);
        if (item !== undefined) yield item;
        start = end + 1;
      }
      // The line cut by the chunk's end, copied: the buffer is read into again.
      carry = start === bytes.length ? undefined : Buffer.from(bytes.subarray(start));
    }
    if (carry !== undefined) {
      const item = lineItem(carry, 0, carry.length, ++number, file, options);
      if (item !== undefined) yield item;
    }
  } finally {
    await handle.close();
  }
}

function lineItem(bytes: Buffer, start: number, end: number, number: number, file: string, options: NdjsonOptions): StreamItem | undefined {
  const stop = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  const raw = bytes.toString("utf8", start, stop);
  const line = number === 1 && raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
  if (line.trim() === "") return undefined;
  const origin = { file, pointer: `/${number}`, line: number };
  if (options.deferParsing === true) return { record: { raw: undefined, text: line, origin } };
  const parsed = parseLine(line, origin);
  return "error" in parsed ? parsed : { record: { raw: parsed.value, origin } };
}

function parseLine(line: string, origin: RawRecord["origin"]): { value: unknown } | { error: InputError } {
  try {
    return { value: JSON.parse(line) as unknown };
  } catch (error) {
    const number = origin.line ?? 0;
    return { error: { file: origin.file, pointer: origin.pointer, message: `line ${number} is not valid JSON: ${(error as Error).message.replace(/ in JSON at position.*$/, "")}` } };
  }
}

/** The message of a record nested too deep: the same wherever the record is parsed. */
export function tooDeepError(origin: RawRecord["origin"], maxDepth: number): InputError {
  return { file: origin.file, pointer: origin.pointer, message: `nested deeper than ${maxDepth} levels: a descriptor is at most a few levels deep (raise with --max-depth)` };
}

/**
 * A deferred record's text parsed, as `readNdjson` and the run's depth check would have done it:
 * its value, or the input error of a line that is not JSON or is nested deeper than `maxDepth`.
 */
export function parseRecordText(record: RawRecord & { text: string }, maxDepth: number): { value: unknown } | { error: InputError } {
  const parsed = parseLine(record.text, record.origin);
  if ("error" in parsed) return parsed;
  return nestingDepth(parsed.value, maxDepth) > maxDepth ? { error: tooDeepError(record.origin, maxDepth) } : parsed;
}
