import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { findingOutcomes, resultEntrySchema, type ReportDocument } from "../src/model/report.js";
import { szcheck, tempFiles } from "./helpers.js";
import { batchFile } from "./support/demo-batch.js";

/**
 * Report version 2 (docs/report.md): findings listed, the rest counted; a rules table; compact
 * JSON to pipes; the ndjson format; and the same bytes whatever the number of worker threads.
 * Totals come from each run itself, not from the demo's figures (the rule pack moves).
 */

/** The batch's lines that are records: all but the line that is not JSON and the one nested too deep. */
const recordsIn = (file: string): number => readFileSync(file, "utf8").trimEnd().split("\n").length - 2;

const asOf = ["--as-of", "2024-06-30", "--lang", "en"];

describe("report version 2", () => {
  it("lists the findings, counts every outcome overall and per rule, and describes each rule once", () => {
    const findings = szcheck(["check", "fixtures/demo", ...asOf, "--format", "json"]);
    const all = szcheck(["check", "fixtures/demo", ...asOf, "--format", "json", "--results", "all"]);
    const listed = JSON.parse(findings.stdout) as ReportDocument;
    const everything = JSON.parse(all.stdout) as ReportDocument;
    expect(findings.code).toBe(all.code);
    expect(listed.reportVersion).toBe(2);
    expect([listed.listed, everything.listed]).toEqual(["findings", "all"]);
    // The same counts either way; only the list differs.
    expect(listed.summary).toEqual(everything.summary);
    expect(listed.results).toEqual(everything.results.filter((result) => findingOutcomes.includes(result.outcome)));
    expect(listed.results.some((result) => result.outcome === "pass" || result.outcome === "not-applicable")).toBe(false);
    expect(everything.results.some((result) => result.outcome === "pass")).toBe(true);
    // Per rule, the counts are those of every result of the rule.
    for (const rule of everything.rules) {
      const own = everything.results.filter((result) => result.ruleId === rule.id);
      const counts = everything.summary.byRule[rule.id]!;
      expect(counts.pass + counts.fail + counts.notApplicable + counts.incomplete + counts.waived + counts.computed, rule.id).toBe(own.length);
      expect(counts.notApplicable, rule.id).toBe(own.filter((result) => result.outcome === "not-applicable").length);
    }
    expect(listed.rules.map((rule) => rule.id)).toEqual(Object.keys(listed.summary.byRule));
    // Results name their rule and assumptions; the rule's clause and parameters are in the table.
    const assumed = listed.results.find((result) => result.assumptions.some((item) => typeof item === "string"))!;
    const rule = listed.rules.find((entry) => entry.id === assumed.ruleId)!;
    expect(rule.clause).not.toBe("");
    for (const name of assumed.assumptions) if (typeof name === "string") expect(rule.params[name]?.why, name).toEqual(expect.any(String));
    expect(assumed).not.toHaveProperty("clause");
  });

  it("is compact in a pipe or file, one result a line", () => {
    const run = szcheck(["check", "fixtures/demo", ...asOf, "--format", "json"]);
    const report = JSON.parse(run.stdout) as ReportDocument;
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(report.results.length + 2);
    expect(run.stdout).not.toMatch(/\n /);
    expect(lines.slice(1, -1).map((line) => JSON.parse(line.replace(/,$/, "")) as unknown)).toEqual(report.results);
  });

  it("shows records with findings in the text report, and every record with --results all", () => {
    const dir = tempFiles({
      "clean.json": JSON.stringify({ kind: "enterprise", creditCode: "91440300MA5G4R6W85", name: "无问题企业", type: "construction", techLeader: false, fiscalYear: 2023, employees: 60, safety: { safetyDirector: true } }),
      "missing.json": JSON.stringify({ kind: "enterprise", creditCode: "91440300MA5F0L7K29", name: "缺安全总监企业", type: "construction", techLeader: false, fiscalYear: 2023, employees: 60, safety: { safetyDirector: false } }),
    });
    const only = ["--only", "safety-director", "--no-color", ...asOf];
    const findings = szcheck(["check", dir, ...only]);
    expect(findings.stdout).toContain("缺安全总监企业");
    expect(findings.stdout).not.toContain("无问题企业");
    expect(findings.stdout).toMatch(/1 failed · 0 incomplete · 1 passed/);
    const all = szcheck(["check", dir, ...only, "--results", "all"]);
    expect(all.stdout).toContain("无问题企业");
    expect(all.stdout).toContain("✔ 1 passed · 0 not applicable");
  });
});

