import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import unzipper from "unzipper";
import { stringify } from "yaml";
import { check } from "../src/check.js";
import type { ReportDocument } from "../src/model/report.js";
import type { ResultSpill } from "../src/results/result-spill.js";
import { repoRoot, szcheck, tempFiles } from "./helpers.js";
import { batchLines, demoRecords } from "./support/demo-batch.js";

/**
 * `--jobs 2` writes every report byte for byte as `--jobs 1` does. One thread builds every
 * result whole and passes it through the run's pipeline; worker threads, for a file whose
 * results need nothing more (no waivers, no baseline, no lines to look up), count the outcomes
 * themselves and send the results already encoded. Each case below takes one of those paths,
 * or both in one run, and compares every format.
 */

const asOf = ["--as-of", "2024-06-30", "--lang", "en"];
/** Formats that read the listed results only: the run keeps one spill. */
const listedFormats = ["json", "ndjson", "text", "csv", "sarif", "github", "markdown", "html", "compact"];

interface Outputs {
  code: number;
  stderr: string;
  files: Record<string, Buffer>;
}

/** Runs `check` with --jobs 1 and then with `jobs` (--jobs 2; [] is the default), each writing `formats` into its own folder, and gives both. */
function bothWays(inputs: string[], formats: string[], flags: string[] = [], cwd = repoRoot, jobs = ["--jobs", "2"]): [Outputs, Outputs] {
  const out = tempFiles({});
  const run = (way: 1 | 2, jobsFlags: string[]): Outputs => {
    const dir = join(out, `jobs-${way}`);
    mkdirSync(dir);
    const targets = formats.flatMap((format) => ["--format", `${format}=${join(dir, `report.${format}`)}`]);
    const result = szcheck(["check", ...inputs, ...asOf, ...jobsFlags, ...flags, ...targets], { cwd });
    const files = Object.fromEntries(formats.map((format) => [format, readFileSync(join(dir, `report.${format}`))]));
    return { code: result.code, stderr: result.stderr, files };
  };
  return [run(1, ["--jobs", "1"]), run(2, jobs)];
}

async function expectSame([one, two]: [Outputs, Outputs]): Promise<ReportDocument> {
  expect(two.code, two.stderr).toBe(one.code);
  // The paths differ (jobs-1/, jobs-2/): stderr is compared with them made the same.
  expect(two.stderr.replaceAll("jobs-2", "jobs-N")).toBe(one.stderr.replaceAll("jobs-1", "jobs-N"));
  for (const format of Object.keys(one.files)) {
    // A workbook's zip stamps each entry with the time it was written: its entries are compared.
    if (format === "xlsx") expect(await zipEntries(two.files[format]!), format).toEqual(await zipEntries(one.files[format]!));
    else expect(two.files[format]!.equals(one.files[format]!), `${format} differs`).toBe(true);
  }
  return JSON.parse(one.files.json!.toString("utf8")) as ReportDocument;
}

async function zipEntries(zip: Buffer): Promise<Record<string, string>> {
  const path = join(tempFiles({}), "book.xlsx");
  writeFileSync(path, zip);
  const directory = await unzipper.Open.file(path);
  const entries: Record<string, string> = {};
  for (const file of directory.files) entries[file.path] = (await file.buffer()).toString("base64");
  expect(Object.keys(entries)).toContain("xl/workbook.xml");
  return entries;
}

const ndjson = (lines: string[]): string => lines.join("\n") + "\n";

/** A rule that goes over its evaluation budget on a project with many buildings (reduce + merge doubles a list once per building). */
const longListsRule = [
  "id: long-lists",
  "title: { zh: 测试, en: test }",
  "clause: 四（十一）",
  "source: 完善全市既有建筑安全风险管控平台",
  "subject: project",
  "strength: encouraged",
  `check: ${JSON.stringify({ "!!": [{ reduce: [{ var: "buildings" }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [1]] }] })}`,
  "message:",
  "  pass: { zh: 通过, en: passes }",
  "  fail: { zh: 不通过, en: fails }",
].join("\n") + "\n";

const manyBuildings = (code: string): string =>
  JSON.stringify({
    kind: "project", projectCode: code, name: "楼栋很多的项目", district: "南山", approval: { type: "备案", date: "2023-03-01" }, funding: "社会投资",
    buildings: Array.from({ length: 40 }, (_, i) => ({ id: `${i}#`, use: "公共", heightM: 50, floorAreaM2: 3000 })),
  });

