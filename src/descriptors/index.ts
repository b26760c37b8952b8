import { ownValueAt } from "../own-properties.js";
import { z } from "zod";
import { toPointer } from "../errors.js";
import { nearestWithin } from "../did-you-mean.js";
import { enterpriseSchema, type Enterprise } from "./enterprise.js";
import { projectSchema, type Project } from "./project.js";

export { enterpriseSchema, type Enterprise } from "./enterprise.js";
export { projectSchema, type Project, type Building } from "./project.js";
export { chineseLabelOf } from "./labelled-enum.js";

export type Descriptor = Project | Enterprise;
export type DescriptorKind = Descriptor["kind"];

export const descriptorSchemas = { project: projectSchema, enterprise: enterpriseSchema } as const;

/** A problem with one field of one record: a JSON pointer inside the record and what to do. */
export interface FieldProblem {
  pointer: string;
  message: string;
}

export type DescriptorParse = { ok: true; descriptor: Descriptor } | { ok: false; problems: FieldProblem[] };

/** Validates one raw record (already parsed from JSON/YAML) and normalises Chinese labels. */
export function parseDescriptor(raw: unknown): DescriptorParse {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, problems: [{ pointer: "", message: `a record must be an object with kind: project or kind: enterprise, got ${describeType(raw)}` }] };
  }
  const kind = (raw as Record<string, unknown>).kind;
  if (kind !== "project" && kind !== "enterprise") {
    const got = kind === undefined ? "no kind" : `kind ${JSON.stringify(kind)}`;
    return { ok: false, problems: [{ pointer: "/kind", message: `${got}: set kind to "project" or "enterprise"` }] };
  }
  // zod's own generated object parsers (its "jit") cost more to generate than they save before
  // z.compile takes over (schemaFor): a check of one filing pays that at start (measured).
  const parsed = schemaFor(kind).safeParse(raw, { jitless: true });
  if (parsed.success) return { ok: true, descriptor: parsed.data };
  return { ok: false, problems: boundedProblems(parsed.error.issues, raw) };
}

/**
 * The record schema compiled by zod (`z.compile`) once a run has read COMPILE_AFTER records of
 * its kind: a generated function that gives zod's own value for a valid record (transforms,
 * trims, labels and key order included) several times faster, and hands any record it rejects to
 * the schema itself, for zod's messages. Compiling costs some tens of milliseconds, which a check
 * of a few filings (start-up time) would not win back; a batch does within its first thousands.
 */
const COMPILE_AFTER = 1_000;
const schemaUses = { project: 0, enterprise: 0 };
const compiledSchemas = new Map<DescriptorKind, (typeof descriptorSchemas)[DescriptorKind]>();

function schemaFor<K extends DescriptorKind>(kind: K): (typeof descriptorSchemas)[K] {
  const compiled = compiledSchemas.get(kind);
  if (compiled !== undefined) return compiled as (typeof descriptorSchemas)[K];
  if (++schemaUses[kind] > COMPILE_AFTER) compiledSchemas.set(kind, z.compile(descriptorSchemas[kind]));
  return descriptorSchemas[kind];
}

/** The most problems reported for one record; the rest are counted in one last line. */
export const MAX_PROBLEMS_PER_RECORD = 20;

/**
 * The record's problems, at most MAX_PROBLEMS_PER_RECORD of them and then "and N more": a record
 * with 150,000 unknown keys or a list of a million bad items gives a readable error, not a
 * million (each with a "did you mean" search).
 */
function boundedProblems(issues: readonly z.core.$ZodIssue[], raw: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let more = 0;
  for (const issue of issues) {
    if (problems.length >= MAX_PROBLEMS_PER_RECORD) {
      more += issue.code === "unrecognized_keys" ? issue.keys.length : 1;
      continue;
    }
    const room = MAX_PROBLEMS_PER_RECORD - problems.length;
    let shown = issue;
    if (issue.code === "unrecognized_keys" && issue.keys.length > room) {
      shown = { ...issue, keys: issue.keys.slice(0, room) };
      more += issue.keys.length - room;
    }
    for (const problem of describeIssue(shown, raw)) problems.push(problem);
  }
  if (more > 0) problems.push({ pointer: "", message: `and ${more.toLocaleString("en-US")} more problem${more === 1 ? "" : "s"} in this record (the first ${MAX_PROBLEMS_PER_RECORD} are listed)` });
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): FieldProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      pointer: toPointer([...issue.path, key]),
      message: `unknown field "${key}"${suggestField(key)}: fix the name, or prefix it with "x-" if it is your own`,
    }));
  }
  const pointer = toPointer(issue.path);
  if (issue.code === "invalid_type") {
    const input = ownValueAt(raw, issue.path);
    if (input === undefined) return [{ pointer, message: `required field is missing (${issue.expected})` }];
    if (typeof input === "number" && issue.path.at(-1) === "creditCode") {
      return [{ pointer, message: `must be a string: quote the code ("…") — YAML reads 18 digits as a number and loses some of them` }];
    }
    if (typeof input === "number" && !Number.isFinite(input)) return [{ pointer, message: `${issue.message}, got ${String(input)} (YAML's .inf or .nan): write a finite number` }];
    return [{ pointer, message: `${issue.message}, got ${describeType(input)} ${JSON.stringify(input)?.slice(0, 40) ?? ""}`.trimEnd() }];
  }
  return [{ pointer, message: issue.message }];
}

let knownFields: string[] | undefined;

function suggestField(unknown: string): string {
  knownFields ??= collectFieldNames([z.toJSONSchema(projectSchema, { io: "input" }), z.toJSONSchema(enterpriseSchema, { io: "input" })]);
  const near = nearestWithin(unknown, knownFields, Math.max(2, Math.floor(unknown.length / 4)));
  return near === undefined ? "" : ` (did you mean "${near}"?)`;
}

function collectFieldNames(schemas: unknown[]): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    if (properties !== undefined) Object.keys(properties).forEach((name) => names.add(name));
    Object.values(node).forEach(visit);
  };
  schemas.forEach(visit);
  return [...names].sort();
}


function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}
