import { toPointer } from "../errors.js";
import type { LoadedRule } from "../rules/load.js";
import { gapUnitOf, severityOfStrength, type Strength, type Unit } from "../model/vocabulary.js";
import type { Assumption, Lang, Location, Measure, Outcome, Result, SubjectRef } from "../model/report.js";
import { fieldName } from "../text/field-names.js";
import { operatorOf } from "../rules/logic-shape.js";
import { partsOf } from "./operations.js";
import { renderMessage, windowMessage, type MessageContext, type Window } from "./messages.js";
import { datedScopeOf, unlistedMissing, withField, type DateField, type Subject } from "./subjects.js";
import { compute, decide, decideTruth, isParam, Reads, type ConditionTrace, type LogicEvaluator } from "./three-valued.js";

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

/** The pointer pieces of a dotted path, worked out once per path: rules read the same few paths over and over. */
interface PathPointers {
  /** The first segment. */
  head: string;
  /** The pointer of the whole path (`a.b` → `/a/b`). */
  whole: string;
  /** The pointer of the path after its first segment (`building.x` → `/x`). */
  rest: string;
}

const pathPointers = new Map<string, PathPointers>();
const MAX_CACHED_PATHS = 10_000;

function pointersOf(path: string): PathPointers {
  let pointers = pathPointers.get(path);
  if (pointers === undefined) {
    const parts = partsOf(path);
    pointers = { head: parts[0] as string, whole: toPointer(parts), rest: toPointer(parts.slice(1)) };
    if (pathPointers.size < MAX_CACHED_PATHS) pathPointers.set(path, pointers);
  }
  return pointers;
}

/** The place of a record's or building's fields: `building.x` is `/buildings/<i>/x` of its project. */
export function placeOf(subject: Subject): Place {
  const recordPointer = subject.record.origin.pointer;
  const building = subject.kind === "building";
  return {
    pointer: subject.pointer,
    line: subject.record.origin.line ?? null,
    pointerOf(path) {
      const pointers = pointersOf(path);
      if (building && pointers.head === "building") return subject.pointer + pointers.rest;
      return recordPointer + pointers.whole;
    },
  };
}

export interface EvaluationOptions {
  asOf: string;
  lang: Lang;
  evaluator: LogicEvaluator;
}

/**
 * What every result on one subject shares, made once per subject rather than once per rule: its
 * reference (one object for all its results: results are never changed in it), its place, and the
 * scope rules are evaluated in, the subject's fields and `params`. The scope is one object for
 * every rule: `params` is set to the rule's values before each evaluation (see evaluateRule).
 */
interface SubjectState {
  ref: SubjectRef;
  place: Place;
  scope: Record<string, unknown> | undefined;
  /** The --as-of the scope was dated with (see datedScopeOf). */
  asOf: string | undefined;
}

function stateOf(subject: Subject): SubjectState {
  let state = subject.evaluation as SubjectState | undefined;
  if (state === undefined) {
    const ref: SubjectRef = { kind: subject.kind, id: subject.id, name: subject.name, file: subject.record.origin.file, pointer: subject.pointer };
    state = { ref, place: placeOf(subject), scope: undefined, asOf: undefined };
    subject.evaluation = state;
  }
  return state;
}

/**
 * The scope of evaluateInScope, `{ ...scope, params }`, without copying the record's fields for
 * every rule: one object per subject (and --as-of), its `params` set to this rule's.
 */
function sharedScope(state: SubjectState, subject: Subject, rule: LoadedRule, asOf: string): Record<string, unknown> {
  if (state.scope === undefined || state.asOf !== asOf) {
    state.scope = withField(datedScopeOf(subject, asOf).scope, "params", rule.paramValues);
    state.asOf = asOf;
  }
  state.scope.params = rule.paramValues;
  return state.scope;
}

/** Evaluates one rule on one subject and gives exactly one outcome. */
export function evaluateRule(rule: LoadedRule, subject: Subject, options: EvaluationOptions): Result {
  const state = stateOf(subject);
  const dated = datedScopeOf(subject, options.asOf);
  const window = windowOf(rule, subject, options.asOf);
  if (!window.inForce) return withDateAssumption(outOfForceResult(rule, state.ref, dated.scope, windowMessage(window, options.lang), state.place), rule, dated.fromAsOf, options);
  const scope = sharedScope(state, subject, rule, options.asOf);
  let result = evaluateIn(rule, state.ref, scope, options, state.place);
  // A result must not hold the shared scope itself (an output of `{"var": ""}`, say), which the
  // next rule changes: such a rule is evaluated again in a scope of its own.
  if (result.outputs !== null && holds(result.outputs, scope, 0)) result = evaluateInScope(rule, state.ref, dated.scope, options, undefined, state.place);
  if (subject.unlisted === true && result.outcome === "incomplete") result = asUnlisted(result, state.place, options.lang);
  return withDateAssumption(result, rule, dated.fromAsOf, options);
}

