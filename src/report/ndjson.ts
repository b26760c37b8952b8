import type { Report } from "../model/report.js";
import { encodeResult, RESULT_SEPARATOR } from "../model/result-text.js";
import type { EncodedResults } from "./result-entry.js";

const NEWLINE = 0x0a;

/**
 * NDJSON (JSON Lines): one listed result a line, each exactly as in the JSON report's `results`
 * (its rule's title, clause and parameters are in the JSON report's `rules` table and in
 * `szcheck rules list`), for jq, DuckDB `read_json` and pandas `read_json(lines=True)`. Nothing
 * but results: the summary and input errors are in the JSON report (and input errors on stderr).
 * The lines are the run's encoded results with their separators turned into newlines.
 */
export function* formatNdjson(report: Report, listed?: EncodedResults): Generator<string> {
  if (listed === undefined) {
    for (const result of report.results) yield encodeResult(result) + "\n";
    return;
  }
  let carry: Buffer | undefined;
  for (const chunk of listed.bytes()) {
    const bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    // A newline never occurs inside a result's compact JSON: every ",\n" is a separator.
    yield bytes.toString("utf8", 0, end).replaceAll(RESULT_SEPARATOR, "\n");
    carry = end === bytes.length ? undefined : bytes.subarray(end);
  }
}
