import { parseDescriptor } from "../descriptors/index.js";
import { evaluateRule, missingOf, tidy, windowOf, type ConfiguredRule } from "../engine/evaluate-rule.js";
import type { Window } from "../engine/messages.js";
import { argumentsOf, operatorOf } from "../rules/logic-shape.js";
import { evaluatePortfolio, type GroupFigures } from "../engine/portfolio.js";
import { datedScopeOf, subjectsOf, withField, type CheckedRecord, type Subject } from "../engine/subjects.js";
import { compute, decide, Reads, referenceEvaluator, type ConditionTrace, type LogicEvaluator, type Truth } from "../engine/three-valued.js";
import { SzcheckError } from "../errors.js";
import type { RawRecord } from "../inputs/read-inputs.js";
import { formatFigure } from "../text/figures.js";
import type { InputError, Lang, Result, SubjectRef } from "../model/report.js";
import type { LoadedRule } from "../rules/load.js";
import { logicPieces } from "../rules/descriptor-paths.js";
import { logicToText } from "../rules/logic-text.js";
import { groupFigureNames, type Bilingual, type Param, type Unit } from "../rules/schema.js";
import { meaningOf } from "./fields.js";

/**
 * `szcheck explain`: one rule on the records of a file, step by step. The outcomes come from the
 * engine itself (evaluateRule, evaluatePortfolio); the traces beside them come from the same
 * three-valued `decide` the engine uses, so the explanation shows every sub-condition of
 * appliesIf and check with its truth, the values it read and the fields it missed, and marks the
 * leaves that decided the outcome. docs/authoring.md documents the JSON form.
 */

export interface ExplainOptions {
  asOf: string;
  lang: Lang;
  /** Explain only the record at this JSON pointer of the file ("" for a file of one record). */
  record?: string | undefined;
  evaluator?: LogicEvaluator | undefined;
}

/** One node of a condition: its text, its truth and, for and/or/not/if, its parts. */
export interface TraceNode {
  /** The condition in plain words, in the language asked for. */
  text: string;
  logic: unknown;
  truth: Truth;
  /** For if: which part this is. */
  role?: "if" | "then" | "else";
  /** The value a leaf evaluated to. */
  value?: unknown;
  /** The fields and parameters a leaf read, by path. */
  reads?: Record<string, unknown>;
  /** For a comparison leaf: the value of each computed side (`side` 0 is the left one). */
  operands?: Array<{ side: number; text: string; value: unknown }>;
  /** The fields whose absence leaves it unknown (only those that could settle it). */
  missing: string[];
  /** On the path that decided the outcome; a decisive leaf is where the decision was made. */
  decisive: boolean;
  parts?: TraceNode[];
}

/** A computed figure: a measure or an output. */
export interface FigureTrace {
  name: string;
  text: string;
  logic: unknown;
  value: unknown;
  unit: Unit | null;
  missing: string[];
  reads: Record<string, unknown>;
}

export type DecidedBy = "window" | "appliesIf" | "check" | "outputs" | "members";

export interface SubjectExplanation {
  subject: SubjectRef;
  /** The effective window as judged for this subject; null for a portfolio group or a rule always in force. */
  window: Window | null;
  /** For a portfolio group: the figures its appliesIf, check and messages read. */
  figures?: GroupFigures | undefined;
  appliesIf: TraceNode | null;
  outputs: FigureTrace[];
  measure: FigureTrace[];
  check: TraceNode | null;
  /** What settled the outcome: the window, appliesIf, the check, a computed rule's outputs, or undecided portfolio members. */
  decidedBy: DecidedBy;
  /** The engine's result, exactly as `szcheck check` reports it. */
  result: Result;
}

/** A candidate of a portfolio rule: how its membership, group, match and weight were decided. */
export interface MemberExplanation {
  subject: SubjectRef;
  window: Window;
  status: "out-of-window" | "not-a-member" | "in-no-group" | "decided" | "undecided";
  member: TraceNode | null;
  groupBy: FigureTrace | null;
  matches: TraceNode | null;
  weight: FigureTrace | null;
}

export interface ShownLogic {
  logic: unknown;
  /** As `rules show` writes it. */
  text: string;
  /** In plain words, parameters with their values. */
  plain: Bilingual;
}

