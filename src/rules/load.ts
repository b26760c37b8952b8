import { readSettingsText } from "../files/read-file.js";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { SzcheckError, toPointer } from "../errors.js";
import { parseYaml } from "../inputs/yaml-source.js";
import { findClause, loadClauseIndex, normaliseClause, type ClauseIndex } from "./clauses.js";
import { builtInRulesDir } from "../package-root.js";
import { displayPath } from "../display-path.js";
import type { LoadedRule } from "./loaded-rule.js";
import { prebuiltRules } from "./prebuilt.js";
import { ruleSchema, severityOfStrength } from "./schema.js";


export type { LoadedRule };

export interface RulePack {
  rules: LoadedRule[];
  /** sha256 over the ids and texts of the rules in force: the same rules give the same hash. */
  hash: string;
  /** The rules in force that come from szcheck's own folder (rules/), not from a pack of the user's. */
  builtIn: ReadonlySet<LoadedRule>;
}

export const RULE_FILE = /\.ya?ml$/;
export const RULE_TEST_FILE = /\.test\.ya?ml$/;

/** The rule files of a pack folder: every .yaml/.yml that is not a test file, sorted. */
export function ruleFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SzcheckError({ file: dir, message: "rule pack folder not found", hint: "pass a folder of rule .yaml files to --rules" });
  }
  return readdirSync(dir)
    .filter((name) => RULE_FILE.test(name) && !RULE_TEST_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export function loadRuleFile(file: string, clauses: ClauseIndex = loadClauseIndex()): LoadedRule {
  const shown = displayPath(file);
  const text = readSettingsText(file, shown, "rule file");
  const parsed = parseYaml(text, shown);
  const result = ruleSchema().safeParse(parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    const line = parsed.lineOf(path);
    const key = path.length === 0 ? "the rule" : path.join(".");
    const what = issue.code === "unrecognized_keys" ? `unknown key "${issue.keys.join('", "')}"` : issue.message;
    throw new SzcheckError({
      file: shown,
      pointer: toPointer(path),
      message: `invalid rule${line === undefined ? "" : ` (line ${line})`}: ${key}: ${what}`,
      hint: "`szcheck schema rule` prints the rule format; point your editor at it to check as you type",
    });
  }
  const definition = result.data;
  const expectedName = basename(file).replace(RULE_FILE, "");
  if (definition.id !== expectedName) {
    throw new SzcheckError({ file: shown, pointer: "/id", message: `rule id "${definition.id}" does not match its file name "${expectedName}"`, hint: `rename the file to ${definition.id}.yaml or change the id` });
  }
  checkClause(definition.clause, clauses, shown);
  const paramValues = Object.fromEntries(Object.entries(definition.params).map(([name, param]) => [name, param.value]));
  return { definition, file: shown, severity: definition.severity ?? severityOfStrength[definition.strength], paramValues, text };
}

/** A rule must cite a clause of the index, written as the index writes it (三（八）). */
function checkClause(clause: string, index: ClauseIndex, file: string): void {
  if (findClause(index, clause) !== undefined) return;
  const normalised = normaliseClause(clause);
  const suggestion = normalised !== clause && findClause(index, normalised) !== undefined ? ` (did you mean ${normalised}?)` : "";
  throw new SzcheckError({
    file,
    pointer: "/clause",
    message: `clause "${clause}" is not in the clause index of ${index.policy.number}${suggestion}; known clauses: ${index.clauses.map((c) => c.id).join(" ")}`,
    hint: `write the clause as part（clause） with full-width brackets, as in ${index.file}`,
  });
}

/**
 * Loads rule packs in order; a rule in a later pack replaces the one with the same id before
 * it (so a district pack can override a built-in rule).
 */
export function loadRulePacks(dirs: string[], clauses?: ClauseIndex): RulePack {
  const byId = new Map<string, LoadedRule>();
  const builtIn = new Set<LoadedRule>();
  const builtInDir = resolve(builtInRulesDir());
  let index = clauses;
  for (const dir of dirs) {
    const isBuiltIn = resolve(dir) === builtInDir;
    const seen = new Map<string, string>();
    const files = ruleFilesIn(dir);
    // The built-in pack as validated at build time, while its YAML is unchanged (prebuilt.ts).
    const prebuilt = clauses === undefined ? prebuiltRules(dir, files) : undefined;
    for (const [i, file] of files.entries()) {
      const rule = prebuilt?.[i] ?? loadRuleFile(file, (index ??= loadClauseIndex()));
      const clash = seen.get(rule.definition.id);
      if (clash !== undefined) {
        throw new SzcheckError({ file: rule.file, pointer: "/id", message: `rule id "${rule.definition.id}" is also used by ${clash}`, hint: "every rule id in a pack must be unique" });
      }
      seen.set(rule.definition.id, rule.file);
      byId.set(rule.definition.id, rule);
      if (isBuiltIn) builtIn.add(rule);
    }
  }
  const rules = [...byId.values()].sort((a, b) => compareText(a.definition.id, b.definition.id));
  const hash = createHash("sha256");
  for (const rule of rules) hash.update(`${rule.definition.id}\0${rule.text}\0`);
  return { rules, hash: `sha256:${hash.digest("hex")}`, builtIn: new Set(rules.filter((rule) => builtIn.has(rule))) };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
