import { SzcheckError } from "../errors.js";
import type { Assumption, Lang, Result, SubjectRef } from "../model/report.js";
import type { LoadedRule } from "../rules/load.js";
import type { PortfolioSpec } from "../rules/schema.js";
import { fieldName } from "../text/field-names.js";
import { assumptionsAmong, dateAssumption, evaluateInScope, missingOf, tidy, windowOf, type EvaluationOptions } from "./evaluate-rule.js";
import { datedScopeOf, unlistedMissing, withField, type Subject } from "./subjects.js";
import { MemberTable, type Member } from "./member-table.js";
import { compute, decide, Reads, type Truth } from "./three-valued.js";

/**
 * Portfolio rules (`subject: portfolio`): a rule over the whole batch. Every record (or building)
 * of the kind the rule is `over` and inside its effective window is a candidate; `members`
 * decides whether it counts, `groupBy` which group it falls in, `matches` whether it counts
 * towards the numerator and `weight` how much it counts. Each group gets one result, whose
 * appliesIf, check, measure and messages read the group's figures as `group.<name>`.
 *
 * A candidate whose membership, group, match or weight rests on a missing field is undecided;
 * `portfolio.onUnknown` says what that does to its group (docs/rules.md, "Portfolio rules").
 */

/** The group key of a rule without groupBy: the whole batch is one group. */
export const WHOLE_BATCH_KEY = "all";
/** The group of members that could not be placed in any group, when no group has a known key. */
export const UNPLACED_KEY = "?";

interface Candidate {
  id: string;
  member: Truth;
  /** The group key; undefined while the key rests on a missing field. null: in no group. */
  key: string | null | undefined;
  match: Truth;
  /** undefined while the weight rests on a missing field. */
  weight: number | undefined;
  /** What would decide it, as "member id: field". */
  missing: string[];
  /** The parameters its membership, key, match and weight read (for the result's assumptions). */
  params: string[];
}

/** A subject of a portfolio rule's kind, assessed: inside the rule's window or not, and what its groups keep of it (plain data). */
export interface TallyEntry {
  inForce: boolean;
  candidate: Candidate | undefined;
}

/** The group figures, as `group.<name>` in the rule and as the result's outputs. */
export interface GroupFigures {
  key: string | null;
  count: number;
  matchingCount: number;
  weight: number;
  matchingWeight: number;
  /** 100 × matchingWeight ÷ weight; absent when the weight is 0 (a share of nothing). */
  sharePct?: number;
  members: string[];
  matching: string[];
  undecided: string[];
  /** The lowest and highest share the undecided members allow, when their weights are known. */
  sharePctRange?: [number | null, number | null];
}

/** A portfolio rule over a batch: every subject of the batch, then its results (one per group, sorted by key). */
export function evaluatePortfolio(rule: LoadedRule, subjects: Iterable<Subject>, options: EvaluationOptions): Result[] {
  const tally = new PortfolioTally(rule, options);
  for (const subject of subjects) tally.add(subject);
  return tally.finish();
}

/**
 * A portfolio rule fed one subject at a time, as a run reads its records: each candidate is
 * assessed when it comes and only what the groups need of it is kept (its id, membership, key,
 * match, weight, and what would decide it), not the record.
 */
export class PortfolioTally {
  private readonly spec: PortfolioSpec | undefined;
  private readonly kind: Subject["kind"];
  private ofKind = 0;
  private inForce = 0;
  private readonly groups = new Map<string, Group>();
  /** Members whose group rests on a missing field: undecided in every group. */
  private readonly unplaced = new UndecidedMembers();

  constructor(readonly rule: LoadedRule, private readonly options: EvaluationOptions) {
    this.spec = rule.definition.portfolio;
    this.kind = this.spec?.over === "enterprise" ? "enterprise" : this.spec?.unit === "building" ? "building" : "project";
  }

  add(subject: Subject): void {
    const entry = this.assessSubject(subject);
    if (entry !== undefined) this.addEntry(entry);
  }