export interface RuleExplanation {
  tool: "szcheck";
  asOf: string;
  lang: Lang;
  rule: {
    id: string;
    title: Bilingual;
    clause: string;
    subject: string;
    strength: string;
    severity: string;
    file: string;
    source: string;
    logic: Record<string, ShownLogic>;
    message: Record<string, Bilingual>;
    fix: Bilingual | null;
  };
  effective: { from: string | null; until: string | null; decidedBy: string; source: string | null } | null;
  /** `definedIn` is the rule file, or the config file that set the value (then `default` is the rule's own). */
  params: Array<{ name: string; value: Param["value"]; unit: Unit | null; status: Param["status"]; source: string; why: string | null; definedIn: string; default?: Param["value"]; read: boolean }>;
  /** The record fields the rule's logic reads, with their meaning. */
  fields: Array<{ path: string; zh: string; en: string }>;
  /** One per subject (a building of a building rule, a group of a portfolio rule). */
  subjects: SubjectExplanation[];
  /** For a portfolio rule: every candidate of the file's batch (of the record asked for, with --record). */
  members: MemberExplanation[];
  /** Records of the file that are not valid descriptors. */
  errors: InputError[];
}

/** Explains one rule on the records read from one file. */
export function explainRule(rule: LoadedRule, raws: RawRecord[], options: ExplainOptions): RuleExplanation {
  const { definition } = rule;
  const evaluator = options.evaluator ?? referenceEvaluator;
  const evaluation = { asOf: options.asOf, lang: options.lang, evaluator };
  const errors: InputError[] = [];
  const records: CheckedRecord[] = [];
  for (const { raw, origin } of raws) {
    const parsed = parseDescriptor(raw);
    if (parsed.ok) records.push({ descriptor: parsed.descriptor, origin });
    else for (const problem of parsed.problems) errors.push({ file: origin.file, pointer: origin.pointer + problem.pointer, message: problem.message });
  }
  const selected = options.record === undefined ? records : records.filter((record) => record.origin.pointer === options.record);
  if (options.record !== undefined && selected.length === 0) {
    const invalid = errors.some((error) => error.pointer.startsWith(options.record!));
    const known = raws.map((r) => r.origin.pointer || '""').join(" ");
    throw new SzcheckError({
      message: invalid ? `the record at ${options.record || '""'} is not valid: ${errors.filter((e) => e.pointer.startsWith(options.record!)).map((e) => `${e.pointer} ${e.message}`).join("; ")}` : `no record at pointer ${options.record || '""'}`,
      hint: invalid ? "`szcheck check` on the file lists every problem" : `the file's records are at ${known || "(none)"}`,
    });
  }
  const words = new Words(rule, options.lang);
  const reads = new Set<string>();
  const subjects: SubjectExplanation[] = [];
  const members: MemberExplanation[] = [];

  if (definition.subject === "portfolio") {
    const batch = records.flatMap(subjectsOf);
    const spec = definition.portfolio!;
    const kind = spec.over === "enterprise" ? "enterprise" : spec.unit === "building" ? "building" : "project";
    const shown = new Set(selected.map((record) => record.origin.pointer));
    for (const subject of batch) {
      if (subject.kind !== kind || !shown.has(subject.record.origin.pointer)) continue;
      members.push(explainMember(rule, subject, evaluator, options.asOf, words, reads));
    }
    for (const result of evaluatePortfolio(rule, batch, evaluation)) {
      const figures = Object.fromEntries(groupFigureNames.filter((name) => result.outputs !== null && Object.hasOwn(result.outputs, name)).map((name) => [name, result.outputs![name]])) as unknown as GroupFigures;
      const traced = traceInScope(rule, { group: figures }, evaluator, words, reads, result);
      const undecided = result.outcome === "incomplete" && traced.decidedBy === "check" && traced.check?.truth !== "unknown";
      if (undecided) unmark(traced);
      subjects.push({ subject: result.subject, window: null, figures, ...traced, decidedBy: undecided ? "members" : traced.decidedBy, result });
    }
  } else {
    for (const subject of selected.flatMap(subjectsOf)) {
      if (subject.kind !== definition.subject) continue;
      const result = evaluateRule(rule, subject, evaluation);
      const window = definition.effective === undefined ? null : windowOf(rule, subject, options.asOf);
      if (window !== null && !window.inForce) {
        subjects.push({ subject: result.subject, window, appliesIf: null, outputs: [], measure: [], check: null, decidedBy: "window", result });
        continue;
      }
      subjects.push({ subject: result.subject, window, ...traceInScope(rule, datedScopeOf(subject, options.asOf).scope, evaluator, words, reads, result), result });
    }
  }

  return {
    tool: "szcheck",
    asOf: options.asOf,
    lang: options.lang,
    rule: {
      id: definition.id,
      title: definition.title,
      clause: definition.clause,
      subject: definition.subject,
      strength: definition.strength,
      severity: rule.severity,
      file: rule.file,
      source: definition.source,
      logic: Object.fromEntries(logicPieces(definition).map(({ name, logic }) => [name, { logic, text: logicToText(logic), plain: { zh: new Words(rule, "zh").text(logic), en: new Words(rule, "en").text(logic) } }])),
      message: Object.fromEntries(Object.entries(definition.message).filter((entry): entry is [string, Bilingual] => entry[1] !== undefined)),
      fix: definition.fix ?? null,
    },
    effective:
      definition.effective === undefined
        ? null
        : { from: definition.effective.from ?? null, until: definition.effective.until ?? null, decidedBy: definition.effective.decidedBy, source: definition.effective.source ?? null },
    params: Object.entries(definition.params).map(([name, param]) => ({
      name,
      value: rule.paramValues[name] as Param["value"],
      unit: param.unit ?? null,
      status: param.status,
      source: param.source,
      why: param.why === undefined ? null : typeof param.why === "string" ? param.why : param.why[options.lang],
      definedIn: (rule as ConfiguredRule).overrides?.[name]?.file ?? rule.file,
      ...((rule as ConfiguredRule).overrides?.[name] === undefined ? {} : { default: (rule as ConfiguredRule).overrides![name]!.default as Param["value"] }),
      read: reads.has(`params.${name}`),
    })),
    fields: fieldsRead(rule),
    subjects,
    members,
    errors,
  };
}

