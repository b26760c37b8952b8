import { z } from "zod";
import { ruleTestFileSchema } from "./authoring/test-cases.js";
import { baselineFileSchema } from "./model/baseline.js";
import { configSchema } from "./config/config.js";
import { waiversFileSchema } from "./config/waivers.js";
import { descriptorJsonSchema, descriptorSchemaNames, type DescriptorSchemaName } from "./descriptors/json-schema.js";
import { mappingSchema } from "./inputs/mapping.js";
import { REPORT_VERSION, reportSchema, resultEntrySchema } from "./model/report.js";
import { clauseIndexSchema } from "./rules/clauses.js";
import { ruleSchema } from "./rules/schema.js";

/** The registry of every file shape szcheck reads or writes (each made when asked for): it sits above all that it lists. */
const sources = { rule: ruleSchema, "rule-test": ruleTestFileSchema, clauses: clauseIndexSchema, report: reportSchema, "report-result": resultEntrySchema, config: configSchema, waivers: waiversFileSchema, map: mappingSchema, baseline: baselineFileSchema } as const;
export type SchemaName = DescriptorSchemaName | keyof typeof sources;
export const schemaNames: SchemaName[] = [...descriptorSchemaNames, ...(Object.keys(sources) as (keyof typeof sources)[])];

const isDescriptorSchema = (name: SchemaName): name is DescriptorSchemaName => (descriptorSchemaNames as string[]).includes(name);

/** The JSON Schema generated from a zod schema (the single source of each shape). */
export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  if (isDescriptorSchema(name)) return descriptorJsonSchema(name);
  const schema = z.toJSONSchema(sources[name](), { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  // The report's shape is versioned: its schema says which version it describes (docs/report.md).
  return { ...schema, title: name.startsWith("report") ? `szcheck ${name}, report version ${REPORT_VERSION}` : `szcheck ${name}` };
}
