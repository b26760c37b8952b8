import { readSettingsText } from "../files/read-file.js";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { chineseLabelOf } from "../descriptors/index.js";
import { argumentsOf, operatorOf } from "../rules/logic-shape.js";
import { MAX_YAML_ALIASES, YAML_OPTIONS } from "../inputs/yaml-source.js";
import { findClause, loadClauseIndex, normaliseClause, type ClauseIndex } from "../rules/clauses.js";
import { ruleCoverage } from "./coverage.js";
import { logicPieces, lookupPath, scopeShape, type FieldShape, type LogicPlace } from "../rules/descriptor-paths.js";
import { displayPath } from "../display-path.js";
import { nearestWithin } from "../did-you-mean.js";
import { RULE_FILE, ruleFilesIn, type LoadedRule } from "../rules/load.js";
import { ruleSchema, severityOfStrength, type RuleDefinition } from "../rules/schema.js";
import { loadRuleTests, testFileOf } from "./test-cases.js";

/**
 * `szcheck rules lint`: what loading a rule pack does not catch. Every rule file is read whole
 * (all schema problems, not the first), then its logic is walked: each `var` path must exist in
 * what the rule reads (derived from the descriptors' JSON Schema), each `params.x` must be
 * declared, each enum comparison must name a value the field can hold, each message placeholder
 * must name a value, and each rule must have test cases for every outcome. A finding names the
 * file, line and column, and the check that found it, as ESLint does.
 */

export type LintSeverity = "error" | "warning";

/** The checks, ESLint-style: an id, a severity and what it is about. docs/authoring.md lists them. */
export const lintChecks = {
  yaml: { severity: "error", description: "the file is not valid YAML" },
  schema: { severity: "error", description: "the rule does not match the rule format (szcheck schema rule)" },
  "file-name": { severity: "error", description: "the rule id is not the file name" },
  "duplicate-id": { severity: "error", description: "two files of the pack have the same rule id" },
  "unknown-clause": { severity: "error", description: "the clause is not in the clause index (seeds/clauses.yaml)" },
  "effective-window": { severity: "error", description: "effective.from is after effective.until" },
  "unknown-field": { severity: "error", description: "a var path that the records (or the group figures) do not have" },
  "item-scope": { severity: "error", description: "inside map/filter/all/some/none/reduce, var reads the item: the rule's params and record fields are out of reach" },
  "unknown-param": { severity: "error", description: "params.x that the rule does not declare" },
  "unused-param": { severity: "warning", description: "a declared parameter that nothing reads" },
  "unknown-enum-value": { severity: "error", description: "a comparison with a value the field can never hold (a typo, or a Chinese label: records are normalised to the English value)" },
  placeholder: { severity: "error", description: "a message placeholder that names no value" },
  "fix-placeholder": { severity: "warning", description: "fix is printed as written: a {placeholder} in it is not filled in" },
  "missing-message": { severity: "warning", description: "a passing or computed result would have an empty message" },
  "missing-test-file": { severity: "error", description: "the rule has no <id>.test.yaml beside it" },
  "invalid-test-file": { severity: "error", description: "the test file does not match the test format, or tests another rule" },
  "missing-outcome-case": { severity: "warning", description: "no test case expects one of pass, fail, not-applicable, incomplete (computed instead of pass and fail for a computed rule; not-applicable only when the rule has appliesIf or an effective window)" },
} as const satisfies Record<string, { severity: LintSeverity; description: string }>;

export type LintCheck = keyof typeof lintChecks;

export interface LintFinding {
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  severity: LintSeverity;
  message: string;
  check: LintCheck;
  /** The JSON pointer of the place in the file. */
  pointer: string;
}

export interface LintReport {
  /** The pack folders linted. */
  dirs: string[];
  rules: number;
  errorCount: number;
  warningCount: number;
  findings: LintFinding[];
}

type Path = Array<string | number>;