/** Plain words for a rule's logic: parameters shown with their values. */
class Words {
  private readonly params: ParamValue[];

  constructor(
    rule: LoadedRule,
    readonly lang: Lang,
  ) {
    this.params = Object.keys(rule.paramValues).map((name) => ({ name, value: rule.paramValues[name], unit: rule.definition.params[name]?.unit ?? null }));
  }

  text(logic: unknown): string {
    return plainLogic(logic, this.lang, this.params);
  }
}

export interface ParamValue {
  name: string;
  value: unknown;
  unit: Unit | null;
}

/** A piece of logic in plain words, `params.x` written `x (= value)`. */
export function plainLogic(logic: unknown, lang: Lang, params: ParamValue[]): string {
  const describeVar = (path: string): string | undefined => {
    if (!path.startsWith("params.")) return undefined;
    const param = params.find((p) => p.name === path.slice("params.".length));
    if (param === undefined) return undefined;
    const value = formatParamValue(param.value, param.unit ?? undefined, lang);
    return lang === "zh" ? `${param.name}（= ${value}）` : `${param.name} (= ${value})`;
  };
  return logicToText(logic, { lang, describeVar });
}

export function formatParamValue(value: unknown, unit: Unit | undefined, lang: Lang): string {
  if (Array.isArray(value)) return `[${value.map((item) => formatFigure(item, unit, "en")).join(", ")}]`;
  return typeof value === "number" ? formatFigure(value, unit, lang) : String(value);
}

interface Traced {
  appliesIf: TraceNode | null;
  outputs: FigureTrace[];
  measure: FigureTrace[];
  check: TraceNode | null;
  decidedBy: DecidedBy;
}

/** appliesIf, outputs, measure and check in a scope, in the engine's order; evaluation stops where the engine's does. */
function traceInScope(rule: LoadedRule, subjectScope: Record<string, unknown>, evaluator: LogicEvaluator, words: Words, reads: Set<string>, result?: Result): Traced {
  const { definition } = rule;
  const scope = withField(subjectScope, "params", rule.paramValues);
  const traced: Traced = { appliesIf: null, outputs: [], measure: [], check: null, decidedBy: definition.check === undefined ? "outputs" : "check" };
  if (definition.appliesIf !== undefined) {
    traced.appliesIf = traceCondition(definition.appliesIf, scope, evaluator, words, reads);
    if (traced.appliesIf.truth !== true) {
      traced.decidedBy = "appliesIf";
      markDecisive(traced.appliesIf);
      return traced;
    }
  }
  for (const [name, output] of Object.entries(definition.outputs ?? {})) traced.outputs.push(traceFigure(name, output.value, output.unit ?? null, scope, evaluator, words, reads));
  const measure = definition.measure;
  if (measure !== undefined) {
    traced.measure.push(traceFigure("actual", measure.actual.value, measure.actual.unit, scope, evaluator, words, reads));
    traced.measure.push(traceFigure("required", measure.required.value, measure.required.unit, scope, evaluator, words, reads));
    if (measure.gap !== undefined) traced.measure.push(traceFigure("gap", measure.gap.value, measure.gap.unit, scope, evaluator, words, reads));
    else {
      // Without a gap of its own, the engine takes max(required − actual, 0).
      const gap = result?.measure?.gap ?? null;
      traced.measure.push({ name: "gap", text: words.lang === "zh" ? "max(要求 − 实际, 0)" : "max(required − actual, 0)", logic: null, value: gap, unit: measure.required.unit, missing: [], reads: {} });
    }
  }
  if (definition.check !== undefined) {
    traced.check = traceCondition(definition.check, scope, evaluator, words, reads);
    markDecisive(traced.check);
  }
  return traced;
}

