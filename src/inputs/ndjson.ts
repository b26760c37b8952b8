import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { InputError } from "../model/report.js";
import { DecodingStream, type Encoding } from "./decode.js";
import { nestingDepth } from "./limits.js";
import type { RawRecord, StreamItem } from "./record-stream.js";
import type { Lang } from "./say.js";

/**
 * Reads NDJSON / JSON Lines one line at a time, so memory does not grow with the file. The
 * pointer of a record is its line number (`/12` is line 12); blank lines are skipped. The bytes
 * are decoded by the one rule for text files (UTF-8, else GB18030; else an error naming the line).
 * With `deferParsing`, each line comes as its text (`RawRecord.text`), parsed where the record is
 * evaluated (`parseRecordText`): on a worker thread when there are some.
 */
export async function* readNdjson(path: string, file: string, encoding?: Encoding, lang: Lang = "en", deferParsing = false): AsyncGenerator<StreamItem> {
  const decoder = new DecodingStream(file, encoding, lang);
  let failed: Error | undefined;
  decoder.on("error", (error) => void (failed = error));
  const lines = createInterface({ input: createReadStream(path).pipe(decoder), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === "") continue;
    const origin = { file, pointer: `/${number}`, line: number };
    if (deferParsing) {
      yield { record: { raw: undefined, text: line, origin } };
      continue;
    }
    const parsed = parseLine(line, origin);
    yield "error" in parsed ? parsed : { record: { raw: parsed.value, origin } };
  }
  if (failed !== undefined) throw failed;
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
