import { parseDescriptor } from "../descriptors/index.js";
import { SzcheckError } from "../errors.js";
import { defaultLimits } from "../inputs/limits.js";
import { parseRecordText } from "../inputs/ndjson.js";
import type { RawRecord } from "../inputs/read-inputs.js";
import type { InputError, Lang, Outcome, Result, SubjectRef } from "../model/report.js";
import { outcomes, type Severity } from "../model/vocabulary.js";
import type { LoadedRule } from "../rules/load.js";
import { EvaluationBudgetExceeded } from "./budget.js";
import { evaluateRule, outcomeOnly, subjectRefOf, type EvaluationOptions } from "./evaluate-rule.js";
import { PortfolioTally, type TallyEntry } from "./portfolio.js";
import { countOutcome, groupOf, type OutcomeTally } from "../model/outcome-tally.js";
import { groupKeyOf, recordAttributesOf, type RecordAttributes } from "./record-attributes.js";
import { subjectsOf, type CheckedRecord } from "./subjects.js";
import { referenceEvaluator, type LogicEvaluator } from "./three-valued.js";

export interface RunOptions {
  asOf: string;
  lang: Lang;
  evaluator?: LogicEvaluator;
  /**
   * Whether a result of this outcome is built whole; the others (passes and not-applicables
   * under the default listing) are told without tracing, values or message, and only counted.
   * Default: every result is built.
   */
  builds?: ((outcome: Outcome) => boolean) | undefined;
  /** The deepest nesting a record read as text (a deferred NDJSON line) may have (default 32, as --max-depth). */
  maxDepth?: number | undefined;
}

/** An outcome told without its result: its rule, subject and severity. */
export interface CountedOutcome {
  ruleId: string;
  subject: SubjectRef;
  outcome: Outcome;
  severity: Severity;
}

/**
 * Validates raw records and evaluates every rule on every subject they hold, all in memory:
 * the results, the records that are invalid (`errors`), and the (rule, record) pairs a rule could
 * not evaluate within its budget (`unevaluated`).
 */
export function evaluateRecords(raws: RawRecord[], rules: LoadedRule[], options: RunOptions): { results: Result[]; errors: InputError[]; unevaluated: InputError[]; records: number } {
  const run = new RecordEvaluator(rules, options);
  const results: Result[] = [];
  const errors: InputError[] = [];
  const unevaluated: InputError[] = [];
  for (const raw of raws) {
    const checked = run.add(raw);
    if (checked.ok) {
      for (const result of checked.results) results.push(result);
      for (const error of checked.unevaluated) unevaluated.push(error);
    } else for (const error of checked.errors) errors.push(error);
  }
  for (const result of run.finish()) results.push(result);
  return { results, errors, unevaluated, records: run.records };
}

/**
 * One record checked: its results, what summaries group it by, and an error at the record's
 * place for each rule that went over its evaluation budget on it (`unevaluated`: that rule has
 * no result for the record, the others do); or why the record is invalid.
 */
export type CheckedRaw = { ok: true; results: Result[]; counted: CountedOutcome[]; attributes: RecordAttributes; unevaluated: InputError[] } | { ok: false; errors: InputError[] };

/**
 * A record evaluated apart from the run's tallies (on a worker thread, say): its check, and
 * what each portfolio rule keeps of its subjects, in the run's order of portfolio rules. Plain
 * data: it can be posted between threads.
 */
export type EvaluatedRaw = (CheckedRaw & { portfolio?: TallyEntry[][] }) | { ok: false; errors: InputError[]; unread: true };

/**
 * A run fed one record at a time (as the inputs are read), so that a long run can be watched and
 * interrupted between records, and keeps nothing of a record once it is checked: `add` gives
 * the record's results, portfolio rules keep a tally of what they need of it, and `finish`
 * gives the portfolio results, which need the whole batch.
 */
export class RecordEvaluator {
  private readonly evaluation: EvaluationOptions;
  private readonly recordRules: LoadedRule[];
  private readonly portfolios: PortfolioTally[];
  /** Whether a result of each outcome is built whole (asked once per outcome, not once per result); undefined: every one is. */
  private readonly builds: Partial<Record<Outcome, boolean>> | undefined;
  private readonly maxDepth: number;
  /** Valid records evaluated so far. */
  records = 0;
  private failed = 0;
  private incomplete = 0;
  private invalid = 0;

  constructor(rules: LoadedRule[], options: RunOptions) {
    this.evaluation = { asOf: options.asOf, lang: options.lang, evaluator: options.evaluator ?? referenceEvaluator };
    const builds = options.builds;
    this.builds = builds === undefined ? undefined : Object.fromEntries(outcomes.map((outcome) => [outcome, builds(outcome)]));
    this.maxDepth = options.maxDepth ?? defaultLimits.maxDepth;
    this.recordRules = rules.filter((rule) => rule.definition.subject !== "portfolio");
    this.portfolios = rules.filter((rule) => rule.definition.subject === "portfolio").map((rule) => new PortfolioTally(rule, this.evaluation));
  }

  /** Checks a record and counts it into the run. */
  add(raw: RawRecord): CheckedRaw {
    return this.accept(this.evaluate(raw));
  }

