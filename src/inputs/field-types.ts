import type { DescriptorKind } from "../descriptors/index.js";
import { descriptorJsonSchema } from "../descriptors/json-schema.js";

/** A JSON Schema node, as far as reading a cell needs to look at it. */
interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  format?: string;
}

/** What a descriptor field holds, as a cell is converted into it. */
export type FieldType =
  | { type: "number"; integer: boolean; nullable: boolean }
  | { type: "boolean"; nullable: boolean }
  | { type: "date"; nullable: boolean }
  | { type: "enum"; values: string[]; nullable: boolean }
  | { type: "string"; nullable: boolean }
  | { type: "list"; item: FieldType; nullable: boolean };

const roots: Partial<Record<DescriptorKind, SchemaNode>> = {};
const rootOf = (kind: DescriptorKind): SchemaNode => (roots[kind] ??= descriptorJsonSchema(kind) as SchemaNode);

/** The type of the field at `path` in a descriptor of `kind`, or undefined when there is no such field. */
export function fieldTypeAt(kind: DescriptorKind, path: readonly string[]): FieldType | undefined {
  let node: SchemaNode | undefined = rootOf(kind);
  for (const segment of path) {
    node = unwrap(node);
    if (node === undefined) return undefined;
    node = /^\d+$/.test(segment) ? node.items : Object.hasOwn(node.properties ?? {}, segment) ? node.properties![segment] : undefined;
  }
  return node === undefined ? undefined : typeOf(node);
}

function typeOf(schema: SchemaNode): FieldType | undefined {
  const nullable = schema.anyOf?.some((option) => option.type === "null") === true;
  const node = unwrap(schema)!;
  if (node.enum !== undefined) return { type: "enum", values: node.enum.map(String), nullable };
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  if (types.includes("array")) {
    const item = node.items === undefined ? undefined : typeOf(node.items);
    return item === undefined ? undefined : { type: "list", item, nullable };
  }
  if (types.includes("number") || types.includes("integer")) return { type: "number", integer: !types.includes("number"), nullable };
  if (types.includes("boolean")) return { type: "boolean", nullable };
  if (types.includes("string")) return node.format === "date" ? { type: "date", nullable } : { type: "string", nullable };
  return undefined;
}

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  if (node?.anyOf === undefined) return node;
  return node.anyOf.find((option) => option.type !== "null") ?? node;
}

let names: string[] | undefined;

/** Every property name of both descriptors (for reading `revenueCny` or `bim.applied` as a header). */
export function fieldNames(): string[] {
  if (names !== undefined) return names;
  const found = new Set<string>();
  const visit = (node: SchemaNode | undefined): void => {
    if (node === undefined) return;
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      found.add(name);
      visit(child);
    }
    visit(node.items);
    node.anyOf?.forEach(visit);
  };
  visit(rootOf("project"));
  visit(rootOf("enterprise"));
  return (names = [...found]);
}

/** Every field path of a descriptor, dotted, lists as `0` (for `szcheck map` suggestions). */
export function fieldPaths(kind: DescriptorKind): string[] {
  const paths: string[] = [];
  const visit = (node: SchemaNode | undefined, prefix: string[]): void => {
    const inner = unwrap(node);
    if (inner === undefined) return;
    if (inner.properties !== undefined) {
      for (const [name, child] of Object.entries(inner.properties)) visit(child, [...prefix, name]);
      return;
    }
    if (inner.items !== undefined && unwrap(inner.items)?.properties !== undefined) return visit(inner.items, [...prefix, "0"]);
    if (prefix.length > 0) paths.push(prefix.join("."));
  };
  visit(rootOf(kind), []);
  return paths;
}
