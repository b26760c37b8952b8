import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtInRulesDir } from "../src/package-root.js";
import { clauseIndexFile } from "../src/rules/clauses.js";
import { loadRuleFile, loadRulePacks, ruleFilesIn } from "../src/rules/load.js";
import { prebuiltRules, prebuiltSettings, writePrebuiltPack, type PrebuiltSettings } from "../src/rules/prebuilt.js";
import { repoRoot, szcheck } from "./helpers.js";

/**
 * The prebuilt rule pack (src/rules/prebuilt.ts, written by scripts/build.mjs) must give exactly
 * what reading the YAML gives, and must not be used once the YAML has changed.
 */

/** Deep equality that also compares key order and prototypes, and numbers with Object.is. */
function identical(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  return keys.length === other.length && keys.every((key, i) => key === other[i] && identical((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

let snapshot: string;
let rulesDir: string;
let saved: PrebuiltSettings;

beforeEach(() => {
  // A copy of the built-in rules, so that edits to rules/ while the tests run change nothing here.
  snapshot = mkdtempSync(join(tmpdir(), "szcheck-prebuilt-"));
  rulesDir = join(snapshot, "rules");
  cpSync(builtInRulesDir(), rulesDir, { recursive: true });
  saved = { ...prebuiltSettings };
  Object.assign(prebuiltSettings, { buildId: "test-build", packFile: () => join(snapshot, "builtin-pack.json"), rulesDir: () => rulesDir, clauseFile: clauseIndexFile });
});

afterEach(() => {
  Object.assign(prebuiltSettings, saved);
  rmSync(snapshot, { recursive: true, force: true });
});

const write = (): ReturnType<typeof writePrebuiltPack> => writePrebuiltPack("test-build", ruleFilesIn, (file) => loadRuleFile(file));

describe("the prebuilt rule pack", () => {
  it("gives the same LoadedRule objects and rulesetHash as reading the YAML", () => {
    const fromYaml = (() => {
      const buildId = prebuiltSettings.buildId;
      prebuiltSettings.buildId = undefined;
      try {
        return loadRulePacks([rulesDir]);
      } finally {
        prebuiltSettings.buildId = buildId;
      }
    })();
    expect(write()).toMatchObject({ written: true, rules: ruleFilesIn(rulesDir).length });
    // The pack is used (not the YAML) …
    expect(prebuiltRules(rulesDir, ruleFilesIn(rulesDir))).toHaveLength(ruleFilesIn(rulesDir).length);
    const fromPack = loadRulePacks([rulesDir]);
    // … and gives the very same rules, key order, prototypes and all, and the same hash.
    expect(fromPack.rules.length).toBeGreaterThan(30);
    expect(fromPack.hash).toBe(fromYaml.hash);
    expect(fromPack).toStrictEqual(fromYaml);
    expect(identical(fromPack, fromYaml)).toBe(true);
    expect(JSON.stringify(fromPack)).toBe(JSON.stringify(fromYaml));
  });

  it("is not used once a rule file changes, appears or goes, or for another build or folder", () => {
    write();
    const files = ruleFilesIn(rulesDir);
    expect(prebuiltRules(rulesDir, files)).toBeDefined();

    expect(prebuiltRules(join(snapshot, "elsewhere"), files)).toBeUndefined();
    expect(prebuiltRules(rulesDir, files, { ...prebuiltSettings, buildId: "another-build" })).toBeUndefined();
    expect(prebuiltRules(rulesDir, files, { ...prebuiltSettings, buildId: undefined })).toBeUndefined();
    process.env.SZCHECK_PREBUILT_PACK = "off";
    try {
      expect(prebuiltRules(rulesDir, files)).toBeUndefined();
    } finally {
      delete process.env.SZCHECK_PREBUILT_PACK;
    }

    appendFileSync(files[0]!, "\n# edited\n");
    expect(prebuiltRules(rulesDir, files)).toBeUndefined();
    // The edited rule is read from its YAML, with its new text in the hash.
    expect(loadRulePacks([rulesDir]).rules.find((rule) => rule.file.endsWith(files[0]!.split("/").at(-1)!))?.text).toContain("# edited");
    write();
    expect(prebuiltRules(rulesDir, files)).toBeDefined();

    const extra = join(rulesDir, "zz-extra.yaml");
    writeFileSync(extra, readFileSync(files[0]!, "utf8"));
    expect(prebuiltRules(rulesDir, ruleFilesIn(rulesDir))).toBeUndefined();
    rmSync(extra);
    rmSync(files[1]!);
    expect(prebuiltRules(rulesDir, ruleFilesIn(rulesDir))).toBeUndefined();
  });

  it("sees an edit that keeps a file's size, and is still used for a file only touched", () => {
    write();
    const files = ruleFilesIn(rulesDir);
    const text = readFileSync(files[2]!, "utf8");
    const touched = new Date(Date.now() + 60_000);
    utimesSync(files[2]!, touched, touched);
    expect(prebuiltRules(rulesDir, files)?.[2]?.text).toBe(text);
    const sameSize = text.replace(/e/, "E");
    expect(sameSize).not.toBe(text);
    expect(Buffer.byteLength(sameSize)).toBe(Buffer.byteLength(text));
    writeFileSync(files[2]!, sameSize);
    utimesSync(files[2]!, touched, touched);
    expect(prebuiltRules(rulesDir, files)).toBeUndefined();
  });

  it("is not used when the clause index the rules were checked against changes", () => {
    const clauses = join(snapshot, "clauses.yaml");
    cpSync(clauseIndexFile(), clauses);
    prebuiltSettings.clauseFile = () => clauses;
    write();
    expect(prebuiltRules(rulesDir, ruleFilesIn(rulesDir))).toBeDefined();
    appendFileSync(clauses, "\n# edited\n");
    expect(prebuiltRules(rulesDir, ruleFilesIn(rulesDir))).toBeUndefined();
  });

  it("is not written when a rule does not load, and an old one is removed", () => {
    write();
    expect(existsSync(prebuiltSettings.packFile())).toBe(true);
    writeFileSync(join(rulesDir, "broken.yaml"), "id: broken\n");
    expect(write()).toMatchObject({ written: false });
    expect(existsSync(prebuiltSettings.packFile())).toBe(false);
  });
});

describe("the built CLI", () => {
  const run = (env: Record<string, string>) => szcheck(["check", join(snapshot, "fixtures"), "--format", "json", "--as-of", "2024-06-30", "--lang", "en", "--no-config"], { env });

  it("was built with a prebuilt pack and a bundle of the same build", async () => {
    const read = () => [/^\/\/ szcheck build (\S+)/.exec(readFileSync(join(repoRoot, "dist", "szcheck.cjs"), "utf8"))?.[1], (JSON.parse(readFileSync(join(repoRoot, "dist", "builtin-pack.json"), "utf8")) as { buildId: string }).buildId];
    let [bundle, pack] = read();
    // Someone else's build may be half-way (the bundle is written before the pack).
    if (bundle !== pack) await new Promise((resolve) => setTimeout(resolve, 3000));
    [bundle, pack] = read();
    expect(bundle).toBeDefined();
    expect(pack).toBe(bundle);
  });

  it("reports the same with and without the prebuilt pack and the code cache, and caches only in a private folder", () => {
    const cache = mkdtempSync(join(tmpdir(), "szcheck-cache-test-"));
    cpSync(join(repoRoot, "fixtures", "demo"), join(snapshot, "fixtures"), { recursive: true });
    try {
      const plain = run({ SZCHECK_PREBUILT_PACK: "off", SZCHECK_COMPILE_CACHE: "off" });
      expect(plain.code).toBe(1);
      const first = run({ SZCHECK_CACHE_DIR: cache });
      expect(readdirSync(cache).filter((name) => name.endsWith(".v8cache"))).toHaveLength(1);
      const second = run({ SZCHECK_CACHE_DIR: cache });
      for (const other of [first, second]) {
        expect(other.code).toBe(plain.code);
        expect(other.stderr).toBe(plain.stderr);
        expect(other.stdout).toBe(plain.stdout);
      }
      // Data V8 cannot use is rejected and rewritten; the run is the same.
      const [cached] = readdirSync(cache).filter((name) => name.endsWith(".v8cache"));
      writeFileSync(join(cache, cached!), Buffer.from([1, 1, 2, 3, 4, 5, 6, 7, 8]));
      expect(run({ SZCHECK_CACHE_DIR: cache }).stdout).toBe(plain.stdout);
      expect(statSync(join(cache, cached!)).size).toBeGreaterThan(1000);
      // A folder others can write to is not used.
      if (typeof process.getuid === "function") {
        const open = join(cache, "open");
        mkdirSync(open);
        chmodSync(open, 0o777);
        expect(run({ SZCHECK_CACHE_DIR: open }).stdout).toBe(plain.stdout);
        expect(readdirSync(open)).toStrictEqual([]);
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
