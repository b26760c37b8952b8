import type { CheckedRecord } from "./subjects.js";

/**
 * What a batch summary groups a valid record by. Results don't carry these fields (a result's
 * `values` holds only what its rule read), so the run keeps one entry per valid record, in input
 * order, and a summary joins results to it on `file` and the record's pointer.
 */
export interface RecordAttributes {
  file: string;
  /** The record's JSON pointer in `file` ("" for a file of one record). */
  pointer: string;
  kind: "project" | "enterprise";
  /** projectCode or creditCode. */
  id: string;
  /** A project's district (English enum value, e.g. "nanshan"), when given. */
  district?: string;
  /** A project's key area (前海, 河套…), when given. */
  keyArea?: string;
  /** An enterprise's type (English enum value, e.g. "construction"), when given. */
  enterpriseType?: string;
}

export function recordAttributesOf(record: CheckedRecord): RecordAttributes {
  const { descriptor, origin } = record;
  if (descriptor.kind === "enterprise") {
    return { file: origin.file, pointer: origin.pointer, kind: "enterprise", id: descriptor.creditCode, ...(descriptor.type === undefined ? {} : { enterpriseType: descriptor.type }) };
  }
  return {
    file: origin.file,
    pointer: origin.pointer,
    kind: "project",
    id: descriptor.projectCode,
    ...(descriptor.district === undefined ? {} : { district: descriptor.district }),
    ...(descriptor.keyArea === undefined || descriptor.keyArea === null ? {} : { keyArea: descriptor.keyArea }),
  };
}

/** The group a record is counted in: a project's district, an enterprise's type (null: not given). */
export function groupKeyOf(attributes: RecordAttributes): string | null {
  return (attributes.kind === "project" ? attributes.district : attributes.enterpriseType) ?? null;
}

/** The pointer of the record a subject belongs to: a building's pointer less `/buildings/<n>`. */
export function recordPointerOf(subjectPointer: string): string {
  return subjectPointer.replace(/\/buildings\/\d+$/, "");
}
