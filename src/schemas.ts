import { z } from "zod";
import { ruleTestFileSchema } from "./authoring/test-cases.js";
import { baselineFileSchema } from "./model/baseline.js";
import { configSchema } from "./config/config.js";
import { waiversFileSchema } from "./config/waivers.js";
import { descriptorJsonSchema, descriptorSchemaNames, type DescriptorSchemaName } from "./descriptors/json-schema.js";
import { mappingSchema } from "./inputs/mapping.js";
import { reportSchema } from "./model/report.js";
import { clauseIndexSchema } from "./rules/clauses.js";
import { ruleSchema } from "./rules/schema.js";

/** The registry of every file shape szcheck reads or writes: it sits above all that it lists. */
const sources = { rule: ruleSchema, "rule-test": ruleTestFileSchema, clauses: clauseIndexSchema, report: reportSchema, config: configSchema, waivers: waiversFileSchema, map: mappingSchema, baseline: baselineFileSchema } as const;
export type SchemaName = DescriptorSchemaName | keyof typeof sources;
export const schemaNames: SchemaName[] = [...descriptorSchemaNames, ...(Object.keys(sources) as (keyof typeof sources)[])];

const isDescriptorSchema = (name: SchemaName): name is DescriptorSchemaName => (descriptorSchemaNames as string[]).includes(name);

/** The JSON Schema generated from a zod schema (the single source of each shape). */
export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  if (isDescriptorSchema(name)) return descriptorJsonSchema(name);
  const schema = z.toJSONSchema(sources[name], { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: `szcheck ${name}` };
}