  /**
   * What `add` keeps of a subject, worked out without touching the tally (so that worker threads
   * can assess the subjects of their records and the run add the entries in input order).
   */
  assessSubject(subject: Subject): TallyEntry | undefined {
    if (this.spec === undefined || subject.kind !== this.kind) return undefined;
    if (!windowOf(this.rule, subject, this.options.asOf).inForce) return { inForce: false, candidate: undefined };
    return { inForce: true, candidate: assess(this.rule, this.spec, subject, this.options) };
  }

  /** A subject of the rule's kind, as `assessSubject` gave it. */
  addEntry({ inForce, candidate }: TallyEntry): void {
    this.ofKind++;
    if (!inForce) return;
    this.inForce++;
    if (candidate === undefined) return;
    if (candidate.key === undefined) {
      this.unplaced.add(candidate);
      return;
    }
    if (candidate.key === null) return;
    let group = this.groups.get(candidate.key);
    if (group === undefined) this.groups.set(candidate.key, (group = emptyGroup()));
    if (!isDecided(candidate)) {
      group.undecided.add(candidate);
      return;
    }
    // A decided member is kept as its id, match and weight, one entry per id (see `distinct`).
    for (const param of candidate.params) group.params.add(param);
    if (group.counted.add(candidate.id, candidate.match === true, candidate.weight!)) group.conflicting.add(candidate.id);
  }

  finish(): Result[] {
    const { rule, spec, options, groups, unplaced } = this;
    if (spec === undefined) return [];
    const grouped = spec.groupBy !== undefined && spec.groupBy !== null;
    if (!grouped && this.ofKind > 0 && !groups.has(WHOLE_BATCH_KEY)) groups.set(WHOLE_BATCH_KEY, emptyGroup());

    const results: Result[] = [];
    for (const key of [...groups.keys()].sort(compareKeys)) {
      const group = groups.get(key)!;
      const outOfWindowOnly = !grouped && this.inForce === 0;
      results.push(evaluateGroup(rule, spec, grouped ? key : null, group, [...group.undecided.entries(), ...unplaced.entries()], options, outOfWindowOnly));
    }
    if (groups.size === 0 && unplaced.size > 0 && spec.onUnknown !== "exclude") {
      results.push(evaluateGroup(rule, spec, UNPLACED_KEY, emptyGroup(), unplaced.entries(), options, false));
    }
    return results;
  }
}

/** A group as the tally keeps it: its decided members one per id, the params they read, and its undecided members. */
interface Group {
  counted: MemberTable;
  params: Set<string>;
  undecided: UndecidedMembers;
  /** Ids met more than once with different figures (a match in one record and not another, or another weight). */
  conflicting: Set<string>;
}

const emptyGroup = (): Group => ({ counted: new MemberTable(), params: new Set(), undecided: new UndecidedMembers(), conflicting: new Set() });

/** Undecided members met the same way more than once (same id, figures, missing fields and params): one entry and a count. */
interface UndecidedEntry {
  candidate: Candidate;
  count: number;
}

/**
 * A group's undecided members, each distinct one kept once with the number of times it was
 * met, in the order first met: a batch where every filing of an enterprise lacks the same field
 * keeps one entry per enterprise, not one per filing.
 */
class UndecidedMembers {
  private readonly byShape = new Map<string, UndecidedEntry>();
  size = 0;

  add(candidate: Candidate): void {
    this.size++;
    const shape = shapeOf(candidate);
    const seen = this.byShape.get(shape);
    if (seen !== undefined) seen.count++;
    else {
      if (candidate.missing.length === 0) candidate.missing = NOTHING_MISSING;
      this.byShape.set(shape, { candidate, count: 1 });
    }
  }

  entries(): UndecidedEntry[] {
    return [...this.byShape.values()];
  }
}

const NOTHING_MISSING: string[] = [];

