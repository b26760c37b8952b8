import { createHash } from "node:crypto";
import type { Result } from "../model/report.js";

/**
 * What decided a finding, as 32 hex digits: its rule, subject and outcome, the values the rule
 * read (dotted path → value, keys sorted) and the fields it missed. A field the rule did not
 * read is not in it, so an edit elsewhere in the record leaves the fingerprint as it was; a
 * change to a value the rule read (a different failing figure) makes it a new finding.
 */
export function findingFingerprint(result: Result): string {
  const decided = {
    rule: result.ruleId,
    subject: result.subject.id,
    outcome: result.outcome === "waived" ? "fail" : result.outcome,
    values: Object.keys(result.values)
      .sort()
      .map((path) => [path, canonical(result.values[path])]),
    missing: [...result.missing].sort(),
  };
  return createHash("sha256").update(JSON.stringify(decided)).digest("hex").slice(0, 32);
}

/** A value with its object keys sorted, so that the order a file lists them in does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}
