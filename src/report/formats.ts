import type { CheckRun } from "./run.js";
import type { FailThreshold } from "./view.js";
import type { Content, Written } from "../output/write-atomic.js";
import { didYouMean } from "../did-you-mean.js";
import { formatCompact } from "./compact.js";
import { formatCsv } from "./csv.js";
import { formatGithub } from "./github.js";
import { formatHtml } from "./html.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { textPieces } from "./text.js";
import { formatAnnotated } from "./annotated.js";
import { formatXlsx } from "./xlsx.js";

export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  /** --fail-on: what a finding must reach to count as a failure (JUnit marks only those failed). */
  failOn?: FailThreshold;
}

/** What a format gives: the whole text, or its pieces in order (for reports too large for one string), some already UTF-8 bytes. */
export type Rendered = Content;

/** Every output format: a function from the same run to its text (a format never re-evaluates). */
export const formatters = {
  text: (run: CheckRun, options: FormatOptions) => textPieces(run.report, { rules: run.rules, color: options.color, quiet: options.quiet }),
  json: (run: CheckRun) => formatJson(run.report),
  junit: (run: CheckRun, options: FormatOptions) => formatJunit(run, options.failOn),
  sarif: (run: CheckRun) => formatSarif(run),
  github: (run: CheckRun) => formatGithub(run),
  markdown: (run: CheckRun, options: FormatOptions) => formatMarkdown(run, { quiet: options.quiet }),
  csv: (run: CheckRun) => formatCsv(run),
  html: (run: CheckRun) => formatHtml(run),
  compact: (run: CheckRun) => formatCompact(run),
} as const satisfies Record<string, (run: CheckRun, options: FormatOptions) => Rendered>;

/**
 * Formats that are files of their own rather than text: a workbook, a folder of annotated copies
 * of the inputs. Each needs a path (`--format xlsx=report.xlsx`) and gives the files to write.
 */
export const fileFormatters = {
  xlsx: async (run: CheckRun, file: string): Promise<Written[]> => [{ file, content: await formatXlsx(run) }],
  annotated: (run: CheckRun, dir: string): Promise<Written[]> => formatAnnotated(run, dir),
} as const satisfies Record<string, (run: CheckRun, path: string) => Promise<Written[]>>;

export type TextFormatName = keyof typeof formatters;
export type FileFormatName = keyof typeof fileFormatters;
export type FormatName = TextFormatName | FileFormatName;
export const textFormatNames = Object.keys(formatters) as TextFormatName[];
export const formatNames = [...textFormatNames, ...Object.keys(fileFormatters)] as FormatName[];
export const isFileFormat = (name: FormatName): name is FileFormatName => name in fileFormatters;

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
