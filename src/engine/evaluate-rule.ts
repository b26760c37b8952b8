import { toPointer } from "../errors.js";
import type { LoadedRule } from "../rules/load.js";
import type { Unit } from "../rules/schema.js";
import type { Assumption, Lang, Location, Measure, Outcome, Result, SubjectRef } from "../report/model.js";
import { operatorOf } from "./logic-shape.js";
import { renderMessage, windowMessage, type MessageContext } from "./messages.js";
import type { Subject } from "./subjects.js";
import { compute, decide, Reads, type ConditionTrace, type LogicEvaluator } from "./three-valued.js";

/** A parameter value set by a config file rather than by the rule. */
export interface ParamOverride {
  /** The config file that set it. */
  file: string;
  /** The rule's own value. */
  default: unknown;
}

/** A rule as a config file left it: `overrides` names the parameters the config set. */
export type ConfiguredRule = LoadedRule & { overrides?: Record<string, ParamOverride> };

/**
 * Where a subject's fields are: a dotted field path (`bim.applied`, `building.prefab.assemblyRatePct`)
 * becomes a JSON pointer into the subject's file; `line` is the record's line when its reader knew it.
 */
export interface Place {
  pointerOf(path: string): string;
  /** The pointer of the subject itself (a record, or one of its buildings). */
  pointer: string;
  line: number | null;
}

/** The place of a record's or building's fields: `building.x` is `/buildings/<i>/x` of its project. */
export function placeOf(subject: Subject): Place {
  const recordPointer = subject.record.origin.pointer;
  return {
    pointer: subject.pointer,
    line: subject.record.origin.line ?? null,
    pointerOf(path) {
      const parts = path.split(".");
      if (subject.kind === "building" && parts[0] === "building") return subject.pointer + toPointer(parts.slice(1));
      return recordPointer + toPointer(parts);
    },
  };
}

export interface EvaluationOptions {
  asOf: string;
  lang: Lang;
  evaluator: LogicEvaluator;
}

/** Evaluates one rule on one subject and gives exactly one outcome. */
export function evaluateRule(rule: LoadedRule, subject: Subject, options: EvaluationOptions): Result {
  const ref: SubjectRef = { kind: subject.kind, id: subject.id, name: subject.name, file: subject.record.origin.file, pointer: subject.pointer };
  const window = windowOf(rule, subject, options.asOf);
  return evaluateInScope(rule, ref, subject.scope, options, window.inForce ? undefined : windowMessage(window, options.lang), placeOf(subject));
}

/**
 * Evaluates a rule's appliesIf, outputs, measure and check in a scope (a record's fields, or a
 * portfolio group's figures) with `params` added. `outOfForce`, when given, is the message of a
 * not-applicable result for a subject outside the rule's effective window.
 */
export function evaluateInScope(rule: LoadedRule, ref: SubjectRef, subjectScope: Record<string, unknown>, options: EvaluationOptions, outOfForce?: string, place?: Place): Result {
  const { definition } = rule;
  const scope: Record<string, unknown> = { ...subjectScope, params: rule.paramValues };
  const reads = new Reads(scope);
  /** The field the result is about, as a dotted path; undefined: the subject itself. */
  let focus: string | undefined;
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
    location: place === undefined ? null : locationOf(place, focus),
  });

  if (outOfForce !== undefined) {
    const decidedBy = definition.effective?.decidedBy;
    focus = decidedBy !== undefined && hasPath(subjectScope, decidedBy) ? decidedBy : undefined;
    return finish("not-applicable", { message: outOfForce });
  }

  if (definition.appliesIf !== undefined) {
    const applies = decide(definition.appliesIf, scope, options.evaluator, reads);
    if (applies.truth === "unknown") return incomplete(missingOf(applies), applies);
    if (!applies.truth) {
      focus = decisiveField(applies);
      return finish("not-applicable", { message: notApplicableMessage(options.lang) });
    }
  }

  const outputs = evaluateOutputs(rule, scope, options.evaluator, reads);
  const measure = evaluateMeasure(rule, scope, options.evaluator, reads);
  const context: MessageContext = { rule, scope, measure, outputs: outputs.values, lang: options.lang };

  if (definition.check === undefined) {
    if (outputs.missing.length > 0) return incomplete(outputs.missing);
    return finish("computed", { message: renderMessage(definition.message.computed ?? definition.message.pass, context), outputs: outputs.values, measure });
  }
  // The check's own reads are kept apart: a result points at the first field the check read.
  const checkReads = new Reads(scope);
  const verdict = decide(definition.check, scope, options.evaluator, checkReads);
  reads.merge(checkReads);
  if (verdict.truth === "unknown") return incomplete(missingOf(verdict), verdict);
  const outcome = verdict.truth ? "pass" : "fail";
  // A failure points at the field of the part that failed (the second of two conditions, say).
  focus = (verdict.truth ? undefined : decisiveField(verdict)) ?? firstField(checkReads);
  const template = verdict.truth ? definition.message.pass : definition.message.fail;
  return finish(outcome, { message: renderMessage(template, context), measure, outputs: outputs.values });

  function incomplete(missing: string[], trace?: ConditionTrace): Result {
    const unique = [...new Set(missing)].sort();
    // The first missing field of the record itself ("…x" is a field of a list item).
    focus = unique.find((path) => !path.startsWith("…") && !isParam(path)) ?? (trace === undefined ? undefined : decisiveField(trace));
    return finish("incomplete", { message: incompleteMessage(unique, options.lang), missing: unique });
  }
}

