import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

/**
 * Every YAML file of the rule packs, fixtures and examples begins with a yaml-language-server
 * modeline pointing (by a relative path) at the schema that fits it, so that an editor checks it
 * as it is typed. JSON files cannot hold comments and are left out.
 */

const folders = ["rules", "fixtures", "docs/examples", "seeds"];

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** The schema a file should name: from its name, its folder and the kind of record it holds. */
function expectedSchema(file: string): string {
  if (/\.test\.ya?ml$/.test(file)) return "rule-test";
  if (file.endsWith(".szmap.yaml")) return "map";
  const value = parse(readFileSync(file, "utf8")) as unknown;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    if ("id" in value && "subject" in value) return "rule";
    if ("policy" in value && "parts" in value) return "clauses";
  }
  const records = Array.isArray(value) ? value : [value];
  const kinds = [...new Set(records.map((record) => (record as { kind?: unknown } | null)?.kind))];
  expect(kinds, `${relative(repoRoot, file)} holds records of one kind`).toHaveLength(1);
  return Array.isArray(value) ? `${String(kinds[0])}-list` : String(kinds[0]);
}

describe("yaml-language-server modelines", () => {
  const files = folders.flatMap((folder) => yamlFilesUnder(join(repoRoot, folder)));

  it("finds the files", () => {
    expect(files.filter((file) => file.includes(`${join(repoRoot, "rules")}`)).length).toBeGreaterThan(10);
    expect(files.some((file) => file.includes(join(repoRoot, "fixtures")))).toBe(true);
  });

  for (const file of files) {
    const shown = relative(repoRoot, file);
    it(`${shown} begins with a modeline naming the right schema`, () => {
      const first = readFileSync(file, "utf8").split("\n")[0] ?? "";
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(match, `${shown}: the first line should be "# yaml-language-server: $schema=<relative path>"`).not.toBeNull();
      const target = match![1]!;
      expect(target.startsWith("/") || /^[a-z]+:/.test(target), `${shown}: the schema path should be relative`).toBe(false);
      expect(resolve(dirname(file), target)).toBe(join(repoRoot, "schemas", `${expectedSchema(file)}.schema.json`));
    });
  }
});
