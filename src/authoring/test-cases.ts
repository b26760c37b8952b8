import { readSettingsText } from "../files/read-file.js";
import { existsSync } from "node:fs";
import { z } from "zod";
import { madeOnce } from "../made-once.js";
import { SzcheckError, toPointer } from "../errors.js";
import { evaluateRecords } from "../engine/run-check.js";
import type { LogicEvaluator } from "../engine/three-valued.js";
import { parseYaml } from "../inputs/yaml-source.js";
import { outcomes, type Lang, type Result } from "../model/report.js";
import { severities, strengths } from "../model/vocabulary.js";
import { displayPath } from "../display-path.js";
import { RULE_FILE, type LoadedRule } from "../rules/load.js";

/**
 * Rule test cases live beside their rule, `rules/<id>.test.yaml` (as conftest verify and
 * openfisca test keep theirs): input records and the outcome and figures each must give.
 *
 * The schemas below are made when first asked for (src/made-once.ts).
 */
function makeSchemas() {
  const expectation = z.strictObject({
    subject: z.string().optional().meta({ description: "The subject id, when the records give several (a building: projectCode/buildingId)" }),
    outcome: z.enum(outcomes),
    severity: z.enum(severities).optional().meta({ description: "The result's severity (a rule with strengthWhen sets it per branch)" }),
    strength: z.enum(strengths).optional().meta({ description: "The result's strength (a rule with strengthWhen sets it per branch)" }),
    measure: z.strictObject({ actual: z.number().nullable().optional(), required: z.number().nullable().optional(), gap: z.number().nullable().optional() }).optional(),
    outputs: z.record(z.string(), z.unknown()).optional(),
    missing: z.array(z.string()).optional(),
    assumptions: z.array(z.string()).optional(),
    messageIncludes: z.string().optional(),
  });

  const patch = z.strictObject({
    set: z.record(z.string(), z.unknown()).optional().meta({ description: "Dotted paths to set on a copy of the base record" }),
    unset: z.array(z.string()).optional().meta({ description: "Dotted paths to remove from that copy" }),
  });

  const testCase = z.strictObject({
    name: z.string().min(1),
    asOf: z.string().optional(),
    record: z.record(z.string(), z.unknown()).optional(),
    records: z.array(z.record(z.string(), z.unknown())).optional().meta({ description: "Whole records, checked as one batch (portfolio rules group them)" }),
    batch: z.array(patch).min(1).optional().meta({ description: "A batch made from the base record: one record per item, each the base with its set/unset applied" }),
    set: z.record(z.string(), z.unknown()).optional().meta({ description: "Dotted paths to set on the base record" }),
    unset: z.array(z.string()).optional().meta({ description: "Dotted paths to remove from the base record" }),
    params: z.record(z.string(), z.unknown()).optional().meta({ description: "Parameter values to use in this case instead of the rule's (e.g. another count basis)" }),
    expect: z
      .union([expectation, z.array(expectation)])
      .meta({ description: "The result (or results, by subject) the case must give; [] = the rule gives no result for these records" }),
  });

  const ruleTestFileSchema = z.strictObject({
    $schema: z.string().optional(),
    rule: z.string(),
    asOf: z.string().optional(),
    base: z.record(z.string(), z.unknown()).optional(),
    cases: z.array(testCase).min(1),
  });
  return { expectation, patch, testCase, ruleTestFileSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const ruleTestFileSchema = (): Schemas["ruleTestFileSchema"] => schemas().ruleTestFileSchema;
export type Expectation = z.infer<Schemas["expectation"]>;
export type RuleTestFile = z.infer<Schemas["ruleTestFileSchema"]>;
export type RuleTestCase = RuleTestFile["cases"][number];

export interface CaseOutcome {
  rule: string;
  name: string;
  file: string;
  problems: string[];
  results: Result[];
}

export function testFileOf(rule: LoadedRule): string {
  return rule.file.replace(RULE_FILE, ".test.yaml");
}

export function loadRuleTests(file: string): RuleTestFile {
  const shown = displayPath(file);
  const parsed = parseYaml(readSettingsText(file, shown, "rule test file"), shown);
  const result = ruleTestFileSchema().safeParse(parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new SzcheckError({ file: shown, pointer: toPointer(issue.path), message: `invalid rule test file (line ${parsed.lineOf(issue.path) ?? "?"}): ${issue.path.join(".")}: ${issue.message}` });
  }
  return result.data;
}

/** Runs the test cases of each rule that has a test file; rules without one are listed apart. */
/** `lang` is the language of the results' messages (the expectations compare English ones). */
export function runRuleTests(rules: LoadedRule[], evaluator?: LogicEvaluator, lang: Lang = "en"): { cases: CaseOutcome[]; untested: string[] } {
  const cases: CaseOutcome[] = [];
  const untested: string[] = [];
  for (const rule of rules) {
    const file = testFileOf(rule);
    if (!existsSync(file)) {
      untested.push(rule.definition.id);
      continue;
    }
    const tests = loadRuleTests(file);
    if (tests.rule !== rule.definition.id) {
      throw new SzcheckError({ file: displayPath(file), pointer: "/rule", message: `tests rule "${tests.rule}" but sits beside ${rule.definition.id}.yaml` });
    }
    for (const testCase of tests.cases) cases.push(runCase(rule, tests, testCase, displayPath(file), evaluator, lang));
  }
  return { cases, untested };
}

export function recordsOfCase(tests: RuleTestFile, testCase: RuleTestCase): unknown[] {
  if (testCase.records !== undefined) return testCase.records;
  if (testCase.record !== undefined) return [testCase.record];
  if (tests.base === undefined) return [];
  const base = tests.base;
  // set/unset beside batch apply to every record of it, before each item's own.
  const patched = (item: { set?: Record<string, unknown> | undefined; unset?: string[] | undefined }): Record<string, unknown> => {
    const record = structuredClone(base) as Record<string, unknown>;
    for (const step of [{ set: testCase.set, unset: testCase.unset }, item]) {
      for (const [path, value] of Object.entries(step.set ?? {})) setPath(record, path, structuredClone(value));
      for (const path of step.unset ?? []) unsetPath(record, path);
    }
    return record;
  };
  if (testCase.batch !== undefined) return testCase.batch.map(patched);
  return [patched({})];
}

function runCase(rule: LoadedRule, tests: RuleTestFile, testCase: RuleTestCase, file: string, evaluator: LogicEvaluator | undefined, lang: Lang): CaseOutcome {
  const asOf = testCase.asOf ?? tests.asOf ?? "2024-06-30";
  const raws = recordsOfCase(tests, testCase).map((raw, index) => ({ raw, origin: { file, pointer: `/case/${index}` } }));
  const outcome: CaseOutcome = { rule: rule.definition.id, name: testCase.name, file, problems: [], results: [] };
  if (raws.length === 0) {
    outcome.problems.push("the case gives no record: add record, records, or a base with set/unset");
    return outcome;
  }
  const unknownParams = Object.keys(testCase.params ?? {}).filter((name) => !Object.hasOwn(rule.definition.params, name));
  if (unknownParams.length > 0) {
    outcome.problems.push(`params: the rule has no parameter ${unknownParams.join(", ")} (it has ${Object.keys(rule.definition.params).join(", ") || "none"})`);
    return outcome;
  }
  const evaluated = evaluateRecords(raws, [withParams(rule, testCase.params ?? {})], { asOf, lang, evaluator });
  outcome.results = evaluated.results;
  for (const error of evaluated.errors) outcome.problems.push(`input record is invalid at ${error.pointer}: ${error.message}`);
  for (const error of evaluated.unevaluated) outcome.problems.push(error.message);
  const expectations = expectationsOf(testCase);
  if (expectations.length === 0 && evaluated.results.length > 0) {
    outcome.problems.push(`expected no result, got ${evaluated.results.map((r) => `${r.subject.id} ${r.outcome}`).join(", ")}`);
  }
  for (const expected of expectations) outcome.problems.push(...compare(expected, evaluated.results));
  return outcome;
}

/**
 * A load error when a rule goes over its evaluation budget on one of its own test cases (then it
 * would on every record like them: the rule, not the data, is at fault); undefined when none does.
 * A test file that cannot be read is left to `rules test` and `rules lint`.
 */
export function budgetProblemInTests(rules: LoadedRule[], evaluator?: LogicEvaluator): SzcheckError | undefined {
  for (const rule of rules) {
    const file = testFileOf(rule);
    if (!existsSync(file)) continue;
    let tests: RuleTestFile;
    try {
      tests = loadRuleTests(file);
    } catch {
      continue;
    }
    if (tests.rule !== rule.definition.id) continue;
    for (const testCase of tests.cases) {
      const raws = recordsOfCase(tests, testCase).map((raw, index) => ({ raw, origin: { file: displayPath(file), pointer: `/case/${index}` } }));
      const asOf = testCase.asOf ?? tests.asOf ?? "2024-06-30";
      const [over] = evaluateRecords(raws, [withParams(rule, testCase.params ?? {})], { asOf, lang: "en", evaluator }).unevaluated;
      if (over !== undefined) {
        return new SzcheckError({ file: displayPath(rule.file), message: `rule ${rule.definition.id} goes over its evaluation budget on its own test case "${testCase.name}" (${displayPath(file)}): ${/(the evaluation [^;]*);/.exec(over.message)?.[1] ?? over.message}`, hint: "simplify the rule: a loop inside a loop over long lists, or a merge or cat that keeps doubling" });
      }
    }
  }
  return undefined;
}

export function expectationsOf(testCase: RuleTestCase): Expectation[] {
  return Array.isArray(testCase.expect) ? testCase.expect : [testCase.expect];
}

/** The rule with some parameter values replaced, as a config override would replace them. */
function withParams(rule: LoadedRule, values: Record<string, unknown>): LoadedRule {
  if (Object.keys(values).length === 0) return rule;
  const params = Object.fromEntries(
    Object.entries(rule.definition.params).map(([name, param]) => [name, Object.hasOwn(values, name) ? { ...param, value: values[name] as typeof param.value } : param]),
  );
  return { ...rule, definition: { ...rule.definition, params }, paramValues: { ...rule.paramValues, ...values } };
}

function compare(expected: Expectation, results: Result[]): string[] {
  const candidates = expected.subject === undefined ? results : results.filter((result) => result.subject.id === expected.subject);
  if (candidates.length !== 1) {
    return [`expected one result${expected.subject === undefined ? "" : ` for ${expected.subject}`}, got ${candidates.length} (${results.map((r) => r.subject.id).join(", ") || "none"})`];
  }
  const actual = candidates[0]!;
  const problems: string[] = [];
  const label = expected.subject === undefined ? "" : `${expected.subject}: `;
  if (actual.outcome !== expected.outcome) problems.push(`${label}outcome ${actual.outcome}, expected ${expected.outcome} (${actual.message})`);
  if (expected.severity !== undefined && actual.severity !== expected.severity) problems.push(`${label}severity ${actual.severity}, expected ${expected.severity}`);
  if (expected.strength !== undefined && actual.strength !== expected.strength) problems.push(`${label}strength ${actual.strength}, expected ${expected.strength}`);
  for (const key of ["actual", "required", "gap"] as const) {
    const want = expected.measure?.[key];
    if (want === undefined) continue;
    const got = actual.measure?.[key] ?? null;
    if (!sameNumber(got, want)) problems.push(`${label}measure.${key} ${String(got)}, expected ${String(want)}`);
  }
  for (const [name, want] of Object.entries(expected.outputs ?? {})) {
    const got = actual.outputs?.[name];
    if (JSON.stringify(got) !== JSON.stringify(want) && !(typeof want === "number" && sameNumber(got, want))) {
      problems.push(`${label}outputs.${name} ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }
  if (expected.missing !== undefined && JSON.stringify([...expected.missing].sort()) !== JSON.stringify(actual.missing)) {
    problems.push(`${label}missing ${JSON.stringify(actual.missing)}, expected ${JSON.stringify([...expected.missing].sort())}`);
  }
  if (expected.assumptions !== undefined) {
    const got = actual.assumptions.map((a) => a.param).sort();
    if (JSON.stringify(got) !== JSON.stringify([...expected.assumptions].sort())) problems.push(`${label}assumptions ${JSON.stringify(got)}, expected ${JSON.stringify(expected.assumptions)}`);
  }
  if (expected.messageIncludes !== undefined && !actual.message.includes(expected.messageIncludes)) {
    problems.push(`${label}message "${actual.message}" does not include "${expected.messageIncludes}"`);
  }
  return problems;
}

function sameNumber(got: unknown, want: number | null): boolean {
  if (want === null || got === null) return got === want;
  return typeof got === "number" && Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want));
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object") node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

function unsetPath(target: Record<string, unknown>, path: string): void {
  const parts = path.split(".");
  let node: unknown = target;
  for (const part of parts.slice(0, -1)) {
    if (node === null || typeof node !== "object") return;
    node = (node as Record<string, unknown>)[part];
  }
  if (node !== null && typeof node === "object") delete (node as Record<string, unknown>)[parts.at(-1)!];
}
