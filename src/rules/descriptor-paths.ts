import { chineseLabelOf } from "../descriptors/index.js";
import { descriptorJsonSchema } from "../descriptors/json-schema.js";
import { groupFigureNames, type RuleDefinition } from "./schema.js";

/**
 * The shape of what a rule can read, derived from the descriptors' JSON Schema (itself generated
 * from the zod schemas), so that `rules lint`, `explain` and `init` never drift from the records
 * szcheck accepts. A value shape lists its canonical enum values (the English ones a rule
 * compares with: Chinese labels are normalised away before a rule reads the record).
 */
export type FieldShape =
  | { kind: "object"; fields: Record<string, FieldShape>; required: string[] }
  | { kind: "array"; items: FieldShape }
  | { kind: "value"; types: string[]; enum?: string[] | undefined; nullable?: boolean | undefined };

type JsonSchemaNode = Record<string, unknown>;

export function shapeOfJsonSchema(node: unknown): FieldShape {
  if (node === null || typeof node !== "object") return { kind: "value", types: [] };
  const schema = node as JsonSchemaNode;
  const variants = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants)) {
    const nonNull = variants.filter((variant) => (variant as JsonSchemaNode | null)?.type !== "null");
    const nullable = nonNull.length < variants.length;
    if (nonNull.length === 1) {
      const only = shapeOfJsonSchema(nonNull[0]);
      return only.kind === "value" ? { ...only, nullable } : only;
    }
    const types = nonNull.flatMap((variant) => {
      const shape = shapeOfJsonSchema(variant);
      return shape.kind === "value" ? shape.types : [shape.kind];
    });
    return { kind: "value", types, nullable };
  }
  if (schema.type === "object" || schema.properties !== undefined) {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    const fields: Record<string, FieldShape> = {};
    for (const [name, child] of Object.entries(properties)) fields[name] = shapeOfJsonSchema(child);
    return { kind: "object", fields, required: Array.isArray(schema.required) ? (schema.required as string[]) : [] };
  }
  if (schema.type === "array") return { kind: "array", items: shapeOfJsonSchema(schema.items) };
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((value): value is string => typeof value === "string");
    // Labelled enums list each English value and its Chinese label; a rule reads the English one.
    const canonical = values.filter((value) => chineseLabelOf(value) !== value);
    return { kind: "value", types, enum: canonical.length > 0 ? canonical : values };
  }
  if (schema.const !== undefined) return { kind: "value", types, enum: [String(schema.const)] };
  return { kind: "value", types };
}

let descriptorShapes: { project: FieldShape; enterprise: FieldShape } | undefined;

/** The shapes of a project and an enterprise record, from `szcheck schema project|enterprise`. */
export function recordShape(kind: "project" | "enterprise"): Extract<FieldShape, { kind: "object" }> {
  descriptorShapes ??= { project: shapeOfJsonSchema(descriptorJsonSchema("project")), enterprise: shapeOfJsonSchema(descriptorJsonSchema("enterprise")) };
  return descriptorShapes[kind] as Extract<FieldShape, { kind: "object" }>;
}

const number: FieldShape = { kind: "value", types: ["number"] };
const ids: FieldShape = { kind: "array", items: { kind: "value", types: ["string"] } };

/** The figures a portfolio rule reads as `group.<name>` (docs/rules.md, "Group figures"). */
const groupFigureShapes: Record<(typeof groupFigureNames)[number], FieldShape> = {
  key: { kind: "value", types: ["string", "null"] },
  count: number,
  matchingCount: number,
  weight: number,
  matchingWeight: number,
  sharePct: number,
  members: ids,
  matching: ids,
  undecided: ids,
  sharePctRange: { kind: "array", items: number },
};

export const groupShape: FieldShape = { kind: "object", fields: groupFigureShapes, required: [] };

function paramShape(value: unknown): FieldShape {
  if (Array.isArray(value)) return { kind: "array", items: { kind: "value", types: [...new Set(value.map((item) => typeof item))] } };
  return { kind: "value", types: [typeof value] };
}

/** Where in a rule a piece of logic sits decides what it reads. */
export type LogicPlace = "rule" | "member";

export interface LogicPiece {
  /** As `rules show` names it: appliesIf, check, measure.actual, outputs.x, portfolio.members … */
  name: string;
  /** Its path in the rule file. */
  path: Array<string | number>;
  logic: unknown;
  /** A portfolio rule's members, groupBy, matches and weight read a member; the rest of it reads the group. */
  place: LogicPlace;
}