function traceFigure(name: string, logic: unknown, unit: Unit | null, scope: Record<string, unknown>, evaluator: LogicEvaluator, words: Words, seen: Set<string>): FigureTrace {
  const reads = new Reads(scope);
  const { value, missing } = compute(logic, scope, evaluator, reads);
  reads.values.forEach((_, path) => seen.add(path));
  return { name, text: words.text(logic), logic, value: missing.length > 0 ? null : tidy(value), unit, missing: [...new Set(missing)].sort(), reads: readsOf(reads) };
}

const comparisons = new Set(["==", "===", "!=", "!==", ">", ">=", "<", "<=", "in"]);

function traceCondition(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator, words: Words, seen: Set<string>): TraceNode {
  const trace = decide(logic, scope, evaluator, new Reads(scope));
  return toNode(trace, scope, evaluator, words, seen);
}

function toNode(trace: ConditionTrace, scope: Record<string, unknown>, evaluator: LogicEvaluator, words: Words, seen: Set<string>): TraceNode {
  const node: TraceNode = { text: words.text(trace.logic), logic: trace.logic, truth: trace.truth, missing: [...new Set(missingOf(trace))].sort(), decisive: false };
  if (trace.parts !== undefined) {
    node.parts = trace.parts.map((part) => toNode(part, scope, evaluator, words, seen));
    const operator = operatorOf(trace.logic);
    if ((operator === "if" || operator === "?:") && node.parts.length >= 2) {
      node.parts[0]!.role = "if";
      if (node.parts.length === 3) {
        node.parts[1]!.role = "then";
        node.parts[2]!.role = "else";
      } else {
        node.parts[1]!.role = trace.parts[0]!.truth === true ? "then" : "else";
      }
    }
    return node;
  }
  // A leaf: what it read, and for a comparison, the value of each side.
  const reads = new Reads(scope);
  compute(trace.logic, scope, evaluator, reads);
  reads.values.forEach((_, path) => seen.add(path));
  node.value = tidy(trace.value);
  node.reads = readsOf(reads);
  const operator = operatorOf(trace.logic);
  if (operator !== undefined && comparisons.has(operator)) {
    // The computed sides only: a literal or a field read alone already shows in `reads`.
    const operands = argumentsOf(trace.logic as object, operator).flatMap((arg, side) => {
      if (operatorOf(arg) === undefined || isPlainVar(arg)) return [];
      const { value, missing } = compute(arg, scope, evaluator, new Reads(scope));
      return [{ side, text: words.text(arg), value: missing.length > 0 ? null : tidy(value) }];
    });
    if (operands.length > 0) node.operands = operands;
  }
  return node;
}

function isPlainVar(logic: unknown): boolean {
  if (operatorOf(logic) !== "var") return false;
  const target = argumentsOf(logic as object, "var")[0];
  return typeof target === "string" || typeof target === "number";
}

