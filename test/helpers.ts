import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..");
const binary = join(repoRoot, "bin", "szcheck.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/szcheck.js) as a user would, without a terminal and without colour. */
export function szcheck(args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [binary, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? "",
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { PATH: process.env.PATH, LANG: "en_US.UTF-8", ...options.env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder holding the given files. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "szcheck-test-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A valid 统一社会信用代码 for each i (the check character computed as GB 32100 says): records that differ only in number. */
export function creditCode(i: number): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `9144030007${String(i).padStart(7, "0")}`;
  const sum = [...body].reduce((total, char, index) => total + alphabet.indexOf(char) * weights[index]!, 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}