/** A YAML file with positions, to point findings at their line and column. */
class Located {
  readonly lineCounter = new LineCounter();
  readonly doc: Document;

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: this.lineCounter });
  }

  /** The node at a path, following aliases into their anchors; the deepest node found. */
  private nodeAt(path: Path, key: boolean): { node: YamlNode | undefined; complete: boolean } {
    let node = this.doc.contents as YamlNode | null;
    let found: YamlNode | undefined = node ?? undefined;
    for (let index = 0; index < path.length; index++) {
      const segment = path[index]!;
      if (node !== null && isAlias(node)) node = (node.resolve(this.doc) as YamlNode | undefined) ?? null;
      if (node !== null && isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(segment));
        if (pair === undefined) return { node: found, complete: false };
        node = (key && index === path.length - 1 ? pair.key : pair.value) as YamlNode | null;
      } else if (node !== null && isSeq(node) && typeof segment === "number") {
        node = (node.items[segment] as YamlNode | undefined) ?? null;
      } else {
        return { node: found, complete: false };
      }
      if (node !== null && node.range !== undefined && node.range !== null) found = node;
    }
    return { node: found, complete: true };
  }

  position(path: Path, options: { key?: boolean; offset?: number } = {}): { line: number; column: number } {
    if (path.length === 0) return { line: 1, column: 1 };
    const { node, complete } = this.nodeAt(path, options.key === true);
    if (node?.range === undefined || node.range === null) return { line: 1, column: 1 };
    let offset = node.range[0];
    if (complete && options.offset !== undefined && isScalar(node)) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      const plainOrQuoted = quoted || node.type === "PLAIN";
      // Only where the text maps one-to-one onto the source can the column point inside it.
      if (plainOrQuoted && !this.text.slice(offset, node.range[1]).includes("\\")) offset += options.offset + (quoted ? 1 : 0);
    }
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}

interface FileContext {
  file: string;
  located: Located;
  findings: LintFinding[];
}

function report(context: FileContext, check: LintCheck, path: Path, message: string, options: { key?: boolean; offset?: number } = {}): void {
  const { line, column } = context.located.position(path, options);
  context.findings.push({ file: context.file, line, column, severity: lintChecks[check].severity, message, check, pointer: toPointer(path) });
}

function toPointer(path: Path): string {
  return path.map((key) => "/" + String(key).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

export interface LintOptions {
  clauses?: ClauseIndex;
}

/** Lints every rule file of the pack folders (each as its own pack: duplicate ids are per folder). */
export function lintRulePacks(dirs: string[], options: LintOptions = {}): LintReport {
  const clauses = options.clauses ?? loadClauseIndex();
  const findings: LintFinding[] = [];
  let rules = 0;
  for (const dir of dirs) {
    const ids = new Map<string, string>();
    for (const file of ruleFilesIn(dir)) {
      rules++;
      const linted = lintRuleFile(file, clauses);
      findings.push(...linted.findings);
      if (linted.id === undefined) continue;
      const clash = ids.get(linted.id);
      if (clash !== undefined) {
        const message = `rule id "${linted.id}" is also used by ${clash}: every rule id in a pack must be unique`;
        findings.push({ file: displayPath(file), ...linted.idPosition, severity: "error", message, check: "duplicate-id", pointer: "/id" });
      } else {
        ids.set(linted.id, displayPath(file));
      }
    }
  }
  const sorted = sortFindings(dedupe(findings));
  return {
    dirs: dirs.map(displayPath),
    rules,
    errorCount: sorted.filter((f) => f.severity === "error").length,
    warningCount: sorted.filter((f) => f.severity === "warning").length,
    findings: sorted,
  };
}

function dedupe(findings: LintFinding[]): LintFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.file}\0${finding.line}\0${finding.column}\0${finding.check}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortFindings(findings: LintFinding[]): LintFinding[] {
  return [...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** Lints one rule file: its YAML, its shape, its logic, its messages and its test cases. */
export function lintRuleFile(file: string, clauses: ClauseIndex = loadClauseIndex()): { id: string | undefined; idPosition: { line: number; column: number }; findings: LintFinding[] } {
  const shown = displayPath(file);
  const located = new Located(readSettingsText(file, shown, "rule file"));
  const context: FileContext = { file: shown, located, findings: [] };
  const problems = [...located.doc.errors, ...located.doc.warnings];
  if (problems.length > 0) {
    // After the first syntax error the parser's later complaints are mostly echoes of it.
    for (const problem of problems.slice(0, 1)) {
      const [line, column] = problem.linePos?.[0] ? [problem.linePos[0].line, problem.linePos[0].col] : [1, 1];
      const message = (problem.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      context.findings.push({ file: shown, line, column, severity: "error", message: `invalid YAML: ${message}`, check: "yaml", pointer: "" });
    }
    return { id: undefined, idPosition: { line: 1, column: 1 }, findings: context.findings };
  }
  const idPosition = located.position(["id"]);
  let raw: unknown;
  try {
    raw = located.doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    report(context, "yaml", [], `YAML could not be read: ${(error as Error).message}`);
    return { id: undefined, idPosition, findings: context.findings };
  }
  const rawId = raw !== null && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : undefined;
  const expectedName = basename(file).replace(RULE_FILE, "");
  if (rawId !== undefined && rawId !== expectedName) report(context, "file-name", ["id"], `rule id "${rawId}" does not match its file name "${expectedName}": rename the file to ${rawId}.yaml or change the id`);
  const parsed = ruleSchema().safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) report(context, "schema", [...issue.path, key] as Path, `${[...issue.path, key].join(".")}: unknown key "${key}"`, { key: true });
      } else {
        const path = issue.path as Path;
        report(context, "schema", path, `${path.length === 0 ? "the rule" : path.join(".")}: ${issue.message}`);
      }
    }
    return { id: rawId, idPosition, findings: context.findings };
  }
  const definition = parsed.data;
  if (findClause(clauses, definition.clause) === undefined) {
    const normalised = normaliseClause(definition.clause);
    const suggestion = normalised !== definition.clause && findClause(clauses, normalised) !== undefined ? ` (did you mean ${normalised}?)` : "";
    report(context, "unknown-clause", ["clause"], `clause "${definition.clause}" is not in the clause index${suggestion}; known clauses: ${clauses.clauses.map((c) => c.id).join(" ")}`);
  }
  const { from, until } = definition.effective ?? {};
  if (from !== undefined && until !== undefined && from > until) report(context, "effective-window", ["effective", "from"], `effective.from ${from} is after effective.until ${until}: the rule is never in force`);

  const used = lintLogic(definition, context);
  lintMessages(definition, context, used);
  for (const name of Object.keys(definition.params)) {
    if (!used.has(name)) report(context, "unused-param", ["params", name], `parameter "${name}" is declared but nothing reads it (params.${name})`, { key: true });
  }
  lintTests(file, definition, context);
  return { id: definition.id, idPosition, findings: context.findings };
}

