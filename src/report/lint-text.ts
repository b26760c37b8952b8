import type { LintReport } from "../authoring/lint.js";

/**
 * `szcheck rules lint` as text: one line a finding, `file:line:col  severity  message  check`
 * (ESLint's order, one line so that editors and grep can jump to it), then a summary line.
 */
export function formatLintText(report: LintReport): string {
  const lines = report.findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.message}  ${f.check}`);
  const rules = `${report.rules} rule${report.rules === 1 ? "" : "s"}`;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (lines.length > 0) lines.push("");
  if (report.findings.length === 0) lines.push(`✔ ${rules} linted: no problems`);
  else lines.push(`${report.errorCount > 0 ? "✖" : "⚠"} ${plural(report.findings.length, "problem")} (${plural(report.errorCount, "error")}, ${plural(report.warningCount, "warning")}) in ${rules}`);
  return lines.join("\n") + "\n";
}