/** Every piece of JsonLogic of a rule, in the order `rules show` lists them. */
export function logicPieces(definition: Pick<RuleDefinition, "portfolio" | "appliesIf" | "strengthWhen" | "check" | "measure" | "outputs">): LogicPiece[] {
  const pieces: LogicPiece[] = [];
  const add = (path: Array<string | number>, logic: unknown, place: LogicPlace): void => {
    if (logic !== undefined && logic !== null) pieces.push({ name: path.filter((part) => part !== "value").join("."), path, logic, place });
  };
  for (const key of ["members", "groupBy", "matches", "weight"] as const) add(["portfolio", key], definition.portfolio?.[key], "member");
  add(["appliesIf"], definition.appliesIf, "rule");
  (definition.strengthWhen ?? []).forEach((branch, index) => add(["strengthWhen", index, "if"], branch.if, "rule"));
  add(["check"], definition.check, "rule");
  for (const key of ["actual", "required", "gap"] as const) add(["measure", key, "value"], definition.measure?.[key]?.value, "rule");
  for (const [name, output] of Object.entries(definition.outputs ?? {})) add(["outputs", name, "value"], output.value, "rule");
  return pieces;
}

/**
 * The scope a rule's logic reads: the record's fields (with `building` for a building rule or a
 * portfolio counted by building), or a portfolio group's figures, and `params`.
 */
export function scopeShape(definition: Pick<RuleDefinition, "subject" | "portfolio" | "params">, place: LogicPlace): Extract<FieldShape, { kind: "object" }> {
  const params: FieldShape = {
    kind: "object",
    fields: Object.fromEntries(Object.entries(definition.params).map(([name, param]) => [name, paramShape(param.value)])),
    required: [],
  };
  const withParams = (fields: Record<string, FieldShape>): Extract<FieldShape, { kind: "object" }> => ({ kind: "object", fields: { ...fields, params }, required: [] });
  if (definition.subject === "portfolio") {
    if (place === "rule") return withParams({ group: groupShape });
    const over = definition.portfolio?.over ?? "project";
    const record = recordShape(over);
    const building: Record<string, FieldShape> = over === "project" && definition.portfolio?.unit === "building" ? { building: buildingShape() } : {};
    return withParams({ ...record.fields, ...building });
  }
  if (definition.subject === "enterprise") return withParams(recordShape("enterprise").fields);
  const project = recordShape("project").fields;
  return withParams(definition.subject === "building" ? { ...project, building: buildingShape() } : project);
}

function buildingShape(): FieldShape {
  const buildings = recordShape("project").fields.buildings;
  return buildings?.kind === "array" ? buildings.items : { kind: "object", fields: {}, required: [] };
}

export type PathLookup =
  | { found: true; shape: FieldShape }
  /** `at` is the part of the path that exists; `known` the names that could follow it. */
  | { found: false; at: string; missing: string; known: string[] }
  /** The path goes through something whose fields cannot be known (a list of mixed values). */
  | { found: "unknown" };

/** Looks a dotted path up in a shape: `approval.date`, `buildings.0.id`, `parties.length`. */
export function lookupPath(shape: FieldShape, path: string): PathLookup {
  if (path === "") return { found: true, shape };
  let node = shape;
  const parts = path.split(".");
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const at = parts.slice(0, index).join(".");
    if (node.kind === "object") {
      const next = Object.hasOwn(node.fields, part) ? node.fields[part] : undefined;
      if (next === undefined) return { found: false, at, missing: part, known: Object.keys(node.fields) };
      node = next;
    } else if (node.kind === "array") {
      if (/^\d+$/.test(part)) node = node.items;
      else if (part === "length") node = number;
      else return { found: false, at, missing: part, known: ["<index>", "length"] };
    } else {
      if (node.types.length === 0) return { found: "unknown" };
      if (part === "length" && node.types.includes("string")) node = number;
      else return { found: false, at, missing: part, known: [] };
    }
  }
  return { found: true, shape: node };
}

/** Every path of a shape, containers included, as `buildings[].green.targetStar`. */
export function pathsOf(shape: FieldShape, prefix = ""): string[] {
  const paths: string[] = [];
  if (shape.kind === "object") {
    for (const [name, child] of Object.entries(shape.fields)) {
      const path = prefix === "" ? name : `${prefix}.${name}`;
      paths.push(path, ...pathsOf(child, path));
    }
  } else if (shape.kind === "array") {
    paths.push(...pathsOf(shape.items, `${prefix}[]`));
  }
  return paths;
}