/** An incomplete result on the stand-in for unlisted buildings names `buildings`, the field to fill in, and points at it. */
function asUnlisted(result: Result, place: Place, lang: Lang): Result {
  const missing = unlistedMissing(result.missing);
  return { ...result, missing, message: incompleteMessage(missing, lang), location: locationOf(place, "buildings") };
}

/**
 * One date per record: a result on a record without its own date, whose window or conditions
 * read that date, says in its assumptions that --as-of stood in for it.
 */
function withDateAssumption(result: Result, rule: LoadedRule, fromAsOf: DateField | null, options: EvaluationOptions): Result {
  if (fromAsOf === null) return result;
  const dated = rule.definition.effective !== undefined || Object.hasOwn(result.values, fromAsOf) || result.missing.includes(fromAsOf);
  if (!dated) return result;
  result.assumptions.push(dateAssumption(fromAsOf, options.asOf, options.lang));
  return result;
}

/** The assumption of a result judged at --as-of because its record has no date. */
export function dateAssumption(field: DateField, asOf: string, lang: Lang): Assumption {
  const value = field === "fiscalYear" ? Number(asOf.slice(0, 4)) : asOf;
  const why =
    field === "fiscalYear"
      ? lang === "zh"
        ? `记录未填财年，按 --as-of ${asOf} 所在年度 ${value} 判断本条是否适用及其各项条件`
        : `the record gives no fiscal year: it is judged as of ${value}, the year of --as-of ${asOf}, in every date-based condition`
      : lang === "zh"
        ? `记录未填立项日期（申报准备中），按 --as-of ${asOf} 判断本条是否适用及其各项条件`
        : `the record gives no approval date (a filing being prepared): it is judged as of --as-of ${asOf} in every date-based condition`;
  return { param: "asOf", value, why, override: null };
}

/**
 * The outcome `evaluateRule` would give, told without tracing, values, location or message, for
 * results a run counts but does not list (passes and not-applicables, by default). Undefined for
 * a rule without a check (computed or incomplete: always listed, so always evaluated in full).
 * A "fail" here may be "incomplete" in full (a failure whose strength rests on a missing field):
 * both are findings, which a run always evaluates in full.
 */
export function outcomeOnly(rule: LoadedRule, subject: Subject, options: EvaluationOptions): Outcome | undefined {
  const { definition } = rule;
  if (definition.check === undefined) return undefined;
  const state = stateOf(subject);
  if (!inForce(rule, subject, options.asOf)) return "not-applicable";
  const scope = sharedScope(state, subject, rule, options.asOf);
  if (definition.appliesIf !== undefined) {
    const applies = decideTruth(definition.appliesIf, scope, options.evaluator);
    if (applies === "unknown") return "incomplete";
    if (!applies) return "not-applicable";
  }
  const verdict = decideTruth(definition.check, scope, options.evaluator);
  return verdict === "unknown" ? "incomplete" : verdict ? "pass" : "fail";
}

/** The reference a subject's results share. */
export const subjectRefOf = (subject: Subject): SubjectRef => stateOf(subject).ref;

/** Whether `value` is `target` or holds it, in a list or an object; past 64 levels it is taken to. */
function holds(value: unknown, target: object, depth: number): boolean {
  if (value === target) return true;
  if (value === null || typeof value !== "object") return false;
  if (depth > 64) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (holds(item, target, depth + 1)) return true;
    return false;
  }
  for (const key of Object.keys(value)) if (holds((value as Record<string, unknown>)[key], target, depth + 1)) return true;
  return false;
}

/**
 * Evaluates a rule's appliesIf, outputs, measure and check in a scope (a record's fields, or a
 * portfolio group's figures) with `params` added. `outOfForce`, when given, is the message of a
 * not-applicable result for a subject outside the rule's effective window.
 */
