import { SzcheckError } from "./errors.js";
import { compiledEvaluator } from "./engine/compile.js";
import { evaluateRecords, isFinding, summarize } from "./engine/run-check.js";
import type { LogicEvaluator } from "./engine/three-valued.js";
import { readInputs } from "./inputs/read-inputs.js";
import type { Lang, Report } from "./report/model.js";
import { builtInRulesDir, packageVersion } from "./package-root.js";
import { loadRulePacks, type LoadedRule } from "./rules/load.js";
import { severities, type Severity } from "./rules/schema.js";
import { isCalendarDate } from "./descriptors/primitives.js";

export interface CheckOptions {
  /** Files, folders, globs, or "-" for standard input. */
  paths: string[];
  /** The date rules are judged at when a record has none of its own; default: today. */
  asOf?: string | undefined;
  lang?: Lang | undefined;
  /** Extra rule packs, loaded after the built-in one; a rule with the same id replaces it. */
  rulesDirs?: string[] | undefined;
  /** Leave out the built-in pack (for authors testing a pack alone). */
  noBuiltInRules?: boolean | undefined;
  only?: string[] | undefined;
  skip?: string[] | undefined;
  /** How JsonLogic is evaluated; default: compiled once to closures (same results as json-logic-js `apply`). */
  evaluator?: LogicEvaluator | undefined;
  readStdin?: (() => Promise<string>) | undefined;
}

export interface CheckRun {
  report: Report;
  /** The rules that ran, for formats that show titles, fixes and sources. */
  rules: LoadedRule[];
}

/** The main job: read the inputs, evaluate the rules, and give the report. Never prints. */
export async function check(options: CheckOptions): Promise<CheckRun> {
  const asOf = options.asOf ?? today();
  if (!isCalendarDate(asOf)) throw new SzcheckError({ message: `--as-of ${asOf} is not a date`, hint: "write it YYYY-MM-DD, e.g. --as-of 2024-06-30" });
  const lang = options.lang ?? "zh";
  const pack = loadRulePacks([...(options.noBuiltInRules === true ? [] : [builtInRulesDir()]), ...(options.rulesDirs ?? [])]);
  const rules = selectRules(pack.rules, options.only, options.skip);
  const input = await readInputs(options.paths, { readStdin: options.readStdin });
  const evaluated = evaluateRecords(input.records, rules, { asOf, lang, evaluator: options.evaluator ?? compiledEvaluator });
  const report: Report = {
    tool: "szcheck",
    version: packageVersion(),
    asOf,
    lang,
    rulesetHash: pack.hash,
    inputs: input.files,
    summary: summarize(evaluated.results, evaluated.records, rules.length),
    results: evaluated.results,
    errors: [...input.errors, ...evaluated.errors],
  };
  return { report, rules };
}

function selectRules(rules: LoadedRule[], only: string[] | undefined, skip: string[] | undefined): LoadedRule[] {
  const known = new Set(rules.map((rule) => rule.definition.id));
  for (const [flag, ids] of [["--only", only], ["--skip", skip]] as const) {
    const unknown = (ids ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new SzcheckError({ message: `${flag}: no rule with id ${unknown.join(", ")}`, hint: "`szcheck rules list` shows the rule ids" });
    }
  }
  return rules.filter((rule) => (only === undefined || only.length === 0 || only.includes(rule.definition.id)) && !(skip ?? []).includes(rule.definition.id));
}

export type FailOn = Severity | "none";

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** 0: nothing at or above the threshold; 1: a finding at or above it; 2: inputs were invalid. */
export function exitCodeOf(report: Report, failOn: FailOn, skipInvalid = false): 0 | 1 | 2 {
  if (report.errors.length > 0 && !skipInvalid) return 2;
  if (failOn === "none") return 0;
  return report.results.some((result) => isFinding(result) && rank[result.severity] >= rank[failOn]) ? 1 : 0;
}

export const failOnChoices = [...severities, "none"] as const;

function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
