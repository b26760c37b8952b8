import { descriptorJsonSchema } from "../descriptors/json-schema.js";
import { headerAliases, segmentAliases } from "./header-aliases.js";

/** A JSON Schema node, as far as coercion needs to look at it. */
interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  format?: string;
}

export type Cell = string | number | boolean | Date | null | undefined;

export interface Column {
  header: string;
  /** The field path the header names, or undefined when it names none. */
  path: string[] | undefined;
}

const schemas: Partial<Record<"project" | "enterprise", SchemaNode>> = {};
const schemaOf = (kind: "project" | "enterprise"): SchemaNode => (schemas[kind] ??= descriptorJsonSchema(kind) as SchemaNode);

/** Maps a header (dotted path, Chinese label, or Chinese segments) to a field path. */
export function columnOf(header: string): Column {
  const trimmed = header.trim().replace(/^\uFEFF/, "");
  const aliased = headerAliases[trimmed] ?? trimmed;
  const path = aliased.split(".").map((segment) => segmentAliases[segment.trim()] ?? segment.trim());
  // A segment alias may stand for two segments (装配率 → prefab.assemblyRatePct is written 装配式.装配率).
  return { header: trimmed, path: path.every((s) => s !== "") ? path : undefined };
}

/** Guesses the kind of the rows of a sheet without a `kind` column, from the columns it has. */
export function kindOfColumns(columns: Column[]): "project" | "enterprise" | undefined {
  const first = new Set(columns.map((column) => column.path?.[0]));
  if (first.has("projectCode")) return "project";
  if (first.has("creditCode")) return "enterprise";
  return undefined;
}

/** A spreadsheet row made into a raw record: each cell set at its path, coerced by the schema. */
export function recordOfRow(columns: Column[], cells: Cell[], defaultKind: "project" | "enterprise" | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const kindIndex = columns.findIndex((column) => column.path?.length === 1 && column.path[0] === "kind");
  const kindCell = kindIndex >= 0 ? cells[kindIndex] : undefined;
  const kind = kindCell === "enterprise" || kindCell === "企业" ? "enterprise" : kindCell === "project" || kindCell === "项目" ? "project" : defaultKind;
  if (kind !== undefined) record.kind = kind;
  columns.forEach((column, index) => {
    if (column.path === undefined || index === kindIndex) return;
    const cell = cells[index];
    if (cell === undefined || cell === null || (typeof cell === "string" && cell.trim() === "")) return;
    const node = kind === undefined ? undefined : schemaAt(schemaOf(kind), column.path);
    setAt(record, column.path, coerce(cell, node, column.path.at(-1) ?? ""));
  });
  return record;
}

function schemaAt(root: SchemaNode, path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of path) {
    node = unwrap(node);
    if (node === undefined) return undefined;
    node = /^\d+$/.test(segment) ? node.items : node.properties?.[segment];
  }
  return node;
}

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  if (node?.anyOf === undefined) return node;
  return node.anyOf.find((option) => option.type !== "null") ?? node;
}

function typesOf(node: SchemaNode | undefined): string[] {
  if (node === undefined) return [];
  if (node.enum !== undefined) return ["string"];
  return Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
}

const TRUE = new Set(["是", "true", "yes", "y", "1", "√", "✓", "有"]);
const FALSE = new Set(["否", "false", "no", "n", "0", "×", "✗", "无"]);

/** Coerces a cell to what the schema expects; what cannot be coerced stays as it is for the schema to report. */
export function coerce(cell: Cell, schema: SchemaNode | undefined, field: string): unknown {
  // A field whose schema admits null (keyArea: null = none) reads 无 / null / - as null.
  const nullable = schema?.anyOf?.some((option) => option.type === "null") === true;
  const node = unwrap(schema);
  const types = typesOf(node);
  if (cell instanceof Date) return types.includes("string") || node === undefined ? isoDate(cell) : cell.toISOString();
  if (types.includes("array")) {
    const items = typeof cell === "string" ? cell.split(/[;；,，、|]/).map((part) => part.trim()).filter((part) => part !== "") : [cell];
    return items.map((item) => coerce(item, node?.items, field));
  }
  if (typeof cell === "string") {
    const text = cell.trim();
    if (types.includes("boolean")) {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return text;
    }
    if (types.includes("number") || types.includes("integer")) return parseNumber(text, field) ?? text;
    if (nullable && ["无", "null", "none", "-"].includes(text.toLowerCase())) return null;
    return text;
  }
  if (typeof cell === "number" && types.includes("string") && !types.includes("number")) return String(cell);
  return cell;
}

function parseNumber(text: string, field: string): number | undefined {
  let normalised = text.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s¥￥元]/g, "");
  if (normalised.endsWith("%") && field.endsWith("Pct")) normalised = normalised.slice(0, -1);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised)) return undefined;
  return Number(normalised);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function setAt(record: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = record;
  path.forEach((segment, i) => {
    const last = i === path.length - 1;
    const key: string | number = /^\d+$/.test(segment) && Array.isArray(node) ? Number(segment) : segment;
    if (last) {
      define(node, key, value);
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[i + 1] ?? "");
    let child = Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string | number, unknown>)[key] : undefined;
    if (child === null || typeof child !== "object") {
      child = nextIsIndex ? [] : {};
      define(node, key, child);
    }
    node = child as Record<string, unknown> | unknown[];
  });
}

/** Defines an own property, so that a header like __proto__.x sets a key and never a prototype. */
function define(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
