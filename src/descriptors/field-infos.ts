import { z } from "zod";
import { enterpriseSchema } from "./enterprise.js";
import { FIELD_INFO_KEY, type FieldInfo } from "./field-info.js";
import { projectSchema } from "./project.js";

type Kind = "project" | "enterprise";
const roots: Record<Kind, z.ZodType> = { project: projectSchema, enterprise: enterpriseSchema };
const tables = new Map<Kind, Map<string, FieldInfo>>();

/**
 * What each field of a record is (label, unit), by catalog path (`buildings[].floorAreaM2`),
 * read from the zod schema's own metadata. The field catalog (field-catalog.ts) says the same and
 * more, from the JSON Schema; generating that takes longer than a whole small check (start-up
 * time), and every message that names a field or gives its unit needs only this.
 */
export function fieldInfoAt(kind: Kind, path: string): FieldInfo | undefined {
  let table = tables.get(kind);
  if (table === undefined) tables.set(kind, (table = new Map()));
  if (table.size === 0) collect(roots[kind], "", table);
  return table.get(path);
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;
const infoOf = (schema: z.ZodType): FieldInfo | undefined => (z.globalRegistry.get(schema) as Record<string, unknown> | undefined)?.[FIELD_INFO_KEY] as FieldInfo | undefined;

/** A schema and every schema it wraps, outermost first, as the JSON Schema of its input reads them (a transform's output is not the input). */
function wrapped(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType !== undefined) return [schema, ...wrapped(def.innerType)];
  if (def.type === "pipe" && def.in !== undefined && def.out !== undefined) return [schema, ...wrapped(defOf(def.in).type === "transform" ? def.out : def.in)];
  if (def.type === "union" && def.options !== undefined) return [schema, ...def.options.flatMap(wrapped)];
  return [schema];
}

function collect(schema: z.ZodType, prefix: string, table: Map<string, FieldInfo>): void {
  const object = wrapped(schema).find((node) => defOf(node).type === "object");
  for (const [name, child] of Object.entries(object === undefined ? {} : (defOf(object).shape ?? {}))) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    const chain = wrapped(child);
    const info = chain.map(infoOf).find((found) => found !== undefined);
    if (info !== undefined) table.set(path, info);
    const list = chain.find((node) => defOf(node).type === "array");
    if (list !== undefined) collect(defOf(list).element!, `${path}[]`, table);
    else collect(child, path, table);
  }
}
