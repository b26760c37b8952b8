import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { locatePointers, type Position } from "../inputs/source-positions.js";
import type { Report } from "./model.js";

export interface LocateOptions {
  /** The text read from standard input (`-`), kept for this. */
  stdinText?: string | undefined;
  /** Called between files, so that a long pass can be interrupted. */
  between?: () => Promise<void>;
}

const DOCUMENT = /\.(json|ya?ml)$/i;
/** Readers of these files give each record's line themselves (a row, an NDJSON line). */
const STREAMED = /\.(ndjson|jsonl|csv)$|\.xlsx(\[.*\])?$/i;

/**
 * Fills in the line and column of every result's location and every input error, file by file:
 * each JSON/YAML file is read again (and only if its bytes are those that were checked) and
 * indexed once, and the index dropped before the next file, so memory does not grow with the
 * batch. Records from streamed files (NDJSON, CSV, XLSX) carry their line already; errors there
 * take it from their pointer (`/12` is line or row 12).
 */
export async function resolveLocations(report: Report, options: LocateOptions = {}): Promise<void> {
  const wanted = new Map<string, Set<string>>();
  const want = (file: string, pointer: string): void => {
    let pointers = wanted.get(file);
    if (pointers === undefined) wanted.set(file, (pointers = new Set()));
    pointers.add(pointer);
  };
  for (const result of report.results) {
    if (result.location !== null && result.location.line === null && isDocument(result.subject.file)) want(result.subject.file, result.location.pointer);
  }
  for (const error of report.errors) {
    if (error.line !== null) continue;
    if (STREAMED.test(error.file)) {
      const row = /^\/(\d+)/.exec(error.pointer);
      if (row !== null) error.line = Number(row[1]);
    } else if (error.pointer !== "" && isDocument(error.file)) want(error.file, error.pointer);
  }
  const sha256 = new Map(report.inputs.map((input) => [input.file, input.sha256]));
  const located = new Map<string, Map<string, Position | undefined>>();
  for (const [file, pointers] of [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = sourceText(file, sha256.get(file), options.stdinText);
    if (text !== undefined) {
      try {
        located.set(file, locatePointers(text, pointers, formatOf(file, text)));
      } catch {
        // A file that changed shape since it was read keeps its locations without lines.
      }
    }
    await options.between?.();
  }
  for (const result of report.results) {
    const position = result.location === null ? undefined : located.get(result.subject.file)?.get(result.location.pointer);
    if (position !== undefined && result.location !== null) {
      result.location.line = position.line;
      result.location.column = position.column;
    }
  }
  for (const error of report.errors) {
    const position = located.get(error.file)?.get(error.pointer);
    if (position !== undefined) {
      error.line = position.line;
      error.column = position.column;
    }
  }
}

const isDocument = (file: string): boolean => file === "-" || DOCUMENT.test(file);

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
