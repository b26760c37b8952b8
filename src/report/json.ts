import { contentText } from "../output/write-atomic.js";
import type { Report } from "../model/report.js";
import { encodeResult, RESULT_SEPARATOR } from "../model/result-text.js";
import type { EncodedResults } from "./result-entry.js";

export interface JsonOptions {
  /** Two-space indentation, for a person at a terminal; otherwise compact, one result a line. */
  indent: boolean;
}

/**
 * The machine contract (report version 2): keys in the documented order, a final newline. Compact
 * (files and pipes): no indentation, each result on a line of its own, its text copied as the run
 * encoded it (`listed`). Indented (a terminal): the bytes of `JSON.stringify(report, null, 2)`.
 * Given in pieces, so that a large audit's report never has to exist as one string.
 */
export function* formatJson(report: Report, options: JsonOptions, listed?: EncodedResults): Generator<string | Uint8Array> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  const indent = options.indent;
  yield indent ? "{\n" : "{";
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? "," : "";
    const name = indent ? `  ${JSON.stringify(key)}: ` : `${JSON.stringify(key)}:`;
    if (key === "results") {
      if (report.results.length === 0) {
        yield `${name}[]${comma}${indent ? "\n" : ""}`;
        continue;
      }
      yield `${name}[\n`;
      yield* indent ? indentedResults(resultTexts(report, listed)) : compactResults(report, listed);
      yield indent ? `\n  ]${comma}\n` : `\n]${comma}`;
    } else {
      yield `${name}${indent ? indented(JSON.stringify(value, null, 2), "  ") : JSON.stringify(value)}${comma}${indent ? "\n" : ""}`;
    }
  }
  yield "}\n";
}

/** The JSON report as one string, for callers that want it whole. */
export function formatJsonText(report: Report, options: JsonOptions = { indent: true }, listed?: EncodedResults): string {
  return contentText(formatJson(report, options, listed));
}

/** Each listed result's text, as the run encoded it (or encoded now, for a report made in memory). */
function* resultTexts(report: Report, listed: EncodedResults | undefined): Generator<string> {
  if (listed !== undefined) yield* listed.entryTexts();
  else for (const result of report.results) yield encodeResult(result);
}

/** The results one a line, separated by ",\n": the spill's bytes less its last separator. */
function* compactResults(report: Report, listed: EncodedResults | undefined): Generator<string | Uint8Array> {
  if (listed === undefined) {
    let first = true;
    for (const text of resultTexts(report, undefined)) {
      yield first ? text : RESULT_SEPARATOR + text;
      first = false;
    }
    return;
  }
  yield* listed.bytes(RESULT_SEPARATOR.length);
}

/** Each result as JSON.stringify(report, null, 2) shows it, four spaces in, separated by ",\n". */
function* indentedResults(texts: Iterable<string>): Generator<string> {
  let first = true;
  for (const text of texts) {
    yield (first ? "    " : ",\n    ") + indented(JSON.stringify(JSON.parse(text), null, 2), "    ");
    first = false;
  }
}

function indented(text: string, prefix: string): string {
  return text.includes("\n") ? text.replaceAll("\n", `\n${prefix}`) : text;
}
