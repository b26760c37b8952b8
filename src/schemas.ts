import { z } from "zod";
import { configSchema } from "./config/config.js";
import { waiversFileSchema } from "./config/waivers.js";
import { enterpriseSchema, projectSchema } from "./descriptors/index.js";
import { REPORT_VERSION, reportSchema, resultEntrySchema } from "./report/model.js";
import { clauseIndexSchema } from "./rules/clauses.js";
import { ruleSchema } from "./rules/schema.js";
import { ruleTestFileSchema } from "./rules/test-cases.js";

const sources = {
  project: projectSchema,
  enterprise: enterpriseSchema,
  // For files that hold a list of records (their editor modelines name these).
  "project-list": z.array(projectSchema),
  "enterprise-list": z.array(enterpriseSchema),
  rule: ruleSchema, "rule-test": ruleTestFileSchema, clauses: clauseIndexSchema, report: reportSchema, "report-result": resultEntrySchema, config: configSchema, waivers: waiversFileSchema } as const;
export type SchemaName = keyof typeof sources;
export const schemaNames = Object.keys(sources) as SchemaName[];

/**
 * The JSON Schema generated from a zod schema (the single source of each shape). Descriptor
 * objects also admit `x-` fields, which zod strips before its strict check.
 */
export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  const schema = z.toJSONSchema(sources[name], { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  // The report's shape is versioned: its schema says which version it describes (docs/report.md).
  const titled = { ...schema, title: name.startsWith("report") ? `szcheck ${name}, report version ${REPORT_VERSION}` : `szcheck ${name}` };
  return ["project", "enterprise", "project-list", "enterprise-list"].includes(name) ? allowExtensionKeys(titled) : titled;
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