export function evaluateInScope(rule: LoadedRule, ref: SubjectRef, subjectScope: Record<string, unknown>, options: EvaluationOptions, outOfForce?: string, place?: Place): Result {
  if (outOfForce !== undefined) return outOfForceResult(rule, ref, subjectScope, outOfForce, place);
  return evaluateIn(rule, ref, withField(subjectScope, "params", rule.paramValues), options, place);
}

/** The not-applicable result of a subject outside the rule's effective window: nothing is evaluated. */
function outOfForceResult(rule: LoadedRule, ref: SubjectRef, subjectScope: Record<string, unknown>, message: string, place: Place | undefined): Result {
  const decidedBy = rule.definition.effective?.decidedBy;
  const focus = decidedBy !== undefined && hasPath(subjectScope, decidedBy) ? decidedBy : undefined;
  return resultOf(rule, ref, "not-applicable", message, {}, [], null, null, [], place, focus);
}

/** Evaluates a rule in `scope`, the subject's fields with `params` set to the rule's. */
function evaluateIn(rule: LoadedRule, ref: SubjectRef, scope: Record<string, unknown>, options: EvaluationOptions, place: Place | undefined): Result {
  const { definition } = rule;
  const { evaluator, lang } = options;
  const reads = new Reads(scope);

  if (definition.appliesIf !== undefined) {
    const applies = decide(definition.appliesIf, scope, evaluator, reads);
    if (applies.truth === "unknown") return withUndecidedStrength(incomplete(rule, ref, reads, missingOf(applies), applies, lang, place), rule, scope, evaluator);
    if (!applies.truth) return finish(rule, ref, reads, "not-applicable", notApplicableMessage(lang), [], null, null, lang, place, decisiveField(applies));
  }

  const branch = strengthBranch(rule, scope, evaluator, reads);
  const outputs = evaluateOutputs(rule, scope, evaluator, reads);
  const measure = evaluateMeasure(rule, scope, evaluator, reads);
  const context: MessageContext = { rule, scope, measure, outputs: outputs.values, lang };

  if (definition.check === undefined) {
    if (outputs.missing.length > 0) return incomplete(rule, ref, reads, outputs.missing, undefined, lang, place);
    return finish(rule, ref, reads, "computed", renderMessage(definition.message.computed ?? definition.message.pass, context), [], measure, outputs.values, lang, place, undefined);
  }
  const verdict = decide(definition.check, scope, evaluator, reads);
  if (verdict.truth === "unknown") return withStrength(incomplete(rule, ref, reads, missingOf(verdict), verdict, lang, place), rule, branch);
  // A failure whose strength cannot be told (mandatory or encouraged?) is not reported at either.
  if (!verdict.truth && branch.missing.length > 0) return withStrength(incomplete(rule, ref, reads, branch.missing, undefined, lang, place), rule, branch);
  // A failure points at the field of the part that failed (the second of two conditions, say),
  // and otherwise at the first field the check read.
  const focus = (verdict.truth ? undefined : decisiveField(verdict)) ?? firstFieldRead(verdict);
  const template = verdict.truth ? (branch.message?.pass ?? definition.message.pass) : (branch.message?.fail ?? definition.message.fail);
  return withStrength(finish(rule, ref, reads, verdict.truth ? "pass" : "fail", renderMessage(template, context), [], measure, outputs.values, lang, place, focus), rule, branch);
}

interface StrengthBranch {
  strength: Strength;
  /** The branch's own messages, when it has them. */
  message: NonNullable<LoadedRule["definition"]["strengthWhen"]>[number]["message"];
  /** Fields whose absence left the branch undecided. */
  missing: string[];
}

/** The strength of a rule with `strengthWhen` for this subject: the first branch that holds. */
function strengthBranch(rule: LoadedRule, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): StrengthBranch {
  const { strength, strengthWhen } = rule.definition;
  const branches = strengthWhen ?? [];
  for (const [index, branch] of branches.entries()) {
    const trace = decide(branch.if, scope, evaluator, reads);
    // Undecided between this branch, the later ones and the base: the strongest of them, so that
    // a result that may be a statutory duty is never reported as an encouraged one.
    if (trace.truth === "unknown") return { strength: strongest([strength, ...branches.slice(index).map((later) => later.strength)]), message: undefined, missing: missingOf(trace) };
    if (trace.truth) return { strength: branch.strength, message: branch.message, missing: [] };
  }
  return { strength, message: undefined, missing: [] };
}

const strengthRank: Record<Strength, number> = { mandatory: 3, "in-principle": 2, encouraged: 1, computed: 0 };

