import { readValidated, settingsPath } from "../config/shared.js";
import type { Result } from "../model/report.js";
import { compareText } from "../rules/load.js";
import type { Severity } from "../model/vocabulary.js";
import { findingFingerprint } from "./fingerprint.js";
import { baselineFileSchema, type BaselineEntry, type BaselineFile } from "../model/baseline.js";

const HINT = "write it with `szcheck check … --write-baseline <file>`; `szcheck schema baseline` prints its format";

export interface LoadedBaseline {
  /** The file, as reports show it. */
  file: string;
  findings: BaselineEntry[];
}

/** What a run against a baseline found: counts, new findings by severity (what fails the run), and the entries no finding matched. */
export interface BaselineOutcome {
  file: string;
  new: number;
  unchanged: number;
  absent: number;
  newBySeverity: Record<Severity, number>;
  absentFindings: BaselineEntry[];
}

/** Reads a baseline file; a mistake names the file, the key and its line. */
export function loadBaseline(path: string): LoadedBaseline {
  const file = settingsPath(path);
  const { value } = readValidated(path, file, baselineFileSchema(), "baseline", HINT, Object.keys(baselineFileSchema().shape));
  return { file, findings: value.findings };
}

const isFinding = (result: Result): boolean => result.outcome === "fail" || result.outcome === "incomplete";
const keyOf = (rule: string, subject: string, fingerprint: string): string => `${rule}\0${subject}\0${fingerprint}`;

/**
 * Marks each finding new or unchanged as results come, the way waivers are applied: a finding
 * is unchanged when the baseline holds an entry with its rule, subject and fingerprint (each
 * entry matches one finding). A waived failure uses up its entry but gets no state (it fails
 * nothing either way). `outcome` then lists the entries nothing matched: the fixed findings.
 */
export class BaselineMatcher {
  private readonly left = new Map<string, BaselineEntry[]>();
  private readonly counts = { new: 0, unchanged: 0 };
  private readonly newBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };

  constructor(private readonly baseline: LoadedBaseline) {
    for (const entry of baseline.findings) {
      const key = keyOf(entry.rule, entry.subject, entry.fingerprint);
      this.left.set(key, [...(this.left.get(key) ?? []), entry]);
    }
  }

  apply(result: Result): void {
    if (!isFinding(result) && result.outcome !== "waived") return;
    const key = keyOf(result.ruleId, result.subject.id, findingFingerprint(result));
    const entries = this.left.get(key);
    const matched = entries !== undefined && entries.length > 0;
    if (matched) entries.shift();
    if (!isFinding(result)) return;
    result.baseline = matched ? "unchanged" : "new";
    this.counts[result.baseline]++;
    if (!matched) this.newBySeverity[result.severity]++;
  }

  outcome(): BaselineOutcome {
    const absentFindings = [...this.left.values()].flat().sort(compareEntries);
    return { file: this.baseline.file, ...this.counts, absent: absentFindings.length, newBySeverity: { ...this.newBySeverity }, absentFindings };
  }
}

/** The baseline file for a run's findings (fail and incomplete; waived failures have their waiver), sorted so that it diffs well. */
export function baselineDocument(results: Iterable<Result>): BaselineFile {
  const findings: BaselineEntry[] = [];
  for (const result of results) {
    if (!isFinding(result)) continue;
    findings.push({
      rule: result.ruleId,
      subject: result.subject.id,
      fingerprint: findingFingerprint(result),
      outcome: result.outcome as BaselineEntry["outcome"],
      severity: result.severity,
      file: result.subject.file,
      pointer: result.location?.pointer ?? result.subject.pointer,
      message: result.message,
    });
  }
  return { tool: "szcheck", baselineVersion: 1, findings: findings.sort(compareEntries) };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareText(a.rule, b.rule) || compareText(a.subject, b.subject) || compareText(a.fingerprint, b.fingerprint) || compareText(a.pointer, b.pointer);
}
