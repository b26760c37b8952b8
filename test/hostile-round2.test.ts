import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/report/model.js";
import { szcheck, tempFiles } from "./helpers.js";

// Issue 15 (hardening, round 2): each test reproduces one reported failure. The promise kept: a
// bad record or file is an input error with its place (exit 2), the rest of the batch is still
// checked and reported, and nothing the user owns is overwritten.
const goodRecord = { kind: "enterprise", creditCode: "91440300MA5F0L7K29", name: "深圳市同创勘察设计研究院有限公司", type: "survey-design", techLeader: true, fiscalYear: 2023, revenueCny: 100000000, rdExpenseCny: 4000000 };
const good = tempFiles({ "good.json": JSON.stringify(goodRecord) });
const goodFile = join(good, "good.json");

function run(args: string[], options: Parameters<typeof szcheck>[1] = {}) {
  const result = szcheck([...args, "--as-of", "2024-06-30"], options);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
  return result;
}
const reportOf = (stdout: string): Report => JSON.parse(stdout) as Report;
const goodChecked = (report: Report): boolean => [...report.results].some((r) => r.subject.id === goodRecord.creditCode) || report.summary.records >= 1;

describe("one bad record never takes the batch down (item 1)", () => {
  it("a record with 150,000 unknown keys is one located error with the first 20 problems, and the good file is checked", () => {
    const keys = Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, 1]));
    const dir = tempFiles({ "wide.json": JSON.stringify({ ...goodRecord, creditCode: "91350100M000100Y43", ...keys }) });
    const result = run(["check", join(dir, "wide.json"), goodFile, "--format", "json"]);
    expect(result.code).toBe(2);
    const report = reportOf(result.stdout);
    expect(report.errors).toHaveLength(21);
    expect(report.errors[20]!.message).toBe("and 149,980 more problems in this record (the first 20 are listed)");
    expect(report.summary.records).toBe(1);
  }, 60_000);
});

describe("a run that checked no record says so (item 10)", () => {
  it("an empty NDJSON alone: exit 2 and a line on stderr; --allow-empty: exit 0", () => {
    const strict = run(["check", "test/hostile/empty.ndjson"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain("no record was checked");
    const allowed = run(["check", "test/hostile/empty.ndjson", "--allow-empty"]);
    expect(allowed.code).toBe(0);
  });

  it("--skip-invalid when every record was invalid: exit 2, not 0", () => {
    const dir = tempFiles({ "bad.json": JSON.stringify({ kind: "enterprise" }) });
    const result = run(["check", join(dir, "bad.json"), "--skip-invalid", "--format", "json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no record was checked (every record was invalid");
  });

  it("--skip-invalid with one good record still exits by the findings", () => {
    const dir = tempFiles({ "bad.json": JSON.stringify({ kind: "enterprise" }) });
    writeFileSync(join(dir, "good.json"), JSON.stringify(goodRecord));
    const result = run(["check", dir, "--skip-invalid", "--format", "json", "--fail-on", "none"]);
    expect(result.code).toBe(0);
    expect(goodChecked(reportOf(result.stdout))).toBe(true);
  });
});