function strongest(strengths: Strength[]): Strength {
  return strengths.reduce((best, next) => (strengthRank[next] > strengthRank[best] ? next : best));
}

/**
 * An incomplete result of a rule with strength branches, at the strength its branches allow
 * (their conditions read apart from the result, whose values stay those its decision read).
 */
function withUndecidedStrength(result: Result, rule: LoadedRule, scope: Record<string, unknown>, evaluator: LogicEvaluator): Result {
  if (rule.definition.strengthWhen === undefined) return result;
  return withStrength(result, rule, strengthBranch(rule, scope, evaluator, new Reads(scope)));
}

/**
 * A result with its branch's strength, and the severity that strength implies unless the rule
 * or a config set the severity (a config's severity for the rule holds for every branch).
 */
function withStrength(result: Result, rule: LoadedRule, branch: StrengthBranch): Result {
  const { definition } = rule;
  if (branch.strength === definition.strength) return result;
  const severitySet = definition.severity !== undefined || rule.severity !== severityOfStrength[definition.strength];
  result.strength = branch.strength;
  if (!severitySet) result.severity = severityOfStrength[branch.strength];
  return result;
}

/** A result with what `reads` read: the record's fields as values, the parameters as assumptions. */
function finish(
  rule: LoadedRule,
  ref: SubjectRef,
  reads: Reads,
  outcome: Outcome,
  message: string,
  missing: string[],
  measure: Measure | null,
  outputs: Record<string, unknown> | null,
  lang: Lang,
  place: Place | undefined,
  focus: string | undefined,
): Result {
  return resultOf(rule, ref, outcome, message, recordValues(reads.values), missing, measure, outputs, assumptionsRead(rule, reads.values, lang), place, focus);
}

function incomplete(rule: LoadedRule, ref: SubjectRef, reads: Reads, missing: string[], trace: ConditionTrace | undefined, lang: Lang, place: Place | undefined): Result {
  const unique = [...new Set(missing)].sort();
  // The first missing field of the record itself ("…x" is a field of a list item).
  const focus = unique.find((path) => !path.startsWith("…") && !isParam(path)) ?? (trace === undefined ? undefined : decisiveField(trace));
  return finish(rule, ref, reads, "incomplete", incompleteMessage(unique, lang), unique, null, null, lang, place, focus);
}

/**
 * The first field of the record (not a parameter) a decision read: its leaves were evaluated in
 * the order of its parts, and each knows the first field it read.
 */
function firstFieldRead(trace: ConditionTrace): string | undefined {
  if (trace.parts === undefined) return trace.field;
  for (const part of trace.parts) {
    const field = firstFieldRead(part);
    if (field !== undefined) return field;
  }
  return undefined;
}

/** A result, its fields in the report's order. */
function resultOf(
  rule: LoadedRule,
  ref: SubjectRef,
  outcome: Outcome,
  message: string,
  values: Record<string, unknown>,
  missing: string[],
  measure: Measure | null,
  outputs: Record<string, unknown> | null,
  assumptions: Assumption[],
  place: Place | undefined,
  focus: string | undefined,
): Result {
  const { definition } = rule;
  return {
    ruleId: definition.id,
    subject: ref,
    outcome,
    severity: rule.severity,
    strength: definition.strength,
    clause: definition.clause,
    message,
    values,
    missing,
    measure,
    outputs,
    assumptions,
    waiver: null,
    location: place === undefined ? null : locationOf(place, focus),
  };
}

function locationOf(place: Place, focus: string | undefined): Location {
  return { pointer: focus === undefined ? place.pointer : place.pointerOf(focus), line: place.line, column: null };
}

/**
 * The field that decided a condition: for `and`/`or` the first part with the whole's truth (the
 * part that failed an `and`), for `if` the branch taken (or its condition), for a leaf the first
 * field it read.
 */
export function decisiveField(trace: ConditionTrace): string | undefined {
  const parts = trace.parts;
  if (parts === undefined || parts.length === 0) return trace.field;
  const operator = operatorOf(trace.logic);
  if (operator === "and" || operator === "or") {
    const decisive = parts.find((part) => part.truth === trace.truth) ?? parts[0]!;
    return decisiveField(decisive) ?? parts.map(decisiveField).find((path) => path !== undefined);
  }
  if ((operator === "if" || operator === "?:") && parts.length >= 2) return decisiveField(parts[1]!) ?? decisiveField(parts[0]!);
  return decisiveField(parts[0]!);
}