function locationOf(place: Place, focus: string | undefined): Location {
  return { pointer: focus === undefined ? place.pointer : place.pointerOf(focus), line: place.line, column: null };
}

const isParam = (path: string): boolean => path === "params" || path.startsWith("params.");

/** The first field of the record (not a parameter) among what was read, in reading order. */
function firstField(reads: Reads | undefined): string | undefined {
  if (reads === undefined) return undefined;
  for (const path of reads.values.keys()) if (!isParam(path)) return path;
  return undefined;
}

/**
 * The field that decided a condition: for `and`/`or` the first part with the whole's truth (the
 * part that failed an `and`), for `if` the branch taken (or its condition), for a leaf the first
 * field it read.
 */
export function decisiveField(trace: ConditionTrace): string | undefined {
  const parts = trace.parts;
  if (parts === undefined || parts.length === 0) return firstField(trace.reads);
  const operator = operatorOf(trace.logic);
  if (operator === "and" || operator === "or") {
    const decisive = parts.find((part) => part.truth === trace.truth) ?? parts[0]!;
    return decisiveField(decisive) ?? parts.map(decisiveField).find((path) => path !== undefined);
  }
  if ((operator === "if" || operator === "?:") && parts.length >= 2) return decisiveField(parts[1]!) ?? decisiveField(parts[0]!);
  return decisiveField(parts[0]!);
}

function hasPath(scope: Record<string, unknown>, path: string): boolean {
  let node: unknown = scope;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined && node !== null;
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
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, value]) => [path, briefValue(value)]));
}

/**
 * A list of records the rule read whole (parties, buildings) is reported by its length, as
 * `{ "$count": 5 }`: repeating the record in every result would make a large audit's report
 * many times the size of its input. Scalars and lists of scalars are reported as they are.
 */
function briefValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== "object")) return value;
  return { $count: Array.isArray(value) ? value.length : Object.keys(value).length };
}

function assumptionsRead(rule: LoadedRule, reads: Reads, lang: Lang): Assumption[] {
  return assumptionsAmong(rule, (name) => reads.values.has(`params.${name}`), lang);
}

/**
 * The parameters a result rests on that are not simply sourced, among those `wasRead` says were
 * read, in the rule's order: assumption parameters, and every parameter a config file set
 * (`override` names the file and the rule's default; `why` says so in words).
 */
export function assumptionsAmong(rule: ConfiguredRule, wasRead: (name: string) => boolean, lang: Lang): Assumption[] {
  const assumptions: Assumption[] = [];
  for (const [name, param] of Object.entries(rule.definition.params)) {
    const override = rule.overrides?.[name];
    if ((param.status === "assumption" || override !== undefined) && wasRead(name)) {
      const why = override !== undefined ? overrideWhy(override, lang) : param.why === undefined ? "" : typeof param.why === "string" ? param.why : param.why[lang];
      assumptions.push({ param: name, value: rule.paramValues[name] ?? param.value, why, override: override === undefined ? null : { file: override.file, default: override.default } });
    }
  }
  return assumptions;
}

function overrideWhy(override: ParamOverride, lang: Lang): string {
  const shown = JSON.stringify(override.default);
  return lang === "zh" ? `由配置文件 ${override.file} 设定（规则默认值为 ${shown}）` : `set by the config file ${override.file} (the rule's default is ${shown})`;
}

function notApplicableMessage(lang: Lang): string {
  return lang === "zh" ? "不适用：记录不在本条适用范围内" : "not applicable: the record is outside the rule's scope";
}

export function incompleteMessage(missing: string[], lang: Lang): string {
  return lang === "zh" ? `数据不全，无法判断：缺少 ${missing.join("、")}` : `incomplete: cannot decide without ${missing.join(", ")}`;
}