  /**
   * Checks a record without counting it into the run (`accept` does): the same on any thread.
   * With `countInto`, every outcome of a valid record, of the results built as of those only
   * told, is counted there with the record's group, and `counted` is left empty: for results
   * nothing will change before they are reported (no waivers, no baseline).
   */
  evaluate(input: RawRecord, countInto?: OutcomeTally): EvaluatedRaw {
    const { origin } = input;
    let raw = input.raw;
    if (input.text !== undefined) {
      const read = parseRecordText({ ...input, text: input.text }, this.maxDepth);
      if ("error" in read) return { ok: false, errors: [read.error], unread: true };
      raw = read.value;
    }
    const parsed = parseDescriptor(raw);
    if (!parsed.ok) return { ok: false, errors: parsed.problems.map((problem) => ({ file: origin.file, pointer: origin.pointer + problem.pointer, message: problem.message })) };
    const record: CheckedRecord = { descriptor: parsed.descriptor, origin };
    const subjects = subjectsOf(record);
    const attributes = recordAttributesOf(record);
    const group = countInto === undefined ? undefined : groupOf(countInto, attributes.kind === "project" ? "districts" : "enterpriseTypes", groupKeyOf(attributes));
    if (group !== undefined) group.records++;
    const results: Result[] = [];
    const counted: CountedOutcome[] = [];
    const unevaluated: InputError[] = [];
    for (const rule of this.recordRules) {
      for (const subject of subjects) {
        if (subject.kind !== rule.definition.subject) continue;
        try {
          if (this.builds !== undefined) {
            const outcome = outcomeOnly(rule, subject, this.evaluation);
            if (outcome !== undefined && this.builds[outcome] !== true) {
              if (group !== undefined) group.counts[countOutcome(countInto!, rule.definition.id, outcome, rule.severity)]++;
              else counted.push({ ruleId: rule.definition.id, subject: subjectRefOf(subject), outcome, severity: rule.severity });
              continue;
            }
          }
          const result = evaluateRule(rule, subject, this.evaluation);
          if (group !== undefined) group.counts[countOutcome(countInto!, result.ruleId, result.outcome, result.severity)]++;
          results.push(result);
        } catch (error) {
          if (error instanceof EvaluationBudgetExceeded) unevaluated.push(overBudget(rule, subject.id, origin, error));
          else throw new SzcheckError({ file: rule.file, message: `rule ${rule.definition.id} failed on ${subject.id}: ${(error as Error).message}`, cause: error });
        }
      }
    }
    const portfolio = this.portfolios.map((tally) => {
      const entries: TallyEntry[] = [];
      for (const subject of subjects) {
        try {
          const entry = tally.assessSubject(subject);
          if (entry !== undefined) entries.push(entry);
        } catch (error) {
          if (error instanceof EvaluationBudgetExceeded) unevaluated.push(overBudget(tally.rule, subject.id, origin, error));
          else throw asRuleError(tally.rule, error);
        }
      }
      return entries;
    });
    return { ok: true, results, counted, attributes, portfolio, unevaluated };
  }

  /** Counts an evaluated record into the run, in input order: the progress counts and the portfolio tallies. */
  accept(evaluated: EvaluatedRaw): CheckedRaw {
    if (!evaluated.ok) {
      // A line that could not be read is an input error, not an invalid record.
      if (!("unread" in evaluated)) this.invalid += evaluated.errors.length;
      return evaluated;
    }
    this.records++;
    for (const result of evaluated.results) {
      if (result.outcome === "fail") this.failed++;
      else if (result.outcome === "incomplete") this.incomplete++;
    }
    this.portfolios.forEach((tally, index) => {
      for (const entry of evaluated.portfolio?.[index] ?? []) tally.addEntry(entry);
    });
    return evaluated;
  }

  /** Counts a batch evaluated and counted elsewhere (`evaluateEncoded` on a worker thread) into the run, in input order. */
  acceptCounted(batch: { valid: number; invalid: number; tally: OutcomeTally; portfolio: string }): void {
    this.records += batch.valid;
    this.invalid += batch.invalid;
    this.failed += batch.tally.overall.fail;
    this.incomplete += batch.tally.overall.incomplete;
    if (this.portfolios.length === 0) return;
    const entries = JSON.parse(batch.portfolio) as TallyEntry[][];
    this.portfolios.forEach((tally, index) => {
      for (const entry of entries[index] ?? []) tally.addEntry(entry);
    });
  }

  /** Counts so far, for a progress line: failures, incomplete results, invalid records and input errors. */
  counts(inputErrors: number): { fail: number; incomplete: number; invalid: number } {
    return { fail: this.failed, incomplete: this.incomplete, invalid: this.invalid + inputErrors };
  }

  /** The portfolio results, which follow the per-record ones. */
  finish(): Result[] {
    const results: Result[] = [];
    for (const tally of this.portfolios) {
      try {
        for (const result of tally.finish()) results.push(result);
      } catch (error) {
        throw asRuleError(tally.rule, error);
      }
    }
    return results;
  }
}

/**
 * A rule that went over its evaluation budget on one record's data (a list far longer than the
 * rule expects, say): an error at the record's place, so that the rest of the batch is still
 * checked and the run exits 2. A rule that goes over it on its own test cases fails the load.
 */
function overBudget(rule: LoadedRule, subjectId: string, origin: RawRecord["origin"], error: EvaluationBudgetExceeded): InputError {
  return {
    file: origin.file,
    pointer: origin.pointer,
    message: `rule ${rule.definition.id} could not be evaluated on ${subjectId}: ${error.budgetText}; this record has no result for it. Check the record's lists (one far longer than usual?), or simplify the rule (${rule.file})`,
  };
}

function asRuleError(rule: LoadedRule, error: unknown): SzcheckError {
  if (error instanceof SzcheckError) return error;
  return new SzcheckError({ file: rule.file, message: `rule ${rule.definition.id} failed on the batch: ${(error as Error).message}`, cause: error });
}