describe("--jobs 2 writes the same bytes as --jobs 1", () => {
  it("NDJSON, formats that read the listed results only: unreadable lines, invalid records and records nested too deep in the middle of batches, portfolio rules", async () => {
    const file = join(tempFiles({ "batch.ndjson": ndjson(batchLines()) }), "batch.ndjson");
    const report = await expectSame(bothWays([file], listedFormats));
    expect(report.summary.records).toBeGreaterThan(1500);
    expect(report.errors.length).toBeGreaterThanOrEqual(3);
    expect(report.results.some((result) => result.subject.kind === "portfolio")).toBe(true);
    // Findings of every kind the spill holds, and groups of both kinds in the batch summary.
    expect(new Set(report.results.map((result) => result.outcome))).toEqual(new Set(["fail", "incomplete", "computed"]));
  }, 240_000);

  it("with formats that read every result (junit, xlsx) beside the listed ones, and with --results all", async () => {
    const file = join(tempFiles({ "batch.ndjson": ndjson(batchLines().slice(0, 700)) }), "batch.ndjson");
    const keepsAll = await expectSame(bothWays([file], ["json", "ndjson", "csv", "junit", "xlsx"]));
    expect(keepsAll.listed).toBe("findings");
    const listsAll = await expectSame(bothWays([file], ["json", "ndjson", "text", "junit"], ["--results", "all"]));
    expect(listsAll.listed).toBe("all");
    expect(listsAll.results.some((result) => result.outcome === "pass")).toBe(true);
    expect(listsAll.summary).toEqual(keepsAll.summary);
  }, 240_000);

  it("JSON and YAML files (their results wait for their lines) between NDJSON files, in one run", async () => {
    const records = demoRecords();
    const dir = tempFiles({
      "a-first.ndjson": ndjson(batchLines().slice(0, 400)),
      "b-array.json": JSON.stringify(records, null, 2),
      "c-middle.ndjson": ndjson(batchLines().slice(400, 700)),
      "d-projects.yaml": stringify(records.filter((record) => record.kind === "project")),
      "e-last.ndjson": ndjson(batchLines().slice(700, 1000)),
    });
    const report = await expectSame(bothWays([dir], listedFormats));
    expect(report.inputs.map((input) => input.file.slice(dir.length + 1))).toEqual(["a-first.ndjson", "b-array.json", "c-middle.ndjson", "d-projects.yaml", "e-last.ndjson"]);
    // Lines found by reading the JSON and YAML files again, and given by the NDJSON ones.
    for (const name of ["b-array.json", "d-projects.yaml", "c-middle.ndjson"]) {
      expect(report.results.some((result) => result.subject.file.endsWith(name) && result.location !== null && result.location.line !== null), name).toBe(true);
    }
  }, 240_000);

  it("by default (--jobs not given): JSON and YAML files checked on the main thread between NDJSON files on the workers", async () => {
    const records = demoRecords();
    const dir = tempFiles({
      "a-first.ndjson": ndjson(batchLines().slice(0, 400)),
      "b-array.json": JSON.stringify(records),
      "c-middle.ndjson": ndjson(batchLines().slice(400, 700)),
      "d-projects.yaml": stringify(records.filter((record) => record.kind === "project")),
    });
    const report = await expectSame(bothWays([dir], listedFormats, [], repoRoot, []));
    expect(report.inputs).toHaveLength(4);
  }, 240_000);

  it("with waivers, and with --skip-invalid", async () => {
    const lines = batchLines().slice(0, 600);
    const dir = tempFiles({ "batch.ndjson": ndjson(lines) });
    const { stdout } = szcheck(["check", join(dir, "batch.ndjson"), ...asOf, "--format", "json", "--skip-invalid"]);
    const failures = (JSON.parse(stdout) as ReportDocument).results.filter((result) => result.outcome === "fail" && result.subject.kind !== "portfolio");
    const waived = [failures[0]!, failures[Math.floor(failures.length / 2)]!, failures.at(-1)!];
    writeFileSync(join(dir, "waivers.yaml"), stringify(waived.map((result) => ({ rule: result.ruleId, subject: result.subject.id, reason: "论证已报备", approvedBy: "市住建局 张工", expires: "2025-12-31" }))));
    const report = await expectSame(bothWays(["batch.ndjson"], listedFormats, ["--waivers", "waivers.yaml"], dir));
    expect(report.summary.waived).toBeGreaterThanOrEqual(waived.length);
    expect(report.waivers!.applied).toBe(waived.length);
    const skipping = bothWays(["batch.ndjson"], ["json", "text"], ["--skip-invalid"], dir);
    await expectSame(skipping);
    expect(skipping[0].code).toBe(1);
  }, 240_000);

  it("a record over a rule's evaluation budget in the middle of a batch: an error at its line, the rest of the batch checked", async () => {
    const lines = batchLines().slice(0, 500);
    lines.splice(300, 0, manyBuildings("P-MANY-1"));
    lines.splice(301, 0, manyBuildings("P-MANY-2"));
    const dir = tempFiles({ "long-lists.yaml": longListsRule, "batch.ndjson": ndjson(lines) });
    const report = await expectSame(bothWays([join(dir, "batch.ndjson")], listedFormats, ["--rules", dir]));
    const overBudget = report.errors.filter((error) => error.message.startsWith("rule long-lists could not be evaluated"));
    expect(overBudget.map((error) => [error.pointer, error.line])).toEqual([
      ["/301", 301],
      ["/302", 302],
    ]);
    // Every line a record: those two keep their results for the other rules.
    expect(report.summary.records).toBe(lines.length);
    // A duty left unchecked is exit 2, --skip-invalid or not.
    const skipping = bothWays([join(dir, "batch.ndjson")], ["json"], ["--rules", dir, "--skip-invalid"]);
    await expectSame(skipping);
    expect(skipping[0].code).toBe(2);
  }, 240_000);
});

describe("--jobs 2 in the library", () => {
  it("encoded results that go past the spill's memory into its temporary file come back in order", async () => {
    const file = join(tempFiles({ "batch.ndjson": ndjson(batchLines().slice(0, 800)) }), "batch.ndjson");
    const run = async (jobs: number) => check({ paths: [file], asOf: "2024-06-30", lang: "en", jobs, spillBytes: 64 << 10 });
    const one = await run(1);
    const two = await run(2);
    try {
      const spills = [one, two].map((run) => run.listed as ResultSpill);
      for (const spill of spills) expect(spill.spilled).toBe(true);
      const [first, second] = spills.map((spill) => Buffer.concat([...spill.bytes()]).toString("utf8"));
      expect(second).toBe(first);
      expect(spills[1]!.length).toBe(spills[0]!.length);
      expect([...two.report.results]).toEqual([...one.report.results]);
      expect(two.report.summary).toEqual(one.report.summary);
      expect(two.batch).toEqual(one.batch);
    } finally {
      one.dispose?.();
      two.dispose?.();
    }
  }, 120_000);
});