/** What `var` reads at a point of the logic: the rule's scope, an item of a list, or something unknown. */
interface Scope {
  shape: FieldShape | undefined;
  /** How a finding names it: "a project record", "an item of parties". */
  name: string;
  /** Inside map/filter/…: var reads the item, not the rule's scope. */
  item: boolean;
}

interface LogicContext extends FileContext {
  definition: RuleDefinition;
  used: Set<string>;
}

function scopeName(definition: RuleDefinition, place: LogicPlace): string {
  if (definition.subject === "portfolio") return place === "rule" ? "a portfolio group (group.*) with params" : `a member of the portfolio (a ${definition.portfolio?.over ?? "project"} record${definition.portfolio?.unit === "building" ? " and building" : ""})`;
  if (definition.subject === "building") return "the project and its building";
  return `${definition.subject === "enterprise" ? "an enterprise" : "a project"} record`;
}

function lintLogic(definition: RuleDefinition, file: FileContext): Set<string> {
  const context: LogicContext = { ...file, definition, used: new Set() };
  for (const piece of logicPieces(definition)) {
    const scope: Scope = { shape: scopeShape(definition, piece.place), name: scopeName(definition, piece.place), item: false };
    walk(piece.logic, piece.path, scope, context);
  }
  return context.used;
}

const itemOperators = new Set(["map", "filter", "all", "some", "none"]);
const equality = new Set(["==", "===", "!=", "!=="]);

