import type { CheckRun } from "./run.js";
import type { FailThreshold } from "./view.js";
import type { Content } from "../output/write-atomic.js";
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

export type FormatName = keyof typeof formatters;
export const formatNames = Object.keys(formatters) as FormatName[];

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
  return { format: name as FormatName, file };
}
