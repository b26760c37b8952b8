import type { RuleDefinition, Severity } from "./schema.js";

/** A rule ready to evaluate: its definition, where it came from, and its severity in force. */
export interface LoadedRule {
  definition: RuleDefinition;
  file: string;
  severity: Severity;
  /** The parameter values as rules read them (`params.name`). */
  paramValues: Record<string, unknown>;
  /** The raw text, hashed into the report's rulesetHash. */
  text: string;
}