function walk(logic: unknown, path: Path, scope: Scope, context: LogicContext): void {
  if (Array.isArray(logic)) {
    logic.forEach((item, index) => walk(item, [...path, index], scope, context));
    return;
  }
  const operator = operatorOf(logic);
  if (operator === undefined) return;
  const raw = (logic as Record<string, unknown>)[operator];
  const args = argumentsOf(logic as object, operator);
  const argPath = (index: number): Path => (Array.isArray(raw) ? [...path, operator, index] : [...path, operator]);

  switch (operator) {
    case "var":
      return walkVar(raw, path, scope, context);
    case "missing":
      args.forEach((arg, index) => (typeof arg === "string" ? checkPath(arg, argPath(index), scope, context) : walk(arg, argPath(index), scope, context)));
      return;
    case "missing_some": {
      walk(args[0], argPath(0), scope, context);
      const paths = args[1];
      if (Array.isArray(paths)) paths.forEach((arg, index) => (typeof arg === "string" ? checkPath(arg, [...argPath(1), index], scope, context) : walk(arg, [...argPath(1), index], scope, context)));
      else walk(paths, argPath(1), scope, context);
      return;
    }
    case "reduce": {
      walk(args[0], argPath(0), scope, context);
      const item = itemScope(args[0], scope, context);
      const reducer: FieldShape | undefined =
        item.shape === undefined ? undefined : { kind: "object", fields: { current: item.shape, accumulator: { kind: "value", types: [] } }, required: [] };
      walk(args[1], argPath(1), { shape: reducer, name: `${item.name} (as current) and the accumulator`, item: true }, context);
      if (args.length > 2) walk(args[2], argPath(2), scope, context);
      return;
    }
    case "sum": {
      walk(args[0], argPath(0), scope, context);
      if (typeof args[1] === "string") {
        const item = itemScope(args[0], scope, context);
        checkPath(args[1], argPath(1), item, context);
      } else if (args.length > 1) {
        walk(args[1], argPath(1), scope, context);
      }
      return;
    }
  }
  if (itemOperators.has(operator)) {
    walk(args[0], argPath(0), scope, context);
    const item = itemScope(args[0], scope, context);
    for (let index = 1; index < args.length; index++) walk(args[index], argPath(index), item, context);
    return;
  }
  args.forEach((arg, index) => walk(arg, argPath(index), scope, context));
  if (equality.has(operator) && args.length === 2) {
    checkEnum(args[0], args[1], argPath(1), scope, context, false);
    checkEnum(args[1], args[0], argPath(0), scope, context, false);
  }
  if (operator === "in" && args.length === 2) {
    checkEnum(args[0], args[1], argPath(1), scope, context, true);
    checkEnumList(args[1], args[0], argPath(0), scope, context);
  }
}

function walkVar(raw: unknown, path: Path, scope: Scope, context: LogicContext): void {
  const [target, fallback] = Array.isArray(raw) ? raw : [raw];
  const targetPath: Path = Array.isArray(raw) ? [...path, "var", 0] : [...path, "var"];
  if (fallback !== undefined) walk(fallback, [...path, "var", 1], scope, context);
  if (target === null || target === undefined || target === "") return;
  if (typeof target === "string" || typeof target === "number") {
    checkPath(String(target), targetPath, scope, context);
    return;
  }
  // A path read from a parameter ({"var": {"var": "params.denominator"}}): check the path it holds.
  walk(target, targetPath, scope, context);
  const inner = paramPathOf(target);
  if (inner === undefined) return;
  const value = context.definition.params[inner]?.value;
  if (typeof value === "string") checkPath(value, targetPath, scope, context, `the path held by params.${inner}`);
}

/** `name` when the logic is `{"var": "params.name"}`. */
function paramPathOf(logic: unknown): string | undefined {
  if (operatorOf(logic) !== "var") return undefined;
  const raw = (logic as { var: unknown }).var;
  const target = Array.isArray(raw) ? raw[0] : raw;
  return typeof target === "string" && target.startsWith("params.") ? target.slice("params.".length) : undefined;
}

