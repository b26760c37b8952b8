import { FIELD_INFO_KEY, type FieldInfo } from "./field-info.js";
import { descriptorJsonSchema } from "./json-schema.js";

/** A field of a record, as the descriptor schema declares it. */
export interface CatalogField extends FieldInfo {
  /** `buildings[].green.targetStar`: dotted, with `[]` for the items of a list. */
  path: string;
  /** The JSON Schema types it takes (`number`, `string`, `boolean`, `array`, `object`, `null`). */
  types: string[];
  /** For an enum: its canonical values and the Chinese labels accepted for them. */
  choices?: string[];
  required: boolean;
}

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  [FIELD_INFO_KEY]?: FieldInfo;
}

const catalogs = new Map<"project" | "enterprise", CatalogField[]>();

/** Every field of a project or an enterprise record, parents before their children, in schema order. */
export function fieldCatalog(kind: "project" | "enterprise"): CatalogField[] {
  const cached = catalogs.get(kind);
  if (cached !== undefined) return cached;
  const fields: CatalogField[] = [];
  collect(descriptorJsonSchema(kind) as SchemaNode, "", fields);
  catalogs.set(kind, fields);
  return fields;
}

/** The field at a catalog path (`buildings[].floorAreaM2`), if the schema has one. */
export function catalogField(kind: "project" | "enterprise", path: string): CatalogField | undefined {
  return fieldCatalog(kind).find((entry) => entry.path === path);
}

function collect(node: SchemaNode, prefix: string, out: CatalogField[]): void {
  const object = objectOf(node);
  if (object?.properties === undefined) return;
  for (const [name, child] of Object.entries(object.properties)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    const info = child[FIELD_INFO_KEY];
    if (info === undefined) throw new Error(`descriptor field ${path} has no field(…) declaration`);
    const types = typesOf(child);
    const choices = choicesOf(child);
    out.push({ ...info, path, types, ...(choices === undefined ? {} : { choices }), required: object.required?.includes(name) ?? false });
    const items = arrayItems(child);
    if (items !== undefined) collect(items, `${path}[]`, out);
    else collect(child, path, out);
  }
}

const variants = (node: SchemaNode): SchemaNode[] => (node.anyOf === undefined ? [node] : node.anyOf.flatMap(variants));
const objectOf = (node: SchemaNode): SchemaNode | undefined => variants(node).find((variant) => variant.properties !== undefined);
const arrayItems = (node: SchemaNode): SchemaNode | undefined => variants(node).find((variant) => variant.items !== undefined)?.items;

function typesOf(node: SchemaNode): string[] {
  const types = new Set<string>();
  for (const variant of variants(node)) {
    if (variant.const !== undefined) types.add(typeof variant.const);
    else if (variant.enum !== undefined) types.add("string");
    else if (Array.isArray(variant.type)) variant.type.forEach((type) => types.add(type));
    else if (variant.type !== undefined) types.add(variant.type);
  }
  return [...types];
}

function choicesOf(node: SchemaNode): string[] | undefined {
  const direct = variants(node).find((variant) => variant.enum !== undefined);
  const listed = direct ?? variants(arrayItems(node) ?? {}).find((variant) => variant.enum !== undefined);
  return listed?.enum?.map(String);
}
