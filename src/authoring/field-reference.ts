import { fieldCatalog, type CatalogField } from "../descriptors/field-catalog.js";
import { chineseLabelOf } from "../descriptors/index.js";
import { logicPieces } from "../rules/descriptor-paths.js";
import { argumentsOf, operatorOf } from "../rules/logic-shape.js";
import type { LoadedRule } from "../rules/load.js";

const itemOperators = new Set(["map", "filter", "all", "some", "none"]);

/** `building.green.targetStar`, `buildings.0.id` → the catalog's `buildings[].green.targetStar`, `buildings[].id`. */
function catalogPath(path: string): string {
  return path.replace(/^building\./, "buildings[].").replace(/\.\d+(?=\.|$)/g, "[]");
}

/** How a `var` path inside the logic names a record path (items of a list are read relative to the item). */
type Resolve = (path: string) => string | undefined;
const fromRecord: Resolve = (path) => catalogPath(path);

/** The record path of the list a piece of logic yields: `{var: parties}`, or a filter of it. */
function listPathOf(logic: unknown, resolve: Resolve): string | undefined {
  const operator = operatorOf(logic);
  if (operator === "filter") return listPathOf(argumentsOf(logic as object, operator)[0], resolve);
  if (operator !== "var") return undefined;
  const path = argumentsOf(logic as object, "var")[0];
  return typeof path === "string" ? resolve(path) : undefined;
}

/** The record paths a piece of logic reads with `var`, the fields of list items as `list[].field`. */
function pathsRead(logic: unknown, resolve: Resolve, out: Set<string>, params: Record<string, unknown>): void {
  const read = (piece: unknown, how: Resolve): void => pathsRead(piece, how, out, params);
  if (Array.isArray(logic)) return logic.forEach((item) => read(item, resolve));
  const operator = operatorOf(logic);
  if (operator === undefined) return;
  const args = argumentsOf(logic as object, operator);
  if (operator === "var") {
    // `{var: {var: params.denominator}}` reads the field a parameter names
    const named = operatorOf(args[0]) === "var" ? argumentsOf(args[0] as object, "var")[0] : undefined;
    const field = typeof named === "string" && named.startsWith("params.") ? params[named.slice("params.".length)] : args[0];
    const path = typeof field === "string" && field !== "" ? resolve(field) : undefined;
    if (path !== undefined) out.add(path);
    return;
  }
  const list = listPathOf(args[0], resolve);
  if (itemOperators.has(operator)) {
    read(args[0], resolve);
    read(args[1], (path) => (list === undefined ? undefined : `${list}[].${catalogPath(path)}`));
    return;
  }
  if (operator === "reduce") {
    read(args[0], resolve);
    const item: Resolve = (path) => (list !== undefined && path.startsWith("current.") ? `${list}[].${catalogPath(path.slice("current.".length))}` : undefined);
    read(args[1], item);
    args.slice(2).forEach((arg) => read(arg, resolve));
    return;
  }
  if (operator === "sum" && typeof args[1] === "string" && list !== undefined) out.add(`${list}[].${catalogPath(args[1])}`);
  args.forEach((arg) => read(arg, resolve));
}

/** Which rules read each record field (by catalog path), from the rules' own logic. */
export function readersOfFields(rules: LoadedRule[]): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const rule of rules) {
    const read = new Set<string>();
    for (const piece of logicPieces(rule.definition)) pathsRead(piece.logic, fromRecord, read, rule.paramValues);
    for (const path of read) {
      const ids = readers.get(path) ?? [];
      ids.push(rule.definition.id);
      readers.set(path, ids);
    }
  }
  return readers;
}

const typeText = (field: CatalogField): string => {
  if (field.choices !== undefined) {
    const english = field.choices.filter((choice) => chineseLabelOf(choice) !== choice);
    const list = english.map((choice) => `\`${choice}\` ${chineseLabelOf(choice)}`).join(", ");
    return field.types.includes("array") ? `list of: ${list}` : `one of: ${list}`;
  }
  return field.types.map((type) => (type === "integer" ? "whole number" : type)).join(" or ");
};

const unitText: Record<string, string> = { cny: "元 (CNY)", m2: "m²", m: "m", pct: "%", star: "stars (0–3)", count: "count", year: "year", tco2: "tCO₂ / 万元", ratio: "ratio" };
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** docs/descriptors.md: every field of a project and an enterprise record, generated from the zod schemas. */
export function fieldReference(rules: LoadedRule[]): string {
  const readers = readersOfFields(rules);
  const lines = [
    "# Descriptor fields",
    "",
    "<!-- Generated from the zod schemas in src/descriptors/ by `npm run docs`; test/fields.test.ts keeps it current. -->",
    "",
    "Every field szcheck reads from a project filing or an enterprise record: its type, its unit,",
    "its Chinese label and the other column headers a CSV or workbook may use for it (matched after",
    "normalising brackets and spaces), and the rules that read it. A field's label, unit and aliases",
    "are declared once, on its zod schema (`field(…)` in `src/descriptors/`), and everything else —",
    "`explain`, `init`, header matching, the JSON Schemas in `schemas/` and this page — reads them.",
    "Enum fields accept the English value or its Chinese label.",
    "",
  ];
  for (const kind of ["project", "enterprise"] as const) {
    lines.push(`## ${kind === "project" ? "Project (项目)" : "Enterprise (企业)"}`, "", "| field | 中文名 | type | unit | other headers | meaning | read by |", "|---|---|---|---|---|---|---|");
    for (const field of fieldCatalog(kind)) {
      const meaning = field.meaning ?? field.label;
      const by = readers.get(field.path) ?? [];
      const row = [
        `\`${field.path}\`${field.required ? " (required)" : ""}`,
        field.label.zh,
        typeText(field),
        field.unit === undefined ? "" : (unitText[field.unit] ?? field.unit),
        (field.aliases ?? []).join("、"),
        `${meaning.zh}<br>${meaning.en}`,
        by.map((id) => `\`${id}\``).join(" "),
      ];
      lines.push(`| ${row.map(cell).join(" | ")} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
