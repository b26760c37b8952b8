import { contentText } from "../output/write-atomic.js";
import type { Report, Result, ResultList } from "../model/report.js";

/**
 * The machine contract: keys in the documented order, two-space indent, a final newline — the
 * bytes of `JSON.stringify(report, null, 2)`, given in pieces (results a batch at a time), so
 * that a large audit's report never has to exist as one string (V8 caps a string near 512 MiB).
 */
export function* formatJson(report: Report): Generator<string | Uint8Array> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield "{\n";
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? "," : "";
    if (key === "results" && report.results.length > 0) {
      yield `  "results": [\n`;
      yield* resultsJson(report.results);
      yield `\n  ]${comma}\n`;
    } else if (key === "results") {
      yield `  "results": []${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(JSON.stringify(value, null, 2), "  ")}${comma}\n`;
    }
  }
  yield "}\n";
}

/** The JSON report as one string, for callers that want it whole. */
export function formatJsonText(report: Report): string {
  return contentText(formatJson(report));
}

/** A list of results that can give its JSON text itself (a result store that keeps it on disk). */
interface ResultsWithJson extends ResultList {
  resultsJson(): Iterable<string | Uint8Array>;
}

const hasOwnJson = (results: ResultList): results is ResultsWithJson => typeof (results as Partial<ResultsWithJson>).resultsJson === "function";

/** The results as the report's JSON has them (each indented 4, separated by ",\n"), without the brackets. */
function resultsJson(results: ResultList): Iterable<string | Uint8Array> {
  return hasOwnJson(results) ? results.resultsJson() : prettyResults(results);
}

const BATCH = 256;

/** Results as in the report, a batch at a time, separated by ",\n"; no separator after the last. */
export function* prettyResults(results: Iterable<Result>): Generator<string> {
  let batch: Result[] = [];
  let first = true;
  for (const result of results) {
    batch.push(result);
    if (batch.length === BATCH) {
      yield (first ? "" : ",\n") + prettyBatch(batch);
      first = false;
      batch = [];
    }
  }
  if (batch.length > 0) yield (first ? "" : ",\n") + prettyBatch(batch);
}

const OPEN = "[\n  [\n";
const CLOSE = "\n  ]\n]";

/**
 * Results as they appear inside the report's results list: each indented by four spaces, joined
 * by ",\n". Stringifying them two lists deep makes JSON.stringify indent them so, in one call.
 */
export function prettyBatch(batch: readonly Result[]): string {
  const text = JSON.stringify([batch], null, 2);
  return text.slice(OPEN.length, text.length - CLOSE.length);
}

function indented(text: string, prefix: string): string {
  return text.includes("\n") ? text.replaceAll("\n", `\n${prefix}`) : text;
}
