import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, szcheck, tempFiles } from "./helpers.js";

const modeline = (text: string): string => /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1] ?? "";

describe("szcheck init", () => {
  it("prints a project template that szcheck check accepts (exit 0 or 1, never 2)", () => {
    const run = szcheck(["init", "project"]);
    expect(run.code).toBe(0);
    expect(resolve(repoRoot, modeline(run.stdout))).toBe(join(repoRoot, "schemas", "project.schema.json"));
    expect(run.stdout).toContain("# 所在区 / district\n#   可选 one of: futian 福田 | luohu 罗湖");
    const check = szcheck(["check", "-", "--as-of", "2024-06-30"], { input: run.stdout });
    expect([0, 1]).toContain(check.code);
    expect(check.stderr).toBe("");
  });

  it("writes an enterprise template to a file, with the schema path from the file's folder", () => {
    const dir = tempFiles({});
    const file = join(dir, "enterprise.yaml");
    const run = szcheck(["init", "enterprise", file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    const text = readFileSync(file, "utf8");
    expect(resolve(dirname(file), modeline(text))).toBe(join(repoRoot, "schemas", "enterprise.schema.json"));
    expect(text).toContain('creditCode: "914403001922012340"');
    expect([0, 1]).toContain(szcheck(["check", file, "--as-of", "2024-06-30"]).code);
  });

  it("refuses to overwrite a file unless --force, and exits 2 for an unknown kind", () => {
    const dir = tempFiles({ "filing.yaml": "mine\n" });
    const file = join(dir, "filing.yaml");
    const refused = szcheck(["init", "project", file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${file}: the file exists: not overwritten\n  hint: choose another name, or pass --force to overwrite it`);
    expect(readFileSync(file, "utf8")).toBe("mine\n");
    expect(szcheck(["init", "project", file, "--force"]).code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/^# yaml-language-server/);
    const kind = szcheck(["init", "building"]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('no template for "building"');
    expect(existsSync(join(dir, "building"))).toBe(false);
  });

  it("has help with examples", () => {
    const run = szcheck(["init", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("$ szcheck init project > filing.yaml");
  });
});
