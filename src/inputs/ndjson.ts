import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { duplicateKeyMessage, findDuplicateKey } from "./duplicate-keys.js";
import type { StreamItem } from "./record-stream.js";

/**
 * Reads NDJSON / JSON Lines one line at a time, so memory does not grow with the file. The
 * pointer of a record is its line number (`/12` is line 12); blank lines are skipped.
 */
export async function* readNdjson(path: string, file: string): AsyncGenerator<StreamItem> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number++;
    const line = number === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { error: { file, pointer: `/${number}`, message: `line ${number} is not valid JSON: ${(error as Error).message.replace(/ in JSON at position.*$/, "")}` } };
      continue;
    }
    const duplicate = findDuplicateKey(line, value);
    if (duplicate !== undefined) {
      yield { error: { file, pointer: `/${number}${duplicate.pointer}`, line: number, column: duplicate.offset + 1, message: `${duplicateKeyMessage(duplicate.key, number)}: remove one of them, JSON would silently keep the last` } };
      continue;
    }
    yield { record: { raw: value, origin: { file, pointer: `/${number}`, line: number } } };
  }
}
