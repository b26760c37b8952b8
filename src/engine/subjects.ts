import type { Descriptor } from "../descriptors/index.js";
import type { Origin } from "../model/origin.js";
import type { SubjectKind } from "../model/vocabulary.js";
import { buildingSubjectId } from "../model/subject-id.js";


export interface CheckedRecord {
  descriptor: Descriptor;
  origin: Origin;
}

/** What one rule is evaluated on: a project, one of its buildings, or an enterprise. */
export interface Subject {
  kind: Exclude<SubjectKind, "portfolio">;
  id: string;
  name: string;
  pointer: string;
  record: CheckedRecord;
  /** The scope rules read: the record's fields, and `building` for a building. Never changed. */
  scope: Record<string, unknown>;
  /**
   * What is worked out once per subject while its rules run, kept on the subject (a WeakMap
   * lookup per rule and subject costs more than the rest of telling a pass): its dated scope, and
   * evaluate-rule's state of it (opaque here).
   */
  dated?: { asOf: string; dated: DatedScope } | undefined;
  evaluation?: object | undefined;
  /** Set on the stand-in building of a project that lists no buildings (see `UNLISTED_BUILDING_ID`). */
  unlisted?: true;
}

/**
 * The building id of the stand-in for the buildings a project does not list. A building project
 * (or one that does not say its category) without `buildings` may hold any building: its building
 * rules cannot be decided, and must not be left out as if they did not apply (a silent clearance).
 * The stand-in has no fields of its own, so every rule that reads a building field is incomplete
 * naming `buildings`; one decided by the project's fields alone (its date, its nature) is decided.
 * An explicit `buildings: []` says there are none, and a road or other works has none to list.
 */
export const UNLISTED_BUILDING_ID = "*";

function listsNoBuildings(descriptor: Descriptor): boolean {
  return descriptor.kind === "project" && descriptor.buildings === undefined && (descriptor.category === undefined || descriptor.category === "building");
}

export function subjectsOf(record: CheckedRecord): Subject[] {
  const { descriptor, origin } = record;
  if (descriptor.kind === "enterprise") {
    return [{ kind: "enterprise", id: descriptor.creditCode, name: descriptor.name, pointer: origin.pointer, record, scope: descriptor, dated: undefined, evaluation: undefined }];
  }
  const project: Subject = { kind: "project", id: descriptor.projectCode, name: descriptor.name, pointer: origin.pointer, record, scope: descriptor, dated: undefined, evaluation: undefined };
  const buildings = (descriptor.buildings ?? []).map((building, index): Subject => ({
    kind: "building",
    id: buildingSubjectId(descriptor.projectCode, building.id),
    name: `${descriptor.name} ${building.id}`,
    pointer: `${origin.pointer}/buildings/${index}`,
    record,
    scope: withField(descriptor, "building", building),
    dated: undefined,
    evaluation: undefined,
  }));
  if (listsNoBuildings(descriptor)) {
    buildings.push({
      kind: "building",
      id: buildingSubjectId(descriptor.projectCode, UNLISTED_BUILDING_ID),
      name: `${descriptor.name} ${UNLISTED_BUILDING_ID}`,
      // The record's place: there is no building to point at, and reports group a building's results under its record by it.
      pointer: origin.pointer,
      record,
      scope: descriptor,
      dated: undefined,
      evaluation: undefined,
      unlisted: true,
    });
  }
  return [project, ...buildings];
}

/**
 * `{ ...fields, [key]: value }`: the same object (the same keys in the same order, the same
 * values), made several times faster. In V8 a spread followed by one more key costs 1–2 µs for
 * a record of some 25 fields; Object.assign onto `{}` and then the key, a quarter of that.
 * Object.assign sets keys where a spread defines them, which differs only for a "__proto__" key:
 * that rare case is left to the spread.
 */
export function withField(fields: object, key: string, value: unknown): Record<string, unknown> {
  if (key === "__proto__" || Object.hasOwn(fields, "__proto__")) return { ...fields, [key]: value };
  const copy = Object.assign({}, fields) as Record<string, unknown>;
  copy[key] = value;
  return copy;
}

/** The field that dates a record: what a rule's window and its date-based scopes read. */
export type DateField = "approval.date" | "fiscalYear";

export interface DatedScope {
  /** The subject's scope, its date filled in from --as-of when the record has none. */
  scope: Record<string, unknown>;
  /** The date field that was filled in from --as-of, or null when the record has its own. */
  fromAsOf: DateField | null;
}

/**
 * One date per record (RULES.md): a record without its own date (a filing being prepared) is
 * judged at --as-of in every date-based condition alike, the effective window and any scope that
 * turns on a date, so that two rules never treat the same undated record differently.
 */
export function datedScopeOf(subject: Subject, asOf: string): DatedScope {
  const cached = subject.dated;
  if (cached !== undefined && cached.asOf === asOf) return cached.dated;
  const dated = dateScope(subject, asOf);
  subject.dated = { asOf, dated };
  return dated;
}

function dateScope(subject: Subject, asOf: string): DatedScope {
  const { scope } = subject;
  if (subject.kind === "enterprise") {
    if (typeof scope.fiscalYear === "number") return { scope, fromAsOf: null };
    return { scope: withField(scope, "fiscalYear", Number(asOf.slice(0, 4))), fromAsOf: "fiscalYear" };
  }
  const approval = scope.approval as Record<string, unknown> | undefined;
  if (typeof approval?.date === "string") return { scope, fromAsOf: null };
  return { scope: withField(scope, "approval", withField(approval ?? {}, "date", asOf)), fromAsOf: "approval.date" };
}

/** The fields a result on the stand-in building misses: each building field is `buildings`, which the project does not list. */
export function unlistedMissing(missing: readonly string[]): string[] {
  return [...new Set(missing.map((path) => (path === "building" || path.startsWith("building.") ? "buildings" : path)))].sort();
}
