import type { Descriptor } from "../descriptors/index.js";
import type { Origin } from "../model/origin.js";
import type { SubjectKind } from "../model/vocabulary.js";


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
  /** The scope rules read: the record's fields, and `building` for a building. */
  scope: Record<string, unknown>;
}

export function subjectsOf(record: CheckedRecord): Subject[] {
  const { descriptor, origin } = record;
  if (descriptor.kind === "enterprise") {
    return [{ kind: "enterprise", id: descriptor.creditCode, name: descriptor.name, pointer: origin.pointer, record, scope: { ...descriptor } }];
  }
  const project: Subject = { kind: "project", id: descriptor.projectCode, name: descriptor.name, pointer: origin.pointer, record, scope: { ...descriptor } };
  const buildings = (descriptor.buildings ?? []).map((building, index): Subject => ({
    kind: "building",
    id: `${descriptor.projectCode}/${building.id}`,
    name: `${descriptor.name} ${building.id}`,
    pointer: `${origin.pointer}/buildings/${index}`,
    record,
    scope: withField(descriptor, "building", building),
  }));
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
