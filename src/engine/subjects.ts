import type { Descriptor } from "../descriptors/index.js";
import type { SubjectKind } from "../rules/schema.js";

/** Where a record came from: its file and its JSON pointer there ("" for a file of one). */
export interface Origin {
  file: string;
  pointer: string;
  /** 1-based line of the record in its file, when known. */
  line?: number | undefined;
}

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
    scope: { ...descriptor, building },
  }));
  return [project, ...buildings];
}