describe("--format ndjson", () => {
  it("is read back by DuckDB: one result a line, the same results as the JSON report lists", async () => {
    const file = batchFile();
    const dir = tempFiles({});
    for (const listing of ["findings", "all"]) {
      const ndjson = join(dir, `${listing}.ndjson`);
      const run = szcheck(["check", file, ...asOf, "--results", listing, "--format", `ndjson=${ndjson}`, "--format", "json", "--skip-invalid"]);
      expect(run.code, run.stderr).toBeLessThan(2);
      const report = JSON.parse(run.stdout) as ReportDocument;
      const text = readFileSync(ndjson, "utf8");
      const lines = text.trimEnd().split("\n");
      expect(lines).toHaveLength(report.results.length);
      expect(lines.map((line) => resultEntrySchema().parse(JSON.parse(line)))).toEqual(report.results);

      const db = await DuckDBInstance.create(":memory:");
      const connection = await db.connect();
      const rows = (await connection.runAndReadAll(`select outcome, count(*)::integer as n from read_json('${ndjson}', format = 'newline_delimited') group by outcome`)).getRowObjects();
      const counted = Object.fromEntries(rows.map((row) => [String(row.outcome), Number(row.n)]));
      const { summary } = report;
      const expected = { fail: summary.fail, incomplete: summary.incomplete, waived: summary.waived, computed: summary.computed, ...(listing === "all" ? { pass: summary.pass, "not-applicable": summary.notApplicable } : {}) };
      expect(counted).toEqual(Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)));
      connection.closeSync();
    }
  }, 120_000);
});

describe("--jobs", () => {
  it("writes every report byte for byte the same with one worker thread or two", () => {
    const file = batchFile();
    const dir = tempFiles({});
    const formats = ["json", "ndjson", "text", "csv", "sarif", "github", "markdown", "junit", "html"];
    const run = (jobs: number): Record<string, string> => {
      const args = ["check", file, ...asOf, "--jobs", String(jobs), ...formats.flatMap((format) => ["--format", `${format}=${join(dir, `${jobs}.${format}`)}`])];
      const result = szcheck(args);
      expect(result.code, result.stderr).toBe(2);
      return Object.fromEntries(formats.map((format) => [format, readFileSync(join(dir, `${jobs}.${format}`), "utf8")]));
    };
    const one = run(1);
    const two = run(2);
    const report = JSON.parse(one.json!) as ReportDocument;
    expect(report.summary.records).toBeGreaterThan(1500);
    // The line that is not JSON, the record without a code, the record nested too deep, each once.
    expect(report.errors.map((error) => error.message)).toEqual([expect.stringMatching(/is not valid JSON/), ...report.errors.slice(1, -1).map(() => expect.any(String)), expect.stringMatching(/nested deeper than 32 levels/)]);
    expect(report.inputs[0]!.records).toBe(recordsIn(file));
    expect(report.results.some((result) => result.subject.kind === "portfolio")).toBe(true);
    for (const format of formats) expect(two[format], format).toBe(one[format]);
  }, 120_000);
});

describe("--baseline with --jobs", () => {
  it("marks the same findings new and unchanged, in every format, with one worker thread or two", () => {
    const lines = readFileSync(batchFile(), "utf8").trimEnd().split("\n").filter((line) => {
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        return record.name !== "no code" && !("deep" in record);
      } catch {
        return false;
      }
    });
    const dir = tempFiles({});
    const input = join(dir, "batch.ndjson");
    const baseline = join(dir, "baseline.json");
    // The baseline of the first half; then the whole batch is checked against it.
    writeFileSync(input, lines.slice(0, Math.floor(lines.length / 2)).join("\n") + "\n");
    const written = szcheck(["check", input, ...asOf, "--write-baseline", baseline, "--format", `json=${join(dir, "old.json")}`]);
    expect(written.code, written.stderr).toBe(0);
    const accepted = (JSON.parse(readFileSync(baseline, "utf8")) as { findings: unknown[] }).findings.length;
    expect(accepted).toBeGreaterThan(0);
    writeFileSync(input, lines.join("\n") + "\n");
    const formats = ["json", "ndjson", "compact", "sarif", "text", "junit"];
    const run = (jobs: number): { code: number; files: Record<string, string> } => {
      const result = szcheck(["check", input, ...asOf, "--jobs", String(jobs), "--baseline", baseline, ...formats.flatMap((format) => ["--format", `${format}=${join(dir, `${jobs}.${format}`)}`])]);
      return { code: result.code, files: Object.fromEntries(formats.map((format) => [format, readFileSync(join(dir, `${jobs}.${format}`), "utf8")])) };
    };
    const one = run(1);
    const two = run(2);
    expect(two.code).toBe(one.code);
    for (const format of formats) expect(two.files[format], format).toBe(one.files[format]);
    const report = JSON.parse(one.files.json!) as ReportDocument;
    const findings = report.results.filter((result) => result.outcome === "fail" || result.outcome === "incomplete");
    expect(findings.every((result) => result.baseline === "new" || result.baseline === "unchanged")).toBe(true);
    expect(report.baseline!.unchanged).toBe(findings.filter((result) => result.baseline === "unchanged").length);
    expect(report.baseline!.new).toBeGreaterThan(0);
    // Each baseline entry matched one finding, or is reported fixed.
    expect(report.baseline!.unchanged + report.baseline!.absent).toBe(accepted);
    const entries = one.files.ndjson!.trimEnd().split("\n").map((line) => resultEntrySchema().parse(JSON.parse(line)));
    expect(entries.filter((entry) => entry.baseline === "unchanged").length).toBe(report.baseline!.unchanged);
    expect(one.files.compact).toContain("[unchanged]");
    expect(one.files.compact).toContain("[new]");
  }, 180_000);
});
