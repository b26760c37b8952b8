import type { Report } from "./model.js";

/** The machine contract: keys in the documented order, two-space indent, a final newline. */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}
