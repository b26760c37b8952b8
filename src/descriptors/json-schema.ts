import { z } from "zod";
import { enterpriseSchema, projectSchema } from "./index.js";

const descriptorSchemas = {
  project: projectSchema,
  enterprise: enterpriseSchema,
  // For files that hold a list of records (their editor modelines name these).
  "project-list": z.array(projectSchema),
  "enterprise-list": z.array(enterpriseSchema),
} as const;
export type DescriptorSchemaName = keyof typeof descriptorSchemas;
export const descriptorSchemaNames = Object.keys(descriptorSchemas) as DescriptorSchemaName[];

const cache = new Map<DescriptorSchemaName, Record<string, unknown>>();

/**
 * The JSON Schema of a record (or a list of records), generated from its zod schema. Descriptor
 * objects also admit `x-` fields, which zod strips before its strict check.
 */
export function descriptorJsonSchema(name: DescriptorSchemaName): Record<string, unknown> {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const schema = z.toJSONSchema(descriptorSchemas[name], { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const made = allowExtensionKeys({ ...schema, title: `szcheck ${name}` });
  cache.set(name, made);
  return made;
}

function allowExtensionKeys(node: unknown): Record<string, unknown> {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== "object") return value;
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) copy[key] = visit(entry);
    if (copy.type === "object" && copy.additionalProperties === false && copy.properties !== undefined) {
      copy.patternProperties = { "^x-": {} };
    }
    return copy;
  };
  return visit(node) as Record<string, unknown>;
}
