import { stringify } from "yaml";
import { chineseLabelOf } from "../descriptors/index.js";
import { recordShape, type FieldShape } from "../rules/descriptor-paths.js";
import { fieldMeanings, type FieldMeaning } from "./fields.js";

/**
 * `szcheck init project|enterprise`: a descriptor template in YAML. Every field of the schema is
 * there, in the schema's order, with its meaning in Chinese and English above it, the choices of
 * an enum with their Chinese labels, and a realistic placeholder value, so that the template
 * itself is a valid record. The fields come from the JSON Schema and the words from fields.ts.
 */
export function descriptorTemplate(kind: "project" | "enterprise", schemaPath: string): string {
  const table = fieldMeanings(kind);
  const shape = recordShape(kind);
  const lines = [`# yaml-language-server: $schema=${schemaPath}`, ...header[kind], ""];
  lines.push(...objectLines(shape, "", 0, table));
  return lines.join("\n").trimEnd() + "\n";
}

const header = {
  project: [
    "# szcheck 工程项目申报模板 / project filing template (szcheck init project)",
    "# 示例值仅为占位，请改为本项目的真实数据。不掌握的字段可以删除：需要它的规则会判为“数据不全”并指出缺少的字段。",
    "# 枚举值可写英文值或中文标签（如 district: futian 或 district: 福田）；自定义字段以 x- 开头。",
    "# The values are placeholders: replace them with the project's own. Delete a field you do not know:",
    "# a rule that needs it reports incomplete and names it. Enums take the English value or the Chinese",
    "# label; fields of your own start with x-. Check it with: szcheck check <this file>",
  ],
  enterprise: [
    "# szcheck 企业年度数据模板 / enterprise record template (szcheck init enterprise)",
    "# 一份记录对应一家企业的一个财年。示例值仅为占位，请改为企业的真实数据。不掌握的字段可以删除：",
    "# 需要它的规则会判为“数据不全”并指出缺少的字段。枚举值可写英文值或中文标签；自定义字段以 x- 开头。",
    "# One record is one enterprise in one fiscal year. The values are placeholders: replace them with the",
    "# enterprise's own. Delete a field you do not know: a rule that needs it reports incomplete and names",
    "# it. Enums take the English value or the Chinese label. Check it with: szcheck check <this file>",
  ],
} as const;

function objectLines(shape: Extract<FieldShape, { kind: "object" }>, prefix: string, depth: number, table: Record<string, FieldMeaning>): string[] {
  const indent = "  ".repeat(depth);
  const lines: string[] = [];
  for (const [name, field] of Object.entries(shape.fields)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    const meaning = table[path];
    lines.push(...commentLines(field, meaning, shape.required.includes(name), indent));
    if (field.kind === "object") {
      lines.push(`${indent}${name}:`, ...objectLines(field, path, depth + 1, table));
    } else if (field.kind === "array" && field.items.kind === "object") {
      lines.push(`${indent}${name}:`, ...listLines(field.items, `${path}[]`, meaning?.example, depth + 1, table));
    } else {
      lines.push(`${indent}${name}: ${scalar(meaning?.example ?? null)}`);
    }
    if (depth === 0) lines.push("");
  }
  return lines;
}

/** A list of objects: the first item with a comment per field, the others on one line each. */
function listLines(item: Extract<FieldShape, { kind: "object" }>, prefix: string, example: unknown, depth: number, table: Record<string, FieldMeaning>): string[] {
  const indent = "  ".repeat(depth);
  const examples = Array.isArray(example) ? (example as Array<Record<string, unknown>>) : [exampleObject(item, prefix, table)];
  const [first, ...rest] = examples;
  const lines: string[] = [];
  const firstLines = Object.entries(item.fields).flatMap(([name, field]) => {
    const path = `${prefix}.${name}`;
    const meaning = table[path];
    const value = first?.[name] ?? exampleOf(field, path, table);
    if (value === undefined) return [];
    const comments = commentLines(field, meaning, item.required.includes(name), `${indent}  `);
    if (field.kind === "object") return [...comments, `${indent}  ${name}:`, ...objectLines(field, path, depth + 2, table)];
    return [...comments, `${indent}  ${name}: ${scalar(value)}`];
  });
  // The first field goes on the line of the dash, and the comments above it at the dash's level.
  const firstField = firstLines.findIndex((line) => !line.trimStart().startsWith("#"));
  for (let index = 0; index < firstField; index++) firstLines[index] = `${indent}${firstLines[index]!.trimStart()}`;
  firstLines[firstField] = `${indent}- ${firstLines[firstField]!.trimStart()}`;
  lines.push(...firstLines);
  for (const other of rest) lines.push(`${indent}- ${flow(other)}`);
  return lines;
}

function exampleObject(shape: Extract<FieldShape, { kind: "object" }>, prefix: string, table: Record<string, FieldMeaning>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(shape.fields).flatMap(([name, field]) => {
    const value = exampleOf(field, `${prefix}.${name}`, table);
    return value === undefined ? [] : [[name, value]];
  }));
}

function exampleOf(field: FieldShape, path: string, table: Record<string, FieldMeaning>): unknown {
  if (table[path]?.example !== undefined) return table[path]!.example;
  if (field.kind === "object") return exampleObject(field, path, table);
  return undefined;
}

function commentLines(field: FieldShape, meaning: FieldMeaning | undefined, required: boolean, indent: string): string[] {
  const mark = required ? "（必填 required）" : "";
  const lines = [`${indent}# ${meaning?.zh ?? ""} / ${meaning?.en ?? ""}${mark}`];
  const values = field.kind === "value" ? field.enum : field.kind === "array" && field.items.kind === "value" ? field.items.enum : undefined;
  if (values !== undefined && values.length > 1) {
    lines.push(`${indent}#   ${field.kind === "array" ? "可多选 any of" : "可选 one of"}: ${values.map((value) => (chineseLabelOf(value) === value ? value : `${value} ${chineseLabelOf(value)}`)).join(" | ")}`);
  }
  return lines;
}

function scalar(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(scalar).join(", ")}]`;
  if (value !== null && typeof value === "object") return flow(value as Record<string, unknown>);
  return stringify(value, { lineWidth: 0 }).trim();
}

function flow(value: Record<string, unknown>): string {
  return `{ ${Object.entries(value).map(([key, item]) => `${key}: ${scalar(item)}`).join(", ")} }`;
}