/** What tells two undecided candidates apart: everything a result reads of them. */
function shapeOf(candidate: Candidate): string {
  const weight = candidate.weight === undefined ? "?" : Object.is(candidate.weight, -0) ? "-0" : String(candidate.weight);
  return JSON.stringify([candidate.id, candidate.member, candidate.key ?? null, candidate.key === undefined, candidate.match, weight, candidate.missing, candidate.params]);
}

/** A candidate whose membership, group, match and weight are all known. */
function isDecided(candidate: Candidate): boolean {
  return candidate.member === true && candidate.key !== undefined && candidate.match !== "unknown" && candidate.weight !== undefined;
}

function assess(rule: LoadedRule, spec: PortfolioSpec, subject: Subject, options: EvaluationOptions): Candidate | undefined {
  const dated = datedScopeOf(subject, options.asOf);
  const scope = withField(dated.scope, "params", rule.paramValues);
  const reads = new Reads(scope);
  const missing: string[] = [];
  let member: Truth = true;
  if (spec.members !== undefined) {
    const trace = decide(spec.members, scope, options.evaluator, reads);
    member = trace.truth;
    missing.push(...missingOf(trace));
  }
  if (member === false) return undefined;

  let key: string | null | undefined = WHOLE_BATCH_KEY;
  if (spec.groupBy !== undefined && spec.groupBy !== null) {
    const computed = compute(spec.groupBy, scope, options.evaluator, reads);
    if (computed.missing.length > 0) {
      key = undefined;
      missing.push(...computed.missing);
    } else {
      key = keyText(computed.value);
    }
  }
  // A member whose key is null (or "") is in no group: nothing about it can change any result.
  if (key === null) return undefined;

  let match: Truth = true;
  if (spec.matches !== undefined) {
    const trace = decide(spec.matches, scope, options.evaluator, reads);
    match = trace.truth;
    missing.push(...missingOf(trace));
  }

  let weight: number | undefined = 1;
  if (spec.weight !== undefined) {
    const computed = compute(spec.weight, scope, options.evaluator, reads);
    if (computed.missing.length > 0) {
      weight = undefined;
      missing.push(...computed.missing);
    } else if (typeof computed.value !== "number" || !Number.isFinite(computed.value) || computed.value < 0) {
      throw new SzcheckError({
        file: rule.file,
        pointer: "/portfolio/weight",
        message: `the weight of ${subject.id} is ${JSON.stringify(computed.value)}: a weight must be a number ≥ 0`,
        hint: "give absent values a default, e.g. { var: [investmentCny, 0] }, or leave such records out with members",
      });
    } else {
      weight = computed.value;
    }
  }
  const params = [...reads.values.keys()].filter((path) => path.startsWith("params.")).map((path) => path.slice("params.".length));
  if (dated.fromAsOf !== null && reads.values.has(dated.fromAsOf)) params.push(DATED_FROM_AS_OF + dated.fromAsOf);
  const named = subject.unlisted === true ? unlistedMissing(missing) : [...new Set(missing)];
  return { id: subject.id, member, key, match, weight, missing: named.map((path) => `${subject.id}: ${path}`), params };
}

/** Marks, among the params a member read, that its date came from --as-of (not a parameter name: those are letters and digits). */
const DATED_FROM_AS_OF = "@asOf:";