function hasPath(scope: Record<string, unknown>, path: string): boolean {
  const parts = partsOf(path);
  let node: unknown = scope;
  for (const part of parts) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined && node !== null;
}

export function windowOf(rule: LoadedRule, subject: Subject, asOf: string): Window {
  const effective = rule.definition.effective;
  if (effective === undefined) return { inForce: true, decidedBy: "", value: asOf, from: undefined, until: undefined, fromAsOf: true };
  const { from, until, decidedBy } = effective;
  const own = ownWindowPoint(effective.decidedBy, subject);
  return { inForce: inForce(rule, subject, asOf), decidedBy, value: String(own ?? asOf), from, until, fromAsOf: own === undefined };
}

/** Whether the subject is inside the rule's effective window (windowOf's `inForce`, told without the rest). */
function inForce(rule: LoadedRule, subject: Subject, asOf: string): boolean {
  const effective = rule.definition.effective;
  if (effective === undefined) return true;
  const { from, until } = effective;
  // A fiscal year is in force when any day of it is; a record without its own date (a filing or
  // return being prepared) is judged by the rules in force on --as-of itself (RULES.md, "One date
  // per record"), not on any day of its year: at --as-of 2022-08-31, a rule from 2022-09-01 is not.
  const own = ownWindowPoint(effective.decidedBy, subject);
  if (typeof own === "number") return (from === undefined || from <= `${own}-12-31`) && (until === undefined || until >= `${own}-01-01`);
  const date = own ?? asOf;
  return (from === undefined || from <= date) && (until === undefined || date <= until);
}

/** The record's own fiscal year or approval date that places it in a rule's window; undefined when it has none. */
function ownWindowPoint(decidedBy: DateField, subject: Subject): number | string | undefined {
  if (decidedBy === "fiscalYear") {
    const year = subject.scope.fiscalYear;
    return typeof year === "number" ? year : undefined;
  }
  return (subject.scope.approval as { date?: string } | undefined)?.date;
}

/** The fields whose absence left a condition undecided: only the parts that could have settled it. */
export function missingOf(trace: ConditionTrace): string[] {
  if (trace.truth !== "unknown") return [];
  if (trace.parts === undefined) return trace.missing;
  return trace.parts.flatMap(missingOf);
}

type Outputs = NonNullable<LoadedRule["definition"]["outputs"]>;

/** `Object.entries` of each rule's outputs, taken once. */
const outputEntries = new WeakMap<Outputs, Array<[string, Outputs[string]]>>();

function entriesOf(outputs: Outputs): Array<[string, Outputs[string]]> {
  let entries = outputEntries.get(outputs);
  if (entries === undefined) {
    entries = Object.entries(outputs);
    outputEntries.set(outputs, entries);
  }
  return entries;
}

function evaluateOutputs(rule: LoadedRule, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads) {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  if (rule.definition.outputs === undefined) return { values: null, missing };
  for (const [name, output] of entriesOf(rule.definition.outputs)) {
    const computed = compute(output.value, scope, evaluator, reads);
    missing.push(...computed.missing);
    values[name] = computed.missing.length > 0 ? null : tidy(computed.value);
  }
  return { values, missing };
}

function evaluateMeasure(rule: LoadedRule, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): Measure | null {
  const spec = rule.definition.measure;
  if (spec === undefined) return null;
  const raw = (logic: unknown): number | null => {
    const { value, missing } = compute(logic, scope, evaluator, reads);
    return missing.length === 0 && typeof value === "number" && Number.isFinite(value) ? value : null;
  };
  const required = tidyOrNull(raw(spec.required.value), null);
  const actual = tidyOrNull(raw(spec.actual.value), required);
  // Without an explicit gap, a requirement is "at least": the gap is how far below it the record is.
  const gap = spec.gap !== undefined ? tidyOrNull(raw(spec.gap.value), 0) : actual !== null && required !== null ? tidyApart(Math.max(required - actual, 0), 0) : null;
  return { actual, required, gap, unit: spec.actual.unit as Unit, gapUnit: spec.gap?.unit ?? gapUnitOf(spec.required.unit) };
}

const tidyOrNull = (value: number | null, apartFrom: number | null): number | null => (value === null ? null : tidyApart(value, apartFrom));

/**
 * `tidy`, except where rounding to six decimals would make a figure equal to the one it is
 * measured against while it is not: an R&D share of 2.9999999% beside a 3% requirement, a gap of
 * 0.0000001 that is not zero. Such a figure keeps 15 significant digits, which still drops binary
 * noise (2.9999999999999996 is 3).
 */