function checkPath(path: string, where: Path, scope: Scope, context: LogicContext, what?: string): void {
  if (scope.shape === undefined) return;
  const isParam = path === "params" || path.startsWith("params.");
  if (isParam && !scope.item) {
    const name = path.slice("params.".length).split(".")[0]!;
    if (path === "params") Object.keys(context.definition.params).forEach((param) => context.used.add(param));
    else if (Object.hasOwn(context.definition.params, name)) context.used.add(name);
    else {
      const declared = Object.keys(context.definition.params);
      const near = nearest(name, declared);
      report(context, "unknown-param", where, `params.${name} is not declared${near === undefined ? "" : ` (did you mean params.${near}?)`}; declared: ${declared.join(", ") || "none"}`);
      return;
    }
  }
  const found = lookupPath(scope.shape, path);
  if (found.found !== false) return;
  const label = what === undefined ? `"${path}"` : `"${path}" (${what})`;
  if (scope.item) {
    const outer = isParam || ["building", "group"].includes(path.split(".")[0]!);
    report(
      context,
      outer ? "item-scope" : "unknown-field",
      where,
      outer
        ? `${label}: inside a loop over ${scope.name.replace(/^an item of /, "")}, var reads the item, so ${path.split(".")[0]} is out of reach (JsonLogic cannot read the outer scope there; compare outside the loop or put the values in a list, as diff does)`
        : `${label} is not a field of ${scope.name}${suggest(path, scope.shape)}`,
    );
    return;
  }
  const portfolioRule = context.definition.subject === "portfolio" && Object.hasOwn((scope.shape as { fields?: object }).fields ?? {}, "group");
  if (portfolioRule && !path.startsWith("group.") && !isParam) {
    report(context, "unknown-field", where, `${label}: a portfolio rule's appliesIf, check, measure and outputs read the group figures (group.count, group.sharePct …), not a record; read record fields in portfolio.members, groupBy, matches or weight`);
    return;
  }
  if (path.split(".").some((part) => part.startsWith("x-"))) {
    report(context, "unknown-field", where, `${label}: x- fields are the filer's own, and are dropped before a rule reads the record`);
    return;
  }
  const within = found.at === "" ? "" : `; ${found.at} has ${found.known.length === 0 ? "no fields" : found.known.join(", ")}`;
  report(context, "unknown-field", where, `${label} is not a field of ${scope.name}${suggest(path, scope.shape)}${within}`);
}

/** The scope of the items of a list expression, for the logic run on each item. */
function itemScope(list: unknown, scope: Scope, context: LogicContext): Scope {
  const shape = scope.shape === undefined ? undefined : itemShapeOf(list, scope.shape, context.definition);
  return { shape, name: `an item of ${describeList(list)}`, item: true };
}

function describeList(list: unknown): string {
  if (operatorOf(list) === "var") {
    const raw = (list as { var: unknown }).var;
    const target = Array.isArray(raw) ? raw[0] : raw;
    if (typeof target === "string") return target;
  }
  const operator = operatorOf(list);
  if (operator === "filter" || operator === "diff") return `${describeList(argumentsOf(list as object, operator)[0])} (${operator === "filter" ? "filtered" : "less some"})`;
  return operator === undefined ? "the list" : `the ${operator} result`;
}

function itemShapeOf(list: unknown, scope: FieldShape, definition: RuleDefinition): FieldShape | undefined {
  if (Array.isArray(list)) return { kind: "value", types: [...new Set(list.map((item) => typeof item))] };
  const operator = operatorOf(list);
  if (operator === undefined) return undefined;
  const args = argumentsOf(list as object, operator);
  switch (operator) {
    case "var": {
      const target = args[0];
      if (typeof target !== "string") return undefined;
      if (target.startsWith("params.")) {
        const value = definition.params[target.slice("params.".length)]?.value;
        return Array.isArray(value) ? { kind: "value", types: [...new Set(value.map((item) => typeof item))] } : undefined;
      }
      const found = lookupPath(scope, target);
      return found.found === true && found.shape.kind === "array" ? found.shape.items : undefined;
    }
    case "filter":
    case "diff":
      return itemShapeOf(args[0], scope, definition);
    case "map": {
      const item = itemShapeOf(args[0], scope, definition);
      const mapper = args[1];
      if (item === undefined || operatorOf(mapper) !== "var") return undefined;
      const raw = (mapper as { var: unknown }).var;
      const target = Array.isArray(raw) ? raw[0] : raw;
      if (typeof target !== "string") return undefined;
      const found = lookupPath(item, target);
      return found.found === true ? found.shape : undefined;
    }
    default:
      return undefined;
  }
}

/** The enum of the field a `var` reads, when it has one. */
function enumOf(logic: unknown, scope: Scope, list: boolean): { path: string; values: string[] } | undefined {
  if (scope.shape === undefined || operatorOf(logic) !== "var") return undefined;
  const raw = (logic as { var: unknown }).var;
  const target = Array.isArray(raw) ? raw[0] : raw;
  if (typeof target !== "string" || target === "") return undefined;
  const found = lookupPath(scope.shape, target);
  if (found.found !== true) return undefined;
  const shape = list ? (found.shape.kind === "array" ? found.shape.items : undefined) : found.shape;
  return shape?.kind === "value" && shape.enum !== undefined ? { path: target, values: shape.enum } : undefined;
}

