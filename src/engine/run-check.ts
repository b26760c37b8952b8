import { parseDescriptor } from "../descriptors/index.js";
import { SzcheckError } from "../errors.js";
import type { RawRecord } from "../inputs/read-inputs.js";
import type { InputError, Lang, Report, Result } from "../report/model.js";
import type { LoadedRule } from "../rules/load.js";
import { evaluateRule, type EvaluationOptions } from "./evaluate-rule.js";
import { evaluatePortfolio } from "./portfolio.js";
import { recordAttributesOf, type RecordAttributes } from "./record-attributes.js";
import { subjectsOf, type CheckedRecord } from "./subjects.js";
import { referenceEvaluator, type LogicEvaluator } from "./three-valued.js";

export interface RunOptions {
  asOf: string;
  lang: Lang;
  evaluator?: LogicEvaluator;
}

/** Validates raw records and evaluates every rule on every subject they hold. */
export function evaluateRecords(raws: RawRecord[], rules: LoadedRule[], options: RunOptions): { results: Result[]; errors: InputError[]; records: number } {
  const run = new RecordEvaluator(rules, options);
  for (const raw of raws) run.add(raw);
  return run.finish();
}

/**
 * A run fed one record at a time (as the inputs are read), so that a long run can be watched and
 * interrupted between records. `finish` adds the portfolio results, which need the whole batch.
 */
export class RecordEvaluator {
  private readonly results: Result[] = [];
  private readonly errors: InputError[] = [];
  private readonly checked: CheckedRecord[] = [];
  private readonly evaluation: EvaluationOptions;
  private readonly keepRecords: boolean;
  /** Valid records evaluated so far. */
  records = 0;
  /** What batch summaries group by (district, enterprise type): one entry per valid record, in input order. */
  readonly attributes: RecordAttributes[] = [];

  constructor(private readonly rules: LoadedRule[], options: RunOptions) {
    this.evaluation = { asOf: options.asOf, lang: options.lang, evaluator: options.evaluator ?? referenceEvaluator };
    this.keepRecords = rules.some((rule) => rule.definition.subject === "portfolio");
  }

  add({ raw, origin }: RawRecord): void {
    const parsed = parseDescriptor(raw);
    if (!parsed.ok) {
      for (const problem of parsed.problems) this.errors.push({ file: origin.file, pointer: origin.pointer + problem.pointer, message: problem.message });
      return;
    }
    this.records++;
    const record: CheckedRecord = { descriptor: parsed.descriptor, origin };
    this.attributes.push(recordAttributesOf(record));
    if (this.keepRecords) this.checked.push(record);
    const subjects = subjectsOf(record);
    for (const rule of this.rules) {
      for (const subject of subjects) {
        if (subject.kind !== rule.definition.subject) continue;
        try {
          const result = evaluateRule(rule, subject, this.evaluation);
          if (result.outcome === "fail") this.failed++;
          else if (result.outcome === "incomplete") this.incomplete++;
          this.results.push(result);
        } catch (error) {
          throw new SzcheckError({ file: rule.file, message: `rule ${rule.definition.id} failed on ${subject.id}: ${(error as Error).message}`, cause: error });
        }
      }
    }
  }

  private failed = 0;
  private incomplete = 0;

  /** Counts so far, for a progress line: failures, incomplete results, invalid records and input errors. */
  counts(inputErrors: number): { fail: number; incomplete: number; invalid: number } {
    return { fail: this.failed, incomplete: this.incomplete, invalid: this.errors.length + inputErrors };
  }

  finish(): { results: Result[]; errors: InputError[]; records: number } {
    // Portfolio rules need every valid record first; their results follow the per-record ones.
    const portfolioRules = this.rules.filter((rule) => rule.definition.subject === "portfolio");
    const batch = portfolioRules.length === 0 ? [] : this.checked.flatMap(subjectsOf);
    for (const rule of portfolioRules) {
      try {
        this.results.push(...evaluatePortfolio(rule, batch, this.evaluation));
      } catch (error) {
        if (error instanceof SzcheckError) throw error;
        throw new SzcheckError({ file: rule.file, message: `rule ${rule.definition.id} failed on the batch: ${(error as Error).message}`, cause: error });
      }
    }
    return { results: this.results, errors: this.errors, records: this.records };
  }
}

export function summarize(results: Result[], records: number, rules: number): Report["summary"] {
  const summary: Report["summary"] = {
    records,
    rules,
    pass: 0,
    fail: 0,
    notApplicable: 0,
    incomplete: 0,
    waived: 0,
    computed: 0,
    bySeverity: { error: 0, warning: 0, info: 0 },
  };
  for (const result of results) {
    switch (result.outcome) {
      case "pass": summary.pass++; break;
      case "fail": summary.fail++; break;
      case "not-applicable": summary.notApplicable++; break;
      case "incomplete": summary.incomplete++; break;
      case "waived": summary.waived++; break;
      case "computed": summary.computed++; break;
    }
    if (isFinding(result)) summary.bySeverity[result.severity]++;
  }
  return summary;
}

/** A finding is what a reader must act on: a failure, or a rule that could not be decided. */
export function isFinding(result: Result): boolean {
  return result.outcome === "fail" || result.outcome === "incomplete";
}