function keyText(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Group keys in order: numbers (years) by value, then text by code point. */
export function compareKeys(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  const numeric = (text: string, n: number): boolean => text.trim() !== "" && Number.isFinite(n);
  if (numeric(a, x) && numeric(b, y) && x !== y) return x - y;
  if (numeric(a, x) !== numeric(b, y)) return numeric(a, x) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most duplicate members named on one result; the rest are counted in one more note. */
const MAX_DUPLICATE_NOTES = 20;

/**
 * Members filed more than once with figures that disagree, said on the group's result as what
 * was assumed: which record wins (any match counts; the heaviest weight counts), so that a
 * conflict is never resolved silently.
 */
function duplicateNotes(group: Group, lang: Lang): Assumption[] {
  const ids = [...group.conflicting].sort();
  const notes: Assumption[] = ids.slice(0, MAX_DUPLICATE_NOTES).map((id) => {
    const { match, weight } = group.counted.get(id)!;
    const why =
      lang === "zh"
        ? `${id} 在本批中出现多次且数据不一致：按一次计，${match ? "任一记录符合即计为符合" : "各记录均不符合"}，权重取最大值 ${weight}`
        : `${id} is in the batch more than once with different figures: counted once, ${match ? "as matching because one of its records matches" : "as not matching (no record matches)"}, with the heaviest weight, ${weight}`;
    return { param: `duplicate ${id}`, value: { match, weight }, why, override: null };
  });
  if (ids.length > MAX_DUPLICATE_NOTES) {
    const more = ids.length - MAX_DUPLICATE_NOTES;
    notes.push({ param: "duplicates", value: more, why: lang === "zh" ? `另有 ${more} 个成员同样重复且数据不一致，按同一办法计` : `${more} more members are duplicated with different figures, counted the same way`, override: null });
  }
  return notes;
}

type Counted = Member;

/** A member met again: it matches if either record matches, and weighs the heavier. */
function sameMember(seen: Counted | undefined, c: Counted): Counted {
  return seen === undefined ? c : { id: c.id, match: seen.match || c.match, weight: Math.max(seen.weight, c.weight) };
}

/**
 * One member per id: an enterprise filed for several fiscal years is one enterprise. It matches
 * when any of its records matches, and weighs what its heaviest record weighs. The decided
 * members (one per id already) in the order first met, each merged with the extra records of
 * its id, then the extra ids in the order first met.
 */
function* distinct(decided: MemberTable, extra: readonly Counted[]): Generator<Counted> {
  const extraById = new Map<string, Counted>();
  for (const c of extra) extraById.set(c.id, sameMember(extraById.get(c.id), c));
  for (const c of decided) {
    const more = extraById.get(c.id);
    if (more === undefined) {
      yield c;
    } else {
      extraById.delete(c.id);
      yield sameMember(c, more);
    }
  }
  yield* extraById.values();
}

function figuresOf(key: string | null, decided: MemberTable, extra: readonly Counted[], undecided: readonly UndecidedEntry[]): GroupFigures {
  const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  let weight = 0;
  let matchingWeight = 0;
  const members: string[] = [];
  const matching: string[] = [];
  for (const c of distinct(decided, extra)) {
    weight += c.weight;
    members.push(c.id);
    if (c.match) {
      matchingWeight += c.weight;
      matching.push(c.id);
    }
  }
  const undecidedIds: string[] = [];
  for (const { candidate, count } of undecided) for (let i = 0; i < count; i++) undecidedIds.push(candidate.id);
  return {
    key,
    count: members.length,
    matchingCount: matching.length,
    weight: tidy(weight) as number,
    matchingWeight: tidy(matchingWeight) as number,
    ...(weight > 0 ? { sharePct: tidy((100 * matchingWeight) / weight) as number } : {}),
    members: members.sort(byId),
    matching: matching.sort(byId),
    undecided: undecidedIds.sort(byId),
  };
}

/**
 * The two ends of what the undecided members allow: `low` counts each as it lowers the share
 * and the matching count most (a possible non-match in, a sure match out when it may be out),
 * `high` as it raises them most. For a check that only gets truer as more members match, the
 * verdict is settled when both ends give it. Gives the records the undecided members add to the
 * decided ones (a member met several times the same way adds the same record each time: once is enough).
 */
function scenario(end: "low" | "high", undecided: readonly UndecidedEntry[]): Counted[] {
  const counted: Counted[] = [];
  for (const { candidate: u } of undecided) {
    const mayBeOut = u.member === "unknown" || u.key === undefined;
    const canMatch = u.match !== false;
    const canMiss = u.match !== true;
    const weight = u.weight ?? 0;
    if (end === "low") {
      if (canMiss) counted.push({ id: u.id, match: false, weight });
      else if (!mayBeOut) counted.push({ id: u.id, match: true, weight });
    } else if (canMatch) {
      counted.push({ id: u.id, match: true, weight });
    } else if (!mayBeOut) {
      counted.push({ id: u.id, match: false, weight });
    }
  }
  return counted;
}

function evaluateGroup(rule: LoadedRule, spec: PortfolioSpec, key: string | null, group: Group, undecided: readonly UndecidedEntry[], options: EvaluationOptions, outOfWindowOnly: boolean): Result {
  const id = `${rule.definition.id}/${key ?? WHOLE_BATCH_KEY}`;
  const ref: SubjectRef = { kind: "portfolio", id, name: key ?? wholeBatchName(options.lang), file: "", pointer: "" };
  const decided = group.counted;
  const figures = figuresOf(key, decided, [], undecided);
  const undecidedCount = undecided.reduce((sum, entry) => sum + entry.count, 0);
  const weightsKnown = undecided.every((u) => u.candidate.weight !== undefined);
  if (undecidedCount > 0 && spec.onUnknown !== "exclude" && weightsKnown) {
    const [low, high] = (["low", "high"] as const).map((end) => figuresOf(key, decided, scenario(end, undecided), []).sharePct ?? null);
    figures.sharePctRange = [low ?? null, high ?? null];
  }
  const evaluate = (group: GroupFigures): Result =>
    evaluateInScope(rule, ref, { group }, options, outOfWindowOnly ? noMemberInForce(options.lang) : undefined);
  // An assumption read while counting the members (a count basis, say) is one the result rests on.
  const memberParams = new Set([...group.params, ...undecided.flatMap((u) => u.candidate.params)]);
  const evaluated = evaluate(figures);
  const read = new Set([...evaluated.assumptions.map((a) => a.param), ...memberParams]);
  const assumptions = assumptionsAmong(rule, (name) => read.has(name), options.lang);
  // Members without their own date were placed at --as-of (one date per record): the group says so.
  for (const field of ["approval.date", "fiscalYear"] as const) if (memberParams.has(DATED_FROM_AS_OF + field)) assumptions.push(dateAssumption(field, options.asOf, options.lang));
  assumptions.push(...duplicateNotes(group, options.lang));
  const result = { ...withFigures(evaluated, figures), assumptions };
  if (undecidedCount === 0 || spec.onUnknown === "exclude" || outOfWindowOnly) return result;

  if (spec.onUnknown === "bounds" && weightsKnown) {
    const ends = (["low", "high"] as const).map((end) => evaluate(figuresOf(key, decided, scenario(end, undecided), [])).outcome);
    if (ends.every((outcome) => outcome === result.outcome) && result.outcome !== "incomplete") return result;
  }
  const missing = [...new Set(undecided.flatMap((u) => u.candidate.missing))].sort();
  return { ...result, outcome: "incomplete", message: undecidedMessage(undecidedCount, missing, options.lang), missing, measure: null };
}

function withFigures(result: Result, figures: GroupFigures): Result {
  return { ...result, outputs: { ...figures, ...(result.outputs ?? {}) } };
}

function wholeBatchName(lang: Lang): string {
  return lang === "zh" ? "全部记录" : "the whole batch";
}

function noMemberInForce(lang: Lang): string {
  return lang === "zh" ? "不适用：批次中没有处于本条生效期内的记录" : "not applicable: no record of the batch falls in the period in force";
}

function undecidedMessage(count: number, missing: string[], lang: Lang): string {
  return lang === "zh"
    ? `数据不全，无法判断：${count} 个成员无法确定，缺少 ${missing.map((path) => fieldName(path, lang)).join("、")}`
    : `incomplete: ${count} member${count === 1 ? "" : "s"} cannot be decided without ${missing.join(", ")}`;
}