/** The strings an expression stands for when it is a literal (or a list of them, or a param holding them). */
function literalStrings(logic: unknown, context: LogicContext, list: boolean): Array<{ value: string; index: number | undefined }> | undefined {
  if (!list && typeof logic === "string") return [{ value: logic, index: undefined }];
  if (list && Array.isArray(logic)) return logic.flatMap((item, index) => (typeof item === "string" ? [{ value: item, index }] : []));
  const name = paramPathOf(logic);
  if (name === undefined) return undefined;
  const value = context.definition.params[name]?.value;
  if (!list && typeof value === "string") return [{ value, index: undefined }];
  if (list && Array.isArray(value)) return value.flatMap((item) => (typeof item === "string" ? [{ value: item, index: undefined }] : []));
  return undefined;
}

/** `type == constructon`, `type in [construction, 施工类]`: a value the field never holds never matches. */
function checkEnum(field: unknown, other: unknown, where: Path, scope: Scope, context: LogicContext, otherIsList: boolean): void {
  const known = enumOf(field, scope, false);
  if (known === undefined) return;
  const literals = literalStrings(other, context, otherIsList);
  const param = paramPathOf(other);
  for (const literal of literals ?? []) {
    if (known.values.includes(literal.value)) continue;
    const at = literal.index === undefined ? where : [...where, literal.index];
    const source = param === undefined ? "" : ` (from params.${param})`;
    report(context, "unknown-enum-value", param === undefined ? at : where, `${known.path} is never "${literal.value}"${source}: ${enumAdvice(literal.value, known.values)}`);
  }
}

/** `school in tags`: the literal must be a value of the list field. */
function checkEnumList(field: unknown, other: unknown, where: Path, scope: Scope, context: LogicContext): void {
  const known = enumOf(field, scope, true);
  if (known === undefined || typeof other !== "string" || known.values.includes(other)) return;
  report(context, "unknown-enum-value", where, `${known.path} never holds "${other}": ${enumAdvice(other, known.values)}`);
}

function enumAdvice(value: string, values: string[]): string {
  const english = values.find((candidate) => chineseLabelOf(candidate) === value);
  if (english !== undefined) return `records are normalised to the English value, write ${english} (${value})`;
  const near = nearest(value, values);
  return `${near === undefined ? "" : `did you mean ${near}? `}it is one of ${values.join(", ")}`;
}

function nearest(name: string, candidates: string[]): string | undefined {
  return nearestWithin(name, candidates, Math.max(2, Math.floor(name.length / 4)));
}

/** Every dotted path through objects (lists are not entered), for "did you mean". */
function dottedPaths(shape: FieldShape, prefix = ""): string[] {
  if (shape.kind !== "object") return [];
  return Object.entries(shape.fields).flatMap(([name, child]) => {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    return [path, ...dottedPaths(child, path)];
  });
}

function suggest(path: string, shape: FieldShape): string {
  const candidates = dottedPaths(shape).filter((candidate) => candidate !== "params" && !candidate.startsWith("params."));
  // A near spelling, else a field the path is the start of (construction → constructionNature).
  const near = nearest(path, candidates) ?? candidates.filter((candidate) => candidate.toLowerCase().startsWith(path.toLowerCase())).sort((a, b) => a.length - b.length)[0];
  return near === undefined ? "" : ` (did you mean ${near}?)`;
}

const PLACEHOLDER = /\{([A-Za-z0-9_.]+)\}/g;