function readsOf(reads: Reads): Record<string, unknown> {
  return Object.fromEntries([...reads.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Marks the path that decided a condition: for and/or, the first part that settled it (a false
 * part of an and, a true part of an or), or every part when all of them were needed (or are
 * unknown); for not, its part; for if, the condition and the branch taken.
 */
function markDecisive(node: TraceNode): void {
  node.decisive = true;
  const parts = node.parts;
  if (parts === undefined) return;
  const operator = operatorOf(node.logic);
  if (operator === "and" || operator === "or") {
    const settling = operator === "and" ? false : true;
    const decisive =
      node.truth === settling ? [parts.find((part) => part.truth === settling)!] : node.truth === "unknown" ? parts.filter((part) => part.truth === "unknown") : parts;
    decisive.forEach(markDecisive);
    return;
  }
  if (operator === "if" || operator === "?:") {
    const [condition, ...branches] = parts;
    markDecisive(condition!);
    branches.filter((branch) => node.truth !== "unknown" || branch.truth === "unknown" || branches.length === 1).forEach(markDecisive);
    return;
  }
  parts.forEach(markDecisive);
}

function unmark(traced: Traced): void {
  const clear = (node: TraceNode | null): void => {
    if (node === null) return;
    node.decisive = false;
    node.parts?.forEach(clear);
  };
  clear(traced.check);
  clear(traced.appliesIf);
}

function explainMember(rule: LoadedRule, subject: Subject, evaluator: LogicEvaluator, asOf: string, words: Words, seen: Set<string>): MemberExplanation {
  const spec = rule.definition.portfolio!;
  const ref: SubjectRef = { kind: subject.kind, id: subject.id, name: subject.name, file: subject.record.origin.file, pointer: subject.pointer };
  const window = windowOf(rule, subject, asOf);
  const explanation: MemberExplanation = { subject: ref, window, status: "out-of-window", member: null, groupBy: null, matches: null, weight: null };
  if (!window.inForce) return explanation;
  const scope = withField(datedScopeOf(subject, asOf).scope, "params", rule.paramValues);
  const present = (logic: unknown): boolean => logic !== undefined && logic !== null;
  if (present(spec.members)) {
    explanation.member = traceCondition(spec.members, scope, evaluator, words, seen);
    if (explanation.member.truth === false) return { ...explanation, status: "not-a-member" };
  }
  if (present(spec.groupBy)) {
    explanation.groupBy = traceFigure("groupBy", spec.groupBy, null, scope, evaluator, words, seen);
    const key = explanation.groupBy.value;
    if (explanation.groupBy.missing.length === 0 && (key === null || key === undefined || key === "")) return { ...explanation, status: "in-no-group" };
  }
  if (present(spec.matches)) explanation.matches = traceCondition(spec.matches, scope, evaluator, words, seen);
  if (present(spec.weight)) explanation.weight = traceFigure("weight", spec.weight, null, scope, evaluator, words, seen);
  const undecided =
    explanation.member?.truth === "unknown" || (explanation.groupBy?.missing.length ?? 0) > 0 || explanation.matches?.truth === "unknown" || (explanation.weight?.missing.length ?? 0) > 0;
  return { ...explanation, status: undecided ? "undecided" : "decided" };
}

/** The record fields the logic reads, in order of first appearance, with their meaning. */
function fieldsRead(rule: LoadedRule): Array<{ path: string; zh: string; en: string }> {
  const { definition } = rule;
  const kind = definition.subject === "portfolio" ? (definition.portfolio?.over ?? "project") : definition.subject === "enterprise" ? "enterprise" : "project";
  const paths: string[] = [];
  const add = (path: string): void => {
    if (path !== "" && !path.startsWith("params.") && path !== "params" && !paths.includes(path)) paths.push(path);
  };
  const visit = (logic: unknown, prefix: string | undefined): void => {
    if (Array.isArray(logic)) return logic.forEach((item) => visit(item, prefix));
    const operator = operatorOf(logic);
    if (operator === undefined) return;
    const args = argumentsOf(logic as object, operator);
    if (operator === "var") {
      const target = args[0];
      if (typeof target === "string" && prefix !== undefined) add(prefix + target);
      else if (operatorOf(target) === "var") {
        const inner = argumentsOf(target as object, "var")[0];
        const held = typeof inner === "string" && inner.startsWith("params.") ? rule.paramValues[inner.slice("params.".length)] : undefined;
        if (typeof held === "string" && prefix !== undefined) add(prefix + held);
        visit(target, prefix);
      }
      args.slice(1).forEach((arg) => visit(arg, prefix));
      return;
    }
    if (["map", "filter", "all", "some", "none", "reduce"].includes(operator)) {
      visit(args[0], prefix);
      const list = operatorOf(args[0]) === "var" ? argumentsOf(args[0] as object, "var")[0] : undefined;
      const item = typeof list === "string" && prefix !== undefined ? `${prefix}${list}.0.` : undefined;
      args.slice(1).forEach((arg) => visit(arg, operator === "reduce" ? undefined : item));
      return;
    }
    args.forEach((arg) => visit(arg, prefix));
  };
  for (const { logic } of logicPieces(definition)) visit(logic, "");
  return paths.flatMap((path) => {
    const meaning = meaningOf(path, kind);
    return meaning === undefined ? [] : [{ path: path.replace(/\.0\./g, "[]."), zh: meaning.zh, en: meaning.en }];
  });
}
