import type { CheckRun } from "./run.js";
import type { Result } from "../model/report.js";
import { plainSummaryLine } from "./text.js";
import { isFindingOutcome } from "./view.js";

/**
 * One line per finding, as ESLint's and Spectral's compact formats have it, for editors'
 * problem matchers and grep: `file:line:col: severity rule-id message`. Input errors are
 * `file:line:col: error input-error message`; a portfolio group, which has no file, is named by
 * its id. The last line is the summary.
 */
export function formatCompact(run: CheckRun): string {
  const { report } = run;
  const lines: string[] = [];
  for (const result of report.results) {
    if (!isFindingOutcome(result)) continue;
    const state = result.baseline === undefined ? "" : ` [${result.baseline}]`;
    lines.push(`${placeOf(result)}: ${result.severity} ${result.ruleId}${state} ${oneLine(result.message)}`);
  }
  for (const error of report.errors) lines.push(`${position(error.file, error.line, error.column)}: error input-error ${oneLine(error.pointer === "" ? error.message : `${error.pointer}: ${error.message}`)}`);
  lines.push(plainSummaryLine(report));
  return lines.join("\n") + "\n";
}

function placeOf(result: Result): string {
  if (result.subject.kind === "portfolio" || result.subject.file === "") return result.subject.id;
  return position(result.subject.file, result.location?.line ?? null, result.location?.column ?? null);
}

/** file:line:col, with 0 for what is not known (as ESLint's compact format writes it). */
const position = (file: string, line: number | null, column: number | null): string => `${file}:${line ?? 0}:${column ?? 0}`;

const oneLine = (text: string): string => text.replace(/\s*\r?\n\s*/g, " ");
