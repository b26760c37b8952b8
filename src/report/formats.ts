import type { Content, Written } from "../output/write-atomic.js";
import type { CheckRun, ResultSubscriber } from "./run.js";
import type { FailThreshold } from "./view.js";
import { didYouMean } from "../did-you-mean.js";
import { formatCompact } from "./compact.js";
import { formatCsv } from "./csv.js";
import { formatGithub } from "./github.js";
import { formatHtml } from "./html.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";
import { formatNdjson } from "./ndjson.js";
import { formatSarif } from "./sarif.js";
import { textPieces } from "./text.js";
import { formatAnnotated } from "./annotated.js";
import { formatXlsx } from "./xlsx.js";

export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  /** --fail-on: what a finding must reach to count as a failure (JUnit marks only those failed). */
  failOn?: FailThreshold;
  /** Written to a terminal: a format with a compact and a readable form (JSON) takes the readable one. */
  terminal?: boolean | undefined;
}

/** What a format gives: the whole text, or its pieces in order (for reports too large for one string), some already UTF-8 bytes. */
export type Rendered = Content;

/** A format that renders as results come: told of every outcome and built result during the run, then asked for its text. */
export interface FormatSession extends ResultSubscriber {
  render(run: CheckRun): Rendered;
}

/**
 * An output format. `reads` says which results it reads from `run.report.results`: the ones
 * the report lists (`--results`, findings by default), or every (rule, subject) pair, which
 * makes the run build them all. A format that renders from what it is told as the run goes
 * (every outcome, listed or not) gives `start`, called before the run; the others `render`,
 * called after it. A format that is files of its own (a workbook, a folder of annotated
 * copies) gives `write`: it needs a path and gives the files to write.
 */
export type ReportFormat = RenderedFormat | StreamingFormat | FileFormat;

interface RenderedFormat {
  reads: "listed" | "all";
  render: (run: CheckRun, options: FormatOptions) => Rendered;
}

interface StreamingFormat {
  reads: "listed" | "all";
  start: (options: FormatOptions) => FormatSession;
}

interface FileFormat {
  reads: "listed" | "all";
  write: (run: CheckRun, path: string) => Promise<Written[]>;
}

/** Every output format (a format never re-evaluates). */
export const formats = {
  text: { reads: "listed", render: (run, options) => textPieces(run.report, { rules: run.rules, color: options.color, quiet: options.quiet }) },
  json: { reads: "listed", render: (run, options) => formatJson(run.report, { indent: options.terminal === true }, run.listed) },
  ndjson: { reads: "listed", render: (run) => formatNdjson(run.report, run.listed) },
  // A test case per rule and subject: passes and not-applicables are test cases too.
  junit: { reads: "all", render: (run, options) => formatJunit(run, options.failOn) },
  sarif: { reads: "listed", render: (run) => formatSarif(run) },
  github: { reads: "listed", render: (run) => formatGithub(run) },
  markdown: { reads: "listed", render: (run, options) => formatMarkdown(run, { quiet: options.quiet }) },
  csv: { reads: "listed", render: (run) => formatCsv(run) },
  html: { reads: "listed", render: (run) => formatHtml(run) },
  // One line per finding: the listed results (findings by default) are all it reads.
  compact: { reads: "listed", render: (run) => formatCompact(run) },
  // The matrix has a cell for every rule and subject, and the copies a verdict for every row:
  // a pass that was not built would show as missing.
  xlsx: { reads: "all", write: async (run, file) => [{ file, content: await formatXlsx(run) }] },
  annotated: { reads: "all", write: (run, dir) => formatAnnotated(run, dir) },
} as const satisfies Record<string, ReportFormat>;

export type FormatName = keyof typeof formats;
export const formatNames = Object.keys(formats) as FormatName[];
export const isFileFormat = (name: FormatName): boolean => "write" in formats[name];

/** Whether any of these formats reads every result (the run then builds them all). */
export const readsAll = (names: readonly FormatName[]): boolean => names.some((name) => (formats[name] as ReportFormat).reads === "all");

/** What a started format gives once the run is done: files to write (file undefined = standard output). */
export interface Output {
  file: string | undefined;
  render: () => Rendered;
}

/** A started format: its session, if it listens during the run, and the outputs it gives after. */
export interface StartedFormat {
  subscriber: ResultSubscriber | undefined;
  outputs(run: CheckRun, file: string | undefined): Promise<Output[]>;
}

/** Starts a format before the run: a session for formats that listen, else the render to call after. */
export function startFormat(name: FormatName, options: FormatOptions): StartedFormat {
  const format = formats[name] as ReportFormat;
  const view = (run: CheckRun): CheckRun => (format.reads === "all" && run.allResults !== undefined ? { ...run, report: { ...run.report, results: run.allResults } } : run);
  if ("write" in format) {
    return {
      subscriber: undefined,
      outputs: async (run, path) => {
        if (path === undefined) throw new Error(`${name} is written to a path, never to standard output`);
        return (await format.write(view(run), path)).map((written) => ({ file: written.file, render: () => written.content }));
      },
    };
  }
  if ("start" in format) {
    const session = format.start(options);
    return { subscriber: session, outputs: async (run, file) => [{ file, render: () => session.render(view(run)) }] };
  }
  return { subscriber: undefined, outputs: async (run, file) => [{ file, render: () => format.render(view(run), options) }] };
}

export interface FormatTarget {
  format: FormatName;
  /** Where to write it; undefined = standard output. */
  file: string | undefined;
}

/** Parses `--format json` or `--format sarif=out/report.sarif`; `json=-` is standard output, as a path of - is everywhere else. */
export function parseFormatTarget(spec: string): FormatTarget | string {
  const [name, ...rest] = spec.split("=");
  const file = rest.length > 0 && rest.join("=") !== "-" ? rest.join("=") : undefined;
  if (!formatNames.includes(name as FormatName)) return `unknown format "${name}"${didYouMean(name ?? "", formatNames)}: use one of ${formatNames.join(", ")}`;
  if (file === "") return `--format ${name}= needs a file name after =`;
  if (file === undefined && isFileFormat(name as FormatName)) return name === "annotated" ? "annotated needs a folder to write the annotated copies in: --format annotated=out/" : `${name} needs a file to write: --format ${name}=report.${name}`;
  return { format: name as FormatName, file };
}
