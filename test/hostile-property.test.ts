import fc from "fast-check";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/program.js";
import type { CliIo } from "../src/cli/io.js";
import type { Report } from "../src/model/report.js";
import { tempFiles } from "./helpers.js";

// Issue 15, "Done when": random bytes, random CSV headers and random JSON shapes, through every
// reader, beside one good record. Whatever the hostile file holds: no crash and no stack trace,
// exit 0, 1 or 2, a JSON report, and the good record checked.
const goodRecord = { kind: "enterprise", creditCode: "91440300MA5F0L7K29", name: "深圳市同创勘察设计研究院有限公司", type: "survey-design", techLeader: true, fiscalYear: 2023, revenueCny: 100000000, rdExpenseCny: 4000000 };

async function checkBeside(name: string, content: string | Uint8Array, stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = tempFiles({ "good.json": JSON.stringify(goodRecord) });
  if (name !== "-") writeFileSync(join(dir, name), content);
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += typeof text === "string" ? text : Buffer.from(text).toString("utf8")),
    stderr: (text) => void (stderr += text),
    readStdin: async () => stdin,
    env: {},
    stdoutColor: false,
  };
  try {
    const code = await runCli(["check", join(dir, "good.json"), name === "-" ? "-" : join(dir, name), "--format", "json", "--as-of", "2024-06-30", "--no-config"], io);
    return { code, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectSurvived(run: { code: number; stdout: string; stderr: string }): void {
  expect([0, 1, 2]).toContain(run.code);
  expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
  const report = JSON.parse(run.stdout) as Report;
  expect(report.summary.records).toBeGreaterThanOrEqual(1);
  expect(report.errors.every((error) => !error.file.endsWith("good.json"))).toBe(true);
}

const extensions = [".json", ".yaml", ".yml", ".ndjson", ".csv", ".xlsx"];
const settings = { numRuns: 40, endOnFailure: true };

describe("hostile files never take the run down (property)", () => {
  it("random bytes, under every reader's extension", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...extensions), fc.uint8Array({ maxLength: 2048 }), async (extension, bytes) => {
        expectSurvived(await checkBeside(`hostile${extension}`, bytes));
      }),
      settings,
    );
  }, 300_000);

  it("random text on standard input", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value))), async (text) => expectSurvived(await checkBeside("-", "", text))), settings);
  }, 300_000);

  it("random CSV headers and cells", async () => {
    const segment = fc.oneof(fc.constantFrom("kind", "creditCode", "name", "buildings", "0", "999999", "id", "__proto__", "constructor", "名称", "企业名称", "safety", "safetyDirector", ""), fc.nat({ max: 2_000_000 }).map(String), fc.string({ maxLength: 6 }));
    const header = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("."));
    const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("enterprise", "project", "1,5", "1.234,56", "是", "否", "", "=1+1"));
    const csv = fc.array(header, { minLength: 1, maxLength: 8 }).chain((headers) =>
      fc.array(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), { maxLength: 4 }).map((rows) => [headers, ...rows].map((row) => row.map((value) => `"${value.replaceAll('"', '""')}"`).join(",")).join("\n")),
    );
    await fc.assert(fc.asyncProperty(csv, async (text) => expectSurvived(await checkBeside("hostile.csv", text))), settings);
  }, 300_000);

  it("random JSON shapes, as a JSON file, an NDJSON line and a YAML document", async () => {
    const shape = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ kind: fc.constantFrom("enterprise", "project", "企业"), creditCode: fc.string(), name: fc.jsonValue({ maxDepth: 2 }), buildings: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) }, { requiredKeys: ["kind"] }),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 30 }).map((extra) => ({ ...goodRecord, creditCode: "91350100M000100Y43", ...extra })),
    );
    await fc.assert(
      fc.asyncProperty(shape, fc.constantFrom(".json", ".ndjson", ".yaml"), async (value, extension) => {
        const text = extension === ".ndjson" ? `${JSON.stringify(value)}\n${JSON.stringify(value)}` : JSON.stringify(value, null, 1);
        expectSurvived(await checkBeside(`hostile${extension}`, text));
      }),
      settings,
    );
  }, 300_000);
});
