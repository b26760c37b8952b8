import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { madeOnce } from "../made-once.js";
import { isCalendarDate } from "../descriptors/primitives.js";
import type { ConfiguredRule, ParamOverride } from "../engine/evaluate-rule.js";
import type { ParsedYaml } from "../inputs/yaml-source.js";
import { mappingSchema, type Mapping } from "../inputs/mapping.js";
import { compareText, type LoadedRule, type RulePack } from "../rules/load.js";
import { severities, type Param } from "../rules/schema.js";
import { didYouMean } from "../did-you-mean.js";
import { problemAt, readValidated, settingsPath } from "./shared.js";

export const CONFIG_FILE_NAME = "szcheck.config.yaml";
const HINT = "`szcheck schema config` prints the config format";

/** The schemas, made when first asked for (src/made-once.ts). */
function makeSchemas() {
  const ruleId = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: "a rule id is kebab-case (lower-case letters, digits and -)" });
  const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string()]))]);

  /** szcheck.config.yaml: one zod schema, the JSON Schema of `szcheck schema config` generated from it. */
  const configSchema = z
    .strictObject({
      $schema: z.string().optional(),
      rules: z.array(z.string().min(1)).optional().meta({ description: "Extra rule pack folders, relative to this file; loaded after the built-in pack (a rule with the same id replaces it), before --rules" }),
      severity: z
        .record(ruleId, z.enum([...severities, "off"]))
        .optional()
        .meta({ description: "Severity per rule id: error, warning or info; off leaves the rule out" }),
      params: z
        .record(ruleId, z.record(z.string(), paramValue))
        .optional()
        .meta({ description: "Parameter values per rule id: { ruleId: { paramName: value } }; the parameter must exist and keep its type" }),
      failOn: z.enum([...severities, "none"]).optional().meta({ description: "Exit 1 when a finding is at or above this severity (--fail-on beats it)" }),
      lang: z.enum(["zh", "en"]).optional().meta({ description: "Report language (--lang beats it)" }),
      asOf: z
        .string()
        .refine(isCalendarDate, { error: "must be a date written YYYY-MM-DD" })
        .optional()
        .meta({ description: "The date records without a date of their own are judged at (--as-of beats it)" }),
      waivers: z.string().min(1).optional().meta({ description: "The waivers file, relative to this file (--waivers beats it)" }),
      intake: mappingSchema().optional().meta({ description: "A mapping for CSV and XLSX inputs that have none of their own (`<file>.szmap.yaml` beside the file, or --map, beat it); `szcheck schema map` describes it" }),
      ignore: z
        .array(z.string().min(1))
        .optional()
        .meta({ description: "Paths not to check, in gitignore syntax, relative to this file (as .szcheckignore; --ignore adds more)" }),
    })
    .meta({ description: "szcheck.config.yaml: rule packs, severities, parameter values, failOn, lang, asOf and the waivers file" });
  return { ruleId, paramValue, configSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const configSchema = (): Schemas["configSchema"] => schemas().configSchema;
export type Config = z.output<Schemas["configSchema"]>;

export interface LoadedConfig {
  /** The file, as shown in messages (relative to the working directory when inside it). */
  file: string;
  /** The folder the file is in: `rules` and `waivers` are relative to it. */
  dir: string;
  config: Config;
  parsed: ParsedYaml;
}

/** The nearest szcheck.config.yaml in `from` or a folder above it. */
export function findConfig(from: string = process.cwd()): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Reads and validates a config file; an error names the file, the key and its line. */
export function loadConfig(path: string): LoadedConfig {
  const file = settingsPath(path);
  const { value, parsed } = readValidated(path, file, configSchema(), "config", HINT, Object.keys(configSchema().shape));
  return { file, dir: dirname(resolve(path)), config: value, parsed };
}

/** The rule pack folders the config names, as paths. */
export function configRuleDirs(config: LoadedConfig | undefined): string[] {
  return (config?.config.rules ?? []).map((dir) => resolve(config!.dir, dir));
}

/** The config's `intake:` mapping, for spreadsheets without a mapping file of their own. */
export function configIntake(config: LoadedConfig | undefined): { mapping: Mapping; file: string } | undefined {
  return config?.config.intake === undefined ? undefined : { mapping: config.config.intake, file: config.file };
}

/** The waivers file the config names, as a path. */
export function configWaiversFile(config: LoadedConfig | undefined): string | undefined {
  return config?.config.waivers === undefined ? undefined : resolve(config.dir, config.config.waivers);
}

export interface ConfiguredPack {
  rules: ConfiguredRule[];
  /** The rule ids the config turned off. */
  off: string[];
  /** The pack's hash, changed by every severity and parameter the config sets. */
  hash: string;
}

/**
 * Applies a config to the loaded rules: severities (off leaves a rule out) and parameter
 * values. Every rule id and parameter name must exist, and a value must keep the type of the
 * rule's own; a mistake is an error naming the file, the key and its line.
 */
export function applyConfig(pack: RulePack, config: LoadedConfig | undefined): ConfiguredPack {
  if (config === undefined) return { rules: pack.rules, off: [], hash: pack.hash };
  const byId = new Map(pack.rules.map((rule) => [rule.definition.id, rule]));
  const { severity = {}, params = {} } = config.config;
  const fail = (path: PropertyKey[], message: string, hint?: string) => problemAt(config.file, config.parsed, path, message, "config", hint);
  const known = (id: string, key: string): LoadedRule => {
    const rule = byId.get(id);
    if (rule === undefined) throw fail([key, id], `no rule with id "${id}"${didYouMean(id, [...byId.keys()])}`, "`szcheck rules list` shows the rule ids");
    return rule;
  };
  for (const id of Object.keys(severity)) known(id, "severity");
  const configured = new Map<string, ConfiguredRule>();
  for (const [id, values] of Object.entries(params)) {
    const rule = known(id, "params");
    const overrides: Record<string, ParamOverride> = {};
    const definitionParams: Record<string, Param> = { ...rule.definition.params };
    for (const [name, value] of Object.entries(values)) {
      const param = rule.definition.params[name];
      if (param === undefined || !Object.hasOwn(rule.definition.params, name)) {
        const names = Object.keys(rule.definition.params);
        throw fail(["params", id, name], `rule ${id} has no parameter "${name}"${didYouMean(name, names)}`, names.length === 0 ? `${id} has no parameters` : `its parameters: ${names.join(", ")} (\`szcheck rules show ${id}\`)`);
      }
      const problem = typeProblem(param.value, value);
      if (problem !== undefined) throw fail(["params", id, name], problem);
      overrides[name] = { file: config.file, default: param.value };
      definitionParams[name] = { ...param, value: value as Param["value"] };
    }
    configured.set(id, {
      ...rule,
      definition: { ...rule.definition, params: definitionParams },
      paramValues: { ...rule.paramValues, ...values },
      overrides,
    });
  }
  const rules: ConfiguredRule[] = [];
  const off: string[] = [];
  for (const rule of pack.rules) {
    const id = rule.definition.id;
    const level = severity[id];
    if (level === "off") {
      off.push(id);
      continue;
    }
    const base = configured.get(id) ?? rule;
    rules.push(level === undefined ? base : { ...base, severity: level });
  }
  return { rules, off, hash: configuredHash(pack.hash, severity, params) };
}

/** The pack hash, unchanged without settings; otherwise a hash over it and the settings in a fixed order. */
function configuredHash(packHash: string, severity: Record<string, string>, params: Record<string, Record<string, unknown>>): string {
  const sortedSeverity = Object.entries(severity).sort(([a], [b]) => compareText(a, b));
  const sortedParams = Object.entries(params)
    .filter(([, values]) => Object.keys(values).length > 0)
    .sort(([a], [b]) => compareText(a, b))
    .map(([id, values]) => [id, Object.entries(values).sort(([a], [b]) => compareText(a, b))] as const);
  if (sortedSeverity.length === 0 && sortedParams.length === 0) return packHash;
  const hash = createHash("sha256").update(`${packHash}\0`).update(JSON.stringify({ severity: sortedSeverity, params: sortedParams }));
  return `sha256:${hash.digest("hex")}`;
}

function typeProblem(current: unknown, next: unknown): string | undefined {
  const kind = (value: unknown): string => (Array.isArray(value) ? "a list" : typeof value === "number" ? "a number" : typeof value === "boolean" ? "true or false" : "a string");
  if (Array.isArray(current) !== Array.isArray(next) || (!Array.isArray(current) && typeof current !== typeof next)) {
    return `the rule's value is ${kind(current)} (${JSON.stringify(current)}); ${JSON.stringify(next)} is ${kind(next)}`;
  }
  if (Array.isArray(current) && Array.isArray(next) && current.length > 0) {
    const types = new Set(current.map((item) => typeof item));
    const odd = next.find((item) => !types.has(typeof item));
    if (odd !== undefined) return `the rule's list holds ${[...types].join(" and ")}s (${JSON.stringify(current)}); ${JSON.stringify(odd)} is not one`;
  }
  return undefined;
}

/** The config a command runs with: `--config <file>`, none for `--no-config`, else the one found upward. */
export function configFromFlag(flag: string | false | undefined): LoadedConfig | undefined {
  if (flag === false) return undefined;
  if (flag !== undefined) return loadConfig(flag);
  const found = findConfig(process.cwd());
  return found === undefined ? undefined : loadConfig(found);
}
