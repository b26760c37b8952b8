import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { DecodingStream, type Encoding } from "./decode.js";
import type { StreamItem } from "./record-stream.js";
import type { Lang } from "./say.js";

/**
 * Reads NDJSON / JSON Lines one line at a time, so memory does not grow with the file. The
 * pointer of a record is its line number (`/12` is line 12); blank lines are skipped. The bytes
 * are decoded by the one rule for text files (UTF-8, else GB18030; else an error naming the line).
 */
export async function* readNdjson(path: string, file: string, encoding?: Encoding, lang: Lang = "en"): AsyncGenerator<StreamItem> {
  const decoder = new DecodingStream(file, encoding, lang);
  let failed: Error | undefined;
  decoder.on("error", (error) => void (failed = error));
  const lines = createInterface({ input: createReadStream(path).pipe(decoder), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { error: { file, pointer: `/${number}`, message: `line ${number} is not valid JSON: ${(error as Error).message.replace(/ in JSON at position.*$/, "")}` } };
      continue;
    }
    yield { record: { raw: value, origin: { file, pointer: `/${number}`, line: number } } };
  }
  if (failed !== undefined) throw failed;
}
