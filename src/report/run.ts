import type { Report } from "../model/report.js";
import type { SkippedFile } from "../inputs/read-inputs.js";
import type { LoadedRule } from "../rules/load.js";
import type { BatchSummary } from "./batch-summary.js";

/** A finished check as the formats read it. */
export interface CheckRun {
  report: Report;
  /** The rules that ran (as the config left them), for formats that show titles, fixes and sources. */
  rules: LoadedRule[];
  /** Pass rates per rule, outcomes per district and enterprise type: counted as the run went. */
  batch?: BatchSummary;
  /** Files not read as records: ignored by a pattern, or found in a folder and holding no record. */
  skipped: SkippedFile[];
  /** Removes the temporary file a large run keeps its results in; the report's results are gone afterwards. */
  dispose?: () => void;
}
