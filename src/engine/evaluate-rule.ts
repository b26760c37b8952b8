import type { LoadedRule } from "../rules/load.js";
import type { Unit } from "../rules/schema.js";
import type { Assumption, Lang, Measure, Outcome, Result, SubjectRef } from "../report/model.js";
import { renderMessage, windowMessage, type MessageContext } from "./messages.js";
import type { Subject } from "./subjects.js";
import { compute, decide, Reads, type ConditionTrace, type LogicEvaluator } from "./three-valued.js";

export interface EvaluationOptions {
  asOf: string;
  lang: Lang;
  evaluator: LogicEvaluator;
}

/** Evaluates one rule on one subject and gives exactly one outcome. */
export function evaluateRule(rule: LoadedRule, subject: Subject, options: EvaluationOptions): Result {
  const ref: SubjectRef = { kind: subject.kind, id: subject.id, name: subject.name, file: subject.record.origin.file, pointer: subject.pointer };
  const window = windowOf(rule, subject, options.asOf);
  return evaluateInScope(rule, ref, subject.scope, options, window.inForce ? undefined : windowMessage(window, options.lang));
}

/**
 * Evaluates a rule's appliesIf, outputs, measure and check in a scope (a record's fields, or a
 * portfolio group's figures) with `params` added. `outOfForce`, when given, is the message of a
 * not-applicable result for a subject outside the rule's effective window.
 */
export function evaluateInScope(rule: LoadedRule, ref: SubjectRef, subjectScope: Record<string, unknown>, options: EvaluationOptions, outOfForce?: string): Result {
  const { definition } = rule;
  const scope: Record<string, unknown> = { ...subjectScope, params: rule.paramValues };
  const reads = new Reads(scope);
  const finish = (outcome: Outcome, parts: Partial<Pick<Result, "message" | "measure" | "outputs" | "missing">>): Result => ({
    ruleId: definition.id,
    subject: ref,
    outcome,
    severity: rule.severity,
    strength: definition.strength,
    clause: definition.clause,
    message: parts.message ?? "",
    values: recordValues(reads),
    missing: parts.missing ?? [],
    measure: parts.measure ?? null,
    outputs: parts.outputs ?? null,
    assumptions: assumptionsRead(rule, reads, options.lang),
    waiver: null,
  });

  if (outOfForce !== undefined) return finish("not-applicable", { message: outOfForce });

  if (definition.appliesIf !== undefined) {
    const applies = decide(definition.appliesIf, scope, options.evaluator, reads);
    if (applies.truth === "unknown") return incomplete(missingOf(applies));
    if (!applies.truth) return finish("not-applicable", { message: notApplicableMessage(options.lang) });
  }

  const outputs = evaluateOutputs(rule, scope, options.evaluator, reads);
  const measure = evaluateMeasure(rule, scope, options.evaluator, reads);
  const context: MessageContext = { rule, scope, measure, outputs: outputs.values, lang: options.lang };

  if (definition.check === undefined) {
    if (outputs.missing.length > 0) return incomplete(outputs.missing);
    return finish("computed", { message: renderMessage(definition.message.computed ?? definition.message.pass, context), outputs: outputs.values, measure });
  }
  const verdict = decide(definition.check, scope, options.evaluator, reads);
  if (verdict.truth === "unknown") return incomplete(missingOf(verdict));
  const outcome = verdict.truth ? "pass" : "fail";
  const template = verdict.truth ? definition.message.pass : definition.message.fail;
  return finish(outcome, { message: renderMessage(template, context), measure, outputs: outputs.values });

  function incomplete(missing: string[]): Result {
    const unique = [...new Set(missing)].sort();
    return finish("incomplete", { message: incompleteMessage(unique, options.lang), missing: unique });
  }
}

export interface Window {
  inForce: boolean;
  decidedBy: string;
  value: string;
  from: string | undefined;
  until: string | undefined;
  /** The record had no date of its own, so --as-of decided. */
  fromAsOf: boolean;
}

