import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { packageRoot } from "../package-root.js";
import { clauseIndexFile } from "./clauses.js";
import type { LoadedRule } from "./loaded-rule.js";
import { displayPath } from "../display-path.js";
import type { RuleDefinition, Severity } from "./schema.js";

/**
 * The built-in rule pack, validated at build time: `scripts/build.mjs` writes
 * dist/builtin-pack.json with each built-in rule as loadRuleFile gives it (the zod output) and a
 * hash of the YAML it came from (the rule files, their names, and the clause index they were
 * checked against). The CLI bundle then loads the built-in rules from it instead of parsing YAML
 * and running zod, as long as the YAML still hashes the same; otherwise, or when the pack is
 * missing, unreadable, or from another build, the rules load from YAML as before. Parsing and
 * validating the YAML costs a hundred milliseconds. The pack also keeps each file's text, size
 * and modification time: while every file's size and time are those the build saw, the texts
 * come from the pack and no file is read (reading and hashing them was a tenth of a small
 * check's own work); when one differs (a checkout, a copy, an edit), the files are read and
 * hashed, and the pack is still used if their texts are unchanged.
 *
 * Only the bundle that wrote the pack uses it (its build id is compiled into the bundle): code
 * run from src/ (tests, tsx) always reads YAML, so a schema change never meets a stale pack.
 * SZCHECK_PREBUILT_PACK=off turns the pack off.
 */

/** Set by scripts/build.mjs (esbuild `define`) in the CLI bundle; undeclared anywhere else. */
declare const __SZCHECK_BUILD_ID__: string | undefined;

const FORMAT = 2;

/** A source file's size and modification time, as the build saw them. */
interface Stamp {
  size: number;
  mtimeMs: number;
}

interface PackFile {
  format: typeof FORMAT;
  buildId: string;
  /** sha256 over the rule files' names and texts and the clause index's text. */
  sourceHash: string;
  /** One entry per rule file, in the order of ruleFilesIn. */
  rules: Array<{ name: string; definition: RuleDefinition; severity: Severity; paramValues: Record<string, unknown>; text: string; stamp: Stamp }>;
  clauseStamp: Stamp;
}

export interface PrebuiltSettings {
  /** The build id the pack must carry; undefined: no pack is used. */
  buildId: string | undefined;
  packFile: () => string;
  rulesDir: () => string;
  clauseFile: () => string;
}

/** Where the pack is and which build may use it; tests point it elsewhere. */
export const prebuiltSettings: PrebuiltSettings = {
  buildId: typeof __SZCHECK_BUILD_ID__ === "string" ? __SZCHECK_BUILD_ID__ : undefined,
  packFile: () => join(packageRoot(), "dist", "builtin-pack.json"),
  rulesDir: () => join(packageRoot(), "rules"),
  clauseFile: clauseIndexFile,
};

/** The hash a pack records: over the rule files' names and texts, and the clause index's text. */
function sourceHashOf(ruleTexts: Array<[name: string, text: string]>, clauseText: string): string {
  const hash = createHash("sha256");
  hash.update(`szcheck builtin pack ${FORMAT}\0`);
  for (const [name, text] of ruleTexts) hash.update(`${name}\0${text}\0`);
  hash.update(`clauses\0${clauseText}`);
  return hash.digest("hex");
}

let cached: { file: string; pack: PackFile | undefined } | undefined;

function readPack(file: string): PackFile | undefined {
  if (cached?.file === file) return cached.pack;
  let pack: PackFile | undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<PackFile> | null;
    pack = parsed !== null && parsed.format === FORMAT && Array.isArray(parsed.rules) ? (parsed as PackFile) : undefined;
  } catch {
    pack = undefined;
  }
  cached = { file, pack };
  return pack;
}

/**
 * The rules of `files` (the rule files of `dir`, as ruleFilesIn lists them) from the prebuilt
 * pack, the same LoadedRule objects loadRuleFile would give; undefined when the pack cannot be
 * used for them: not the built-in folder, no pack for this build, or YAML changed since.
 */
