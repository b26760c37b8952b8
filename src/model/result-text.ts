import type { Assumption, Result } from "./report.js";

/**
 * A result as the report writes it (the `ResultEntry` of report version 2), as compact JSON:
 * the only place a result becomes JSON. The JSON and NDJSON reports copy its text; worker
 * threads encode with it too, so a result's bytes are the same whichever thread made them.
 */
export function encodeResult(result: Result): string {
  return JSON.stringify({
    ruleId: result.ruleId,
    subject: result.subject,
    outcome: result.outcome,
    severity: result.severity,
    message: result.message,
    values: result.values,
    missing: result.missing,
    measure: result.measure,
    outputs: result.outputs,
    // A rule's parameter by its name (the rules table describes it); anything else (the --as-of date of an undated record, a portfolio duplicate) whole.
    assumptions: result.assumptions.length === 0 ? NO_NAMES : result.assumptions.map((assumption) => (isRuleParam(assumption) ? assumption.param : assumption)),
    waiver: result.waiver,
    location: result.location,
    // Only with --baseline (main's report had it last too).
    ...(result.baseline === undefined ? {} : { baseline: result.baseline }),
  });
}

const NO_NAMES: string[] = [];

/** Whether an assumption is a rule parameter the rules table describes (not one a run adds: asOf, a duplicate). */
const isRuleParam = (assumption: Assumption): boolean => /^[a-zA-Z][a-zA-Z0-9]*$/.test(assumption.param) && assumption.param !== "asOf";

/** What follows each encoded result where results are kept together: the JSON report's separator. A newline never occurs inside compact JSON, so ",\n" only ever ends a result. */
export const RESULT_SEPARATOR = ",\n";