export function windowOf(rule: LoadedRule, subject: Subject, asOf: string): Window {
  const effective = rule.definition.effective;
  if (effective === undefined) return { inForce: true, decidedBy: "", value: asOf, from: undefined, until: undefined, fromAsOf: true };
  const { from, until, decidedBy } = effective;
  if (decidedBy === "fiscalYear") {
    const own = subject.scope.fiscalYear;
    const year = typeof own === "number" ? own : Number(asOf.slice(0, 4));
    const inForce = (from === undefined || from <= `${year}-12-31`) && (until === undefined || until >= `${year}-01-01`);
    return { inForce, decidedBy, value: String(year), from, until, fromAsOf: typeof own !== "number" };
  }
  const approval = subject.scope.approval as { date?: string } | undefined;
  const date = approval?.date ?? asOf;
  const inForce = (from === undefined || from <= date) && (until === undefined || date <= until);
  return { inForce, decidedBy, value: date, from, until, fromAsOf: approval?.date === undefined };
}

/** The fields whose absence left a condition undecided: only the parts that could have settled it. */
export function missingOf(trace: ConditionTrace): string[] {
  if (trace.truth !== "unknown") return [];
  if (trace.parts === undefined) return trace.missing;
  return trace.parts.flatMap(missingOf);
}

function evaluateOutputs(rule: LoadedRule, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads) {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, output] of Object.entries(rule.definition.outputs ?? {})) {
    const computed = compute(output.value, scope, evaluator, reads);
    missing.push(...computed.missing);
    values[name] = computed.missing.length > 0 ? null : tidy(computed.value);
  }
  return { values: rule.definition.outputs === undefined ? null : values, missing };
}

function evaluateMeasure(rule: LoadedRule, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): Measure | null {
  const spec = rule.definition.measure;
  if (spec === undefined) return null;
  const figure = (logic: unknown): number | null => {
    const { value, missing } = compute(logic, scope, evaluator, reads);
    return missing.length === 0 && typeof value === "number" && Number.isFinite(value) ? (tidy(value) as number) : null;
  };
  const actual = figure(spec.actual.value);
  const required = figure(spec.required.value);
  // Without an explicit gap, a requirement is "at least": the gap is how far below it the record is.
  const gap = spec.gap !== undefined ? figure(spec.gap.value) : actual !== null && required !== null ? (tidy(Math.max(required - actual, 0)) as number) : null;
  return { actual, required, gap, unit: spec.actual.unit as Unit, gapUnit: (spec.gap?.unit ?? spec.required.unit) as Unit };
}

/** Rounds away binary noise (2.9999999999999996 → 3) so reports read and compare cleanly. */
export function tidy(value: unknown): unknown {
  if (typeof value === "number" && Number.isFinite(value)) return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(tidy);
  return value;
}

function recordValues(reads: Reads): Record<string, unknown> {
  const entries = [...reads.values.entries()].filter(([path]) => !path.startsWith("params.") && path !== "params");
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function assumptionsRead(rule: LoadedRule, reads: Reads, lang: Lang): Assumption[] {
  return assumptionsAmong(rule, (name) => reads.values.has(`params.${name}`), lang);
}

/** The assumption parameters among those `wasRead` says were read, in the rule's order. */
export function assumptionsAmong(rule: LoadedRule, wasRead: (name: string) => boolean, lang: Lang): Assumption[] {
  const assumptions: Assumption[] = [];
  for (const [name, param] of Object.entries(rule.definition.params)) {
    if (param.status === "assumption" && wasRead(name)) {
      const why = param.why === undefined ? "" : typeof param.why === "string" ? param.why : param.why[lang];
      assumptions.push({ param: name, value: param.value, why });
    }
  }
  return assumptions;
}

function notApplicableMessage(lang: Lang): string {
  return lang === "zh" ? "不适用：记录不在本条适用范围内" : "not applicable: the record is outside the rule's scope";
}

export function incompleteMessage(missing: string[], lang: Lang): string {
  return lang === "zh" ? `数据不全，无法判断：缺少 ${missing.join("、")}` : `incomplete: cannot decide without ${missing.join(", ")}`;
}
