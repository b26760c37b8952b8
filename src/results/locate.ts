import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { locatePointers, type Position } from "../inputs/source-positions.js";
import type { InputError, Result } from "../model/report.js";

const DOCUMENT = /\.(json|ya?ml)$/i;
/** Readers of these files give each record's line themselves (a row, an NDJSON line). */
const STREAMED = /\.(ndjson|jsonl|csv)$|\.xlsx(\[.*\])?$/i;

/** A result whose line can only be found by reading its JSON/YAML file again. */
export function needsLocating(result: Result): boolean {
  return result.location !== null && result.location.line === null && isDocument(result.subject.file);
}

/**
 * Fills in the lines and columns of one file's results and input errors, once the file has been
 * read: a JSON/YAML file is read again (only if its bytes are those that were checked) and
 * indexed once, for both, and the index dropped, so memory does not grow with the batch.
 * Records from streamed files (NDJSON, CSV, XLSX) carry their line already; errors there take
 * it from their pointer (`/12` is line or row 12).
 */
export function locateFile(file: string, sha256: string, stdinText: string | undefined, results: readonly Result[], errors: readonly InputError[]): void {
  const pointers = new Set<string>();
  for (const result of results) if (result.location !== null && needsLocating(result)) pointers.add(result.location.pointer);
  for (const error of errors) {
    if (error.line !== undefined && error.line !== null) continue;
    if (STREAMED.test(error.file)) {
      const row = /^\/(\d+)/.exec(error.pointer);
      if (row !== null) error.line = Number(row[1]);
    } else if (error.pointer !== "" && isDocument(error.file)) {
      pointers.add(error.pointer);
    }
  }
  if (pointers.size === 0) return;
  const located = locateIn(file, pointers, sha256, stdinText);
  if (located === undefined) return;
  for (const result of results) {
    const position = result.location === null ? undefined : located.get(result.location.pointer);
    if (position !== undefined && result.location !== null) {
      result.location.line = position.line;
      result.location.column = position.column;
    }
  }
  for (const error of errors) {
    const position = located.get(error.pointer);
    if (position !== undefined && isDocument(error.file)) {
      error.line = position.line;
      error.column = position.column;
    }
  }
}

function locateIn(file: string, pointers: Set<string>, sha256: string | undefined, stdinText: string | undefined): Map<string, Position | undefined> | undefined {
  const text = sourceText(file, sha256, stdinText);
  if (text === undefined) return undefined;
  try {
    return locatePointers(text, pointers, formatOf(file, text));
  } catch {
    // A file that changed shape since it was read keeps its locations without lines.
    return undefined;
  }
}

/** A JSON/YAML file (or standard input): its records' lines are found by reading it again. */
export const isDocument = (file: string): boolean => file === "-" || DOCUMENT.test(file);

/** The text that was checked, or undefined when the file is gone or has changed since. */
function sourceText(file: string, expectedSha256: string | undefined, stdinText: string | undefined): string | undefined {
  let bytes: Buffer;
  try {
    bytes = file === "-" ? Buffer.from(stdinText ?? "", "utf8") : readFileSync(file);
  } catch {
    return undefined;
  }
  if (file === "-" && stdinText === undefined) return undefined;
  if (expectedSha256 !== undefined && expectedSha256 !== "" && createHash("sha256").update(bytes).digest("hex") !== expectedSha256) return undefined;
  const text = bytes.toString("utf8");
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

function formatOf(file: string, text: string): "json" | "yaml" {
  if (file === "-") return /^\s*[[{]/.test(text) ? "json" : "yaml";
  return extname(file).toLowerCase() === ".json" ? "json" : "yaml";
}
