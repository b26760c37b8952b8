import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintChecks } from "../src/authoring/lint.js";
import { repoRoot, szcheck, type CliRun } from "./helpers.js";

/**
 * docs/authoring.md is run as written: its files (```yaml title="path") are written to a scratch
 * folder in the order they appear, and must be the files of docs/examples/; its commands
 * (```sh, one a line, "# exits N" for an exit code other than 0) are run on the built binary
 * there; and every line of the ```text block after a command block must appear in the output, in
 * order (… stands for lines left out).
 */

const doc = readFileSync(join(repoRoot, "docs", "authoring.md"), "utf8");

interface Block {
  lang: string;
  title: string | undefined;
  body: string;
}

function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^```(\w*)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const title = /title="([^"]+)"/.exec(match[2] ?? "")?.[1];
    blocks.push({ lang: match[1] ?? "", title, body: match[3] ?? "" });
  }
  return blocks;
}

interface Step {
  files: Array<{ path: string; body: string }>;
  commands: Array<{ line: string; args: string[]; exit: number }>;
  expected: string[];
}

/** The doc as steps: the files written before a command block, its commands, and their expected output. */
function stepsOf(blocks: Block[]): Step[] {
  const steps: Step[] = [];
  let files: Step["files"] = [];
  for (const [index, block] of blocks.entries()) {
    if (block.title !== undefined) files.push({ path: block.title, body: block.body });
    if (block.lang !== "sh") continue;
    const commands = block.body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => {
        const [command = "", comment = ""] = line.split(/\s+#\s*/);
        const args = command.split(/\s+/);
        expect(args[0], `a command of docs/authoring.md: ${line}`).toBe("szcheck");
        return { line, args: args.slice(1), exit: Number(/exits? (\d)/.exec(comment)?.[1] ?? 0) };
      });
    const next = blocks[index + 1];
    const expected = next?.lang === "text" ? next.body.split("\n").filter((line) => line.trim() !== "" && line.trim() !== "…") : [];
    steps.push({ files, commands, expected });
    files = [];
  }
  return steps;
}

function expectLinesInOrder(output: string, expected: string[], context: string): void {
  const lines = output.split("\n").map((line) => line.trimEnd());
  let at = 0;
  for (const want of expected) {
    const found = lines.findIndex((line, index) => index >= at && line.includes(want.trim()));
    expect(found, `${context}: expected, in order, the line\n  ${want}\nin the output:\n${output}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

describe("docs/authoring.md runs as written", () => {
  const blocks = blocksOf(doc);
  const steps = stepsOf(blocks);

  it("has files, commands and expected output", () => {
    expect(steps.length).toBeGreaterThanOrEqual(6);
    expect(steps.flatMap((step) => step.files).map((file) => file.path)).toEqual(
      expect.arrayContaining(["district-pack/futian-key-area-green-star.yaml", "district-pack/futian-key-area-green-star.test.yaml", "filings/futian-library.yaml"]),
    );
    const run = steps.flatMap((step) => step.commands.map((command) => command.args[0]));
    expect(run).toEqual(expect.arrayContaining(["rules", "explain", "check", "init"]));
  });

  it("shows the files of docs/examples/ as they are", () => {
    for (const file of steps.flatMap((step) => step.files)) {
      expect(file.body, `docs/examples/${file.path}`).toBe(readFileSync(join(repoRoot, "docs", "examples", file.path), "utf8"));
    }
  });

  it("runs every command with the exit code and the output it shows", () => {
    const dir = mkdtempSync(join(tmpdir(), "szcheck-tutorial-"));
    for (const step of steps) {
      for (const file of step.files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.body);
      }
      let output = "";
      for (const command of step.commands) {
        const run: CliRun = szcheck(command.args, { cwd: dir });
        expect(run.code, `${command.line}\n${run.stdout}${run.stderr}`).toBe(command.exit);
        output += run.stdout + run.stderr;
      }
      expectLinesInOrder(output, step.expected, step.commands.map((c) => c.line).join("; "));
    }
  });

  it("lists every lint check with its severity", () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual(Object.entries(lintChecks).map(([id, check]) => [id, check.severity]));
  });
});
