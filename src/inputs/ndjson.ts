import { createReadStream } from "node:fs";
import { mebibytes } from "../files/read-file.js";
import { DecodingStream, type Encoding } from "./decode.js";
import type { InputError } from "../model/report.js";
import { duplicateKeyMessage, findDuplicateKey } from "./duplicate-keys.js";
import { nestingDepth } from "./limits.js";
import type { RawRecord, StreamItem } from "./record-stream.js";
import type { Lang } from "./say.js";

/**
 * Reads NDJSON / JSON Lines one line at a time, so memory does not grow with the file. The
 * pointer of a record is its line number (`/12` is line 12); blank lines are skipped. A line
 * longer than `maxLineBytes` is an error for that line (its bytes are skipped, not kept), and
 * the lines after it are still read. The bytes are decoded by the one rule for text files
 * (UTF-8, else GB18030; else an error naming the line). With `deferParsing`, each line comes as
 * its text (`RawRecord.text`), parsed where the record is evaluated (`parseRecordText`): on a
 * worker thread when there are some.
 */
export async function* readNdjson(path: string, file: string, maxLineBytes: number, encoding?: Encoding, lang: Lang = "en", deferParsing = false): AsyncGenerator<StreamItem> {
  const decoder = new DecodingStream(file, encoding, lang, true);
  let failed: Error | undefined;
  decoder.on("error", (error) => void (failed = error));
  let number = 0;
  for await (const line of linesOf(createReadStream(path).pipe(decoder), maxLineBytes)) {
    number++;
    if (line === undefined) {
      yield { error: { file, pointer: `/${number}`, line: number, message: `line ${number} is over the ${mebibytes(maxLineBytes)} limit for one record (raise it with --max-file-size)` } };
      continue;
    }
    const text = number === 1 ? line.replace(/^\uFEFF/, "") : line;
    if (text.trim() === "") continue;
    const origin = { file, pointer: `/${number}`, line: number };
    if (deferParsing) {
      yield { record: { raw: undefined, text, origin } };
      continue;
    }
    const parsed = parseLine(text, origin);
    yield "error" in parsed ? parsed : { record: { raw: parsed.value, origin } };
  }
  if (failed !== undefined) throw failed;
}

/** The lines of a text stream (split at \n, a \r before it dropped); undefined in place of a line over `maxBytes`. */
async function* linesOf(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string | undefined> {
  let pieces: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  const line = (): string | undefined => {
    const text = tooLong ? undefined : Buffer.concat(pieces, length).toString("utf8");
    pieces = [];
    length = 0;
    tooLong = false;
    return text?.endsWith("\r") === true ? text.slice(0, -1) : text;
  };
  const add = (piece: Buffer): void => {
    if (tooLong) return;
    length += piece.length;
    if (length > maxBytes) {
      tooLong = true;
      pieces = [];
    } else pieces.push(piece);
  };
  for await (const piece of source) {
    const chunk = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      add(chunk.subarray(start, end));
      yield line();
      start = end + 1;
    }
    if (start < chunk.length) add(chunk.subarray(start));
  }
  if (length > 0 || tooLong) yield line();
}

/** A line parsed: its value, or the error of a line that is not JSON or repeats a key. */
function parseLine(text: string, origin: RawRecord["origin"]): { value: unknown } | { error: InputError } {
  const number = origin.line ?? 0;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: { file: origin.file, pointer: origin.pointer, message: `line ${number} is not valid JSON: ${(error as Error).message.replace(/ in JSON at position.*$/, "")}` } };
  }
  const duplicate = findDuplicateKey(text, value);
  if (duplicate !== undefined) {
    return { error: { file: origin.file, pointer: `${origin.pointer}${duplicate.pointer}`, line: number, column: duplicate.offset + 1, message: `${duplicateKeyMessage(duplicate.key, number)}: remove one of them, JSON would silently keep the last` } };
  }
  return { value };
}

/** The message of a record nested too deep: the same wherever the record is parsed. */
export function tooDeepError(origin: RawRecord["origin"], maxDepth: number): InputError {
  return { file: origin.file, pointer: origin.pointer, message: `nested deeper than ${maxDepth} levels: a descriptor is at most a few levels deep (raise with --max-depth)` };
}

/**
 * A deferred record's text parsed, as `readNdjson` and the run's depth check would have done it:
 * its value, or the input error of a line that is not JSON, repeats a key or is nested deeper
 * than `maxDepth`.
 */
export function parseRecordText(record: RawRecord & { text: string }, maxDepth: number): { value: unknown } | { error: InputError } {
  const parsed = parseLine(record.text, record.origin);
  if ("error" in parsed) return parsed;
  return nestingDepth(parsed.value, maxDepth) > maxDepth ? { error: tooDeepError(record.origin, maxDepth) } : parsed;
}