export function prebuiltRules(dir: string, files: string[], settings: PrebuiltSettings = prebuiltSettings): LoadedRule[] | undefined {
  if (settings.buildId === undefined || process.env.SZCHECK_PREBUILT_PACK === "off") return undefined;
  if (resolve(dir) !== resolve(settings.rulesDir())) return undefined;
  const pack = readPack(settings.packFile());
  if (pack === undefined || pack.buildId !== settings.buildId || pack.rules.length !== files.length) return undefined;
  if (files.some((file, i) => basename(file) !== pack.rules[i]!.name)) return undefined;
  const texts = unchanged(files, pack, settings) ? pack.rules.map((entry) => entry.text) : textsIfSame(files, pack, settings);
  if (texts === undefined) return undefined;
  return pack.rules.map((entry, i) => ({ definition: entry.definition, file: displayPath(files[i]!), severity: entry.severity, paramValues: entry.paramValues, text: texts[i]! }));
}

/** Whether every source file has the size and modification time the build saw. */
function unchanged(files: string[], pack: PackFile, settings: PrebuiltSettings): boolean {
  try {
    return sameStamp(stampOf(settings.clauseFile()), pack.clauseStamp) && files.every((file, i) => sameStamp(stampOf(file), pack.rules[i]!.stamp));
  } catch {
    return false;
  }
}

/** The rule files' texts, read, when they and the clause index hash as the build's did. */
function textsIfSame(files: string[], pack: PackFile, settings: PrebuiltSettings): string[] | undefined {
  try {
    const texts = files.map((file): [string, string] => [basename(file), readFileSync(file, "utf8")]);
    return sourceHashOf(texts, readFileSync(settings.clauseFile(), "utf8")) === pack.sourceHash ? texts.map(([, text]) => text) : undefined;
  } catch {
    return undefined;
  }
}

function stampOf(file: string): Stamp {
  const { size, mtimeMs } = statSync(file);
  return { size, mtimeMs };
}

const sameStamp = (a: Stamp, b: Stamp | undefined): boolean => b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;

/** Deep equality that tells apart what JSON would lose: undefined members, -0, NaN, key order, prototypes. */
function survivesJson(value: unknown, copy: unknown): boolean {
  if (typeof value !== "object" || value === null) return Object.is(value, copy) && (typeof value !== "number" || Number.isFinite(value));
  if (typeof copy !== "object" || copy === null || Object.getPrototypeOf(value) !== Object.getPrototypeOf(copy)) return false;
  const keys = Object.keys(value);
  const copyKeys = Object.keys(copy);
  if (keys.length !== copyKeys.length || Object.getOwnPropertySymbols(value).length > 0) return false;
  return keys.every((key, i) => key === copyKeys[i] && survivesJson((value as Record<string, unknown>)[key], (copy as Record<string, unknown>)[key]));
}

/**
 * Writes the pack of the built-in rules for the bundle of build `buildId` (scripts/build.mjs calls
 * this). The rules are loaded the normal way, by `loadRuleFile`, on the files `listFiles` gives.
 * Returns what was done; a pack that cannot be written exactly (a rule that does not load, or a
 * value JSON cannot carry) is not written, and any old one is removed: the CLI then reads YAML.
 */
export function writePrebuiltPack(
  buildId: string,
  listFiles: (dir: string) => string[],
  loadRuleFile: (file: string) => LoadedRule,
  settings: PrebuiltSettings = prebuiltSettings,
): { written: boolean; rules: number; reason?: string } {
  const out = settings.packFile();
  rmSync(out, { force: true });
  try {
    const files = listFiles(settings.rulesDir());
    const texts: Array<[string, string]> = [];
    const rules: PackFile["rules"] = [];
    for (const file of files) {
      const stamp = stampOf(file);
      const rule = loadRuleFile(file);
      const name = basename(file);
      texts.push([name, rule.text]);
      const entry = { name, definition: rule.definition, severity: rule.severity, paramValues: rule.paramValues, text: rule.text, stamp };
      if (!survivesJson(entry, JSON.parse(JSON.stringify(entry)))) return { written: false, rules: 0, reason: `${name} holds a value JSON cannot carry exactly` };
      rules.push(entry);
    }
    const clauseStamp = stampOf(settings.clauseFile());
    const pack: PackFile = { format: FORMAT, buildId, sourceHash: sourceHashOf(texts, readFileSync(settings.clauseFile(), "utf8")), rules, clauseStamp };
    writeFileSync(`${out}.tmp`, JSON.stringify(pack));
    renameSync(`${out}.tmp`, out);
    cached = undefined;
    return { written: true, rules: rules.length };
  } catch (error) {
    return { written: false, rules: 0, reason: error instanceof Error ? error.message : String(error) };
  }
}