/** Message placeholders, as messages.ts fills them: {actual} {required} {gap} {outputs.x} {params.x} or a path. */
function lintMessages(definition: RuleDefinition, file: FileContext, used: Set<string>): void {
  const context: LogicContext = { ...file, definition, used };
  const scope: Scope = { shape: scopeShape(definition, "rule"), name: scopeName(definition, "rule"), item: false };
  const templates: Array<[Path, RuleDefinition["message"]["pass"]]> = (["pass", "fail", "computed"] as const).map((kind) => [["message", kind], definition.message[kind]]);
  (definition.strengthWhen ?? []).forEach((branch, index) => {
    for (const kind of ["pass", "fail"] as const) templates.push([["strengthWhen", index, "message", kind], branch.message?.[kind]]);
  });
  for (const [path, template] of templates) {
    if (template === undefined) continue;
    for (const lang of ["zh", "en"] as const) {
      const where: Path = [...path, lang];
      for (const match of template[lang].matchAll(PLACEHOLDER)) {
        const name = match[1]!;
        const problem = placeholderProblem(name, definition, scope, context);
        if (problem !== undefined) report(context, "placeholder", where, `{${name}} in ${where.join(".")}: ${problem}`, { offset: match.index });
      }
    }
  }
  const needsPass = definition.strength === "computed" ? definition.message.computed === undefined && definition.message.pass === undefined : definition.message.pass === undefined;
  if (needsPass) report(context, "missing-message", ["message"], `no message.${definition.strength === "computed" ? "computed" : "pass"}: a ${definition.strength === "computed" ? "computed" : "passing"} result would have an empty message`);
  for (const lang of ["zh", "en"] as const) {
    const fix = definition.fix?.[lang];
    const match = fix === undefined ? null : PLACEHOLDER.exec(fix);
    PLACEHOLDER.lastIndex = 0;
    if (match !== null) report(context, "fix-placeholder", ["fix", lang], `fix.${lang} is printed as written: {${match[1]}} is not filled in`, { offset: match.index });
  }
}

function placeholderProblem(name: string, definition: RuleDefinition, scope: Scope, context: LogicContext): string | undefined {
  if (name === "actual" || name === "required" || name === "gap") {
    return definition.measure === undefined ? `the rule has no measure, so {${name}} would be printed as is` : undefined;
  }
  if (name.startsWith("outputs.")) {
    const output = name.slice("outputs.".length);
    if (Object.hasOwn(definition.outputs ?? {}, output)) return undefined;
    const declared = Object.keys(definition.outputs ?? {});
    const group = definition.subject === "portfolio" && lookupPath(scope.shape!, `group.${output}`).found === true ? ` (a group figure is {group.${output}})` : "";
    return `the rule has no output "${output}"${group}; outputs: ${declared.join(", ") || "none"}`;
  }
  if (name.startsWith("params.")) {
    const param = name.slice("params.".length);
    if (Object.hasOwn(definition.params, param)) {
      context.used.add(param);
      return undefined;
    }
    const near = nearest(param, Object.keys(definition.params));
    return `params.${param} is not declared${near === undefined ? "" : ` (did you mean params.${near}?)`}`;
  }
  const found = lookupPath(scope.shape!, name);
  if (found.found !== false) return undefined;
  return `"${name}" is not a value of ${scope.name}${suggest(name, scope.shape!)}; it would print as "not stated" (未填报)`;
}

function lintTests(file: string, definition: RuleDefinition, context: FileContext): void {
  const rule: LoadedRule = { definition, file, severity: definition.severity ?? severityOfStrength[definition.strength], paramValues: {}, text: "" };
  const testFile = testFileOf(rule);
  if (!existsSync(testFile)) {
    report(context, "missing-test-file", [], `no test file: add ${displayPath(testFile)} with a case for each outcome (docs/rules.md, "Test cases")`);
    return;
  }
  const testContext: FileContext = { file: displayPath(testFile), located: new Located(readSettingsText(testFile, displayPath(testFile), "rule test file")), findings: context.findings };
  try {
    const tests = loadRuleTests(testFile);
    if (tests.rule !== definition.id) {
      report(testContext, "invalid-test-file", ["rule"], `tests rule "${tests.rule}" but sits beside ${definition.id}.yaml`);
      return;
    }
  } catch (error) {
    const pointer = (error as { pointer?: string }).pointer ?? "";
    const path = pointer === "" ? [] : pointer.slice(1).split("/").map((part) => (/^\d+$/.test(part) ? Number(part) : part.replaceAll("~1", "/").replaceAll("~0", "~")));
    report(testContext, "invalid-test-file", path, (error as Error).message);
    return;
  }
  // A rule without appliesIf and without an effective window is never not-applicable.
  const canBeNotApplicable = definition.appliesIf !== undefined || definition.effective !== undefined;
  const lacking = ruleCoverage(rule).lacking.filter((outcome) => outcome !== "not-applicable" || canBeNotApplicable);
  if (lacking.length > 0) {
    report(testContext, "missing-outcome-case", ["cases"], `no case expects ${lacking.join(", ")}: the quality bar asks every rule for ${definition.strength === "computed" ? "computed, not-applicable and incomplete" : "pass, fail, not-applicable and incomplete"} cases`, { key: true });
  }
}