function tidyApart(value: number, apartFrom: number | null): number {
  const tidied = tidy(value) as number;
  if (apartFrom === null || tidied !== apartFrom || value === apartFrom) return tidied;
  const exact = Number(value.toPrecision(15));
  return exact === apartFrom ? tidied : exact;
}

/** Rounds away binary noise (2.9999999999999996 → 3) so reports read and compare cleanly. */
export function tidy(value: unknown): unknown {
  if (typeof value === "number" && Number.isFinite(value)) return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(tidy);
  return value;
}

/** The fields of the record a result read (not its parameters), sorted by path, each as briefValue gives it. */
function recordValues(values: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const paths: string[] = [];
  for (const path of values.keys()) if (!isParam(path)) paths.push(path);
  if (paths.length > 1) paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const record: Record<string, unknown> = {};
  for (const path of paths) {
    const value = briefValue(values.get(path));
    // As Object.fromEntries would: "__proto__" is a key like any other, not the prototype.
    if (path === "__proto__") Object.defineProperty(record, path, { value, writable: true, enumerable: true, configurable: true });
    else record[path] = value;
  }
  return record;
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

/**
 * The parameters of a rule that may be assumptions of its results (assumption parameters, and
 * those a config file set), in the rule's order, each with the path a rule reads it by. Worked
 * out once per rule, for as long as its params and overrides are the same objects.
 */
interface AssumptionCandidates {
  params: ConfiguredRule["definition"]["params"];
  overrides: ConfiguredRule["overrides"];
  names: string[];
  paths: string[];
}

const candidatesByRule = new WeakMap<ConfiguredRule, AssumptionCandidates>();

function candidatesOf(rule: ConfiguredRule): AssumptionCandidates {
  const { params } = rule.definition;
  let candidates = candidatesByRule.get(rule);
  if (candidates === undefined || candidates.params !== params || candidates.overrides !== rule.overrides) {
    const names = Object.entries(params)
      .filter(([name, param]) => param.status === "assumption" || rule.overrides?.[name] !== undefined)
      .map(([name]) => name);
    candidates = { params, overrides: rule.overrides, names, paths: names.map((name) => `params.${name}`) };
    candidatesByRule.set(rule, candidates);
  }
  return candidates;
}

function assumptionsRead(rule: LoadedRule, values: ReadonlyMap<string, unknown>, lang: Lang): Assumption[] {
  const { names, paths } = candidatesOf(rule);
  const assumptions: Assumption[] = [];
  for (let i = 0; i < names.length; i++) if (values.has(paths[i]!)) assumptions.push(assumptionOf(rule, names[i]!, lang));
  return assumptions;
}

/**
 * The parameters a result rests on that are not simply sourced, among those `wasRead` says were
 * read, in the rule's order: assumption parameters, and every parameter a config file set
 * (`override` names the file and the rule's default; `why` says so in words).
 */
export function assumptionsAmong(rule: ConfiguredRule, wasRead: (name: string) => boolean, lang: Lang): Assumption[] {
  const assumptions: Assumption[] = [];
  for (const name of candidatesOf(rule).names) if (wasRead(name)) assumptions.push(assumptionOf(rule, name, lang));
  return assumptions;
}

function assumptionOf(rule: ConfiguredRule, name: string, lang: Lang): Assumption {
  const param = rule.definition.params[name]!;
  const override = rule.overrides?.[name];
  const why = override !== undefined ? overrideWhy(override, lang) : param.why === undefined ? "" : typeof param.why === "string" ? param.why : param.why[lang];
  return { param: name, value: rule.paramValues[name] ?? param.value, why, override: override === undefined ? null : { file: override.file, default: override.default } };
}

function overrideWhy(override: ParamOverride, lang: Lang): string {
  const shown = JSON.stringify(override.default);
  return lang === "zh" ? `由配置文件 ${override.file} 设定（规则默认值为 ${shown}）` : `set by the config file ${override.file} (the rule's default is ${shown})`;
}

function notApplicableMessage(lang: Lang): string {
  return lang === "zh" ? "不适用：记录不在本条适用范围内" : "not applicable: the record is outside the rule's scope";
}

export function incompleteMessage(missing: string[], lang: Lang): string {
  return lang === "zh" ? `数据不全，无法判断：缺少 ${missing.map((path) => fieldName(path, lang)).join("、")}` : `incomplete: cannot decide without ${missing.join(", ")}`;
}
