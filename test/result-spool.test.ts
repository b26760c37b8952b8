import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { check, type CheckOptions } from "../src/check.js";
import { contentText } from "../src/output/write-atomic.js";
import { findingOutcomes, type Result } from "../src/model/report.js";
import { formatNames, isFileFormat, startFormat } from "../src/report/formats.js";
import { encodeResult } from "../src/model/result-text.js";
import { ResultDecoder } from "../src/report/result-entry.js";
import { ResultSpill } from "../src/results/result-spill.js";
import { repoRoot, tempFiles } from "./helpers.js";

/** Each test gets its own temporary folder, so that it can see the spool files come and go. */
let spoolRoot: string;
const savedTmp = process.env.TMPDIR;
beforeEach(() => {
  spoolRoot = mkdtempSync(join(tmpdir(), "szcheck-spool-test-"));
  process.env.TMPDIR = spoolRoot;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});
const spools = (): string[] => readdirSync(spoolRoot).filter((name) => name.startsWith("szcheck-results-"));

function result(index: number): Result {
  return {
    ruleId: `rule-${index % 7}`,
    subject: { kind: "project", id: `P${index}`, name: `项目 ${"长".repeat(index % 300)} ${index}`, file: "a.ndjson", pointer: `/${index}` },
    outcome: index % 3 === 0 ? "fail" : "pass",
    severity: "error",
    strength: "mandatory",
    clause: "第三条",
    message: `message ${index} with "quotes", a \\ and a line\nbreak`,
    values: { "bim.applied": index % 2 === 0, investmentCny: index * 1000.5, tags: ["学校", null] },
    missing: [],
    measure: null,
    outputs: null,
    assumptions: [],
    waiver: null,
    location: { pointer: `/${index}/bim`, line: index, column: null },
  };
}

/** The rules the test results name (rule-0 … rule-6), as a decoder needs them. */
const decoder = new ResultDecoder(
  Array.from({ length: 7 }, (_, index) => ({
    definition: { id: `rule-${index}`, clause: "第三条", strength: "mandatory", params: {} },
    paramValues: {},
  })) as unknown as ConstructorParameters<typeof ResultDecoder>[0],
  "zh",
);

describe("the result spill", () => {
  it("gives back every result, in order, after spilling past its limit, and removes its file", () => {
    const spill = new ResultSpill(decoder, 1000);
    const pushed = Array.from({ length: 5_000 }, (_, index) => result(index));
    for (const item of pushed) spill.push(encodeResult(item));
    expect(spill.spilled).toBe(true);
    expect(spill.length).toBe(5_000);
    // The file has no name while it is used: nothing to leave behind, whatever ends the process.
    expect(spools()).toEqual([]);
    // More than one read chunk, so results are cut at chunk ends and joined again.
    expect(spill.bytesOnDisk).toBeGreaterThan(2 * (1 << 20));
    expect([...spill]).toEqual(pushed);
    expect([...spill]).toEqual(pushed);
    // The JSON report copies the bytes; chunk ends fall inside multi-byte characters.
    expect(contentText(spill.bytes(2))).toBe(pushed.map(encodeResult).join(",\n"));
    spill.dispose();
    expect(spools()).toEqual([]);
  });

  it("keeps a result longer than a chunk whole once its results are in the file", () => {
    const spill = new ResultSpill(decoder, 1000);
    const long = (index: number, length: number): Result => ({ ...result(index), message: "的".repeat(length) });
    // The first batch sends the spill to its file; the second, 2.1 MB of UTF-8, is larger than the chunk it had.
    const pushed = [long(0, 70_000), long(1, 700_000), result(2)];
    for (const item of pushed) spill.push(encodeResult(item));
    expect(spill.spilled).toBe(true);
    expect([...spill]).toEqual(pushed);
    spill.dispose();
  });

  it("keeps a small run in memory, with no file", () => {
    const spill = new ResultSpill(decoder);
    for (let index = 0; index < 10; index++) spill.push(encodeResult(result(index)));
    expect(spill.spilled).toBe(false);
    expect(spools()).toEqual([]);
    expect(JSON.parse(JSON.stringify(spill))).toHaveLength(10);
  });
});

describe("a run whose results spill to a file", () => {
  /** The demo data, an NDJSON file with an invalid line, and a waiver: every kind of result and error. */
  function batch(): { dir: string; options: CheckOptions } {
    const enterprises = parse(readFileSync(join(repoRoot, "fixtures/demo/enterprises.yaml"), "utf8")) as unknown[];
    const dir = tempFiles({
      "enterprises.ndjson": [...enterprises.map((record) => JSON.stringify(record)), "{ not json", JSON.stringify({ kind: "enterprise" })].join("\n") + "\n",
      "waivers.yaml": "- rule: epc-annual-share\n  subject: epc-annual-share/2023\n  reason: agreed with the district\n  approvedBy: 住建局\n  expires: 2099-12-31\n",
    });
    const options: CheckOptions = { paths: [join(repoRoot, "fixtures/demo"), join(dir, "enterprises.ndjson")], asOf: "2024-06-30", lang: "en", waiversFile: join(dir, "waivers.yaml") };
    return { dir, options };
  }

  it("writes every format byte for byte as a run kept in memory, then leaves no file behind", async () => {
    process.chdir(repoRoot);
    const { options } = batch();
    for (const listing of ["findings", "all"] as const) {
      const inMemory = await check({ ...options, listing, keepAll: true });
      const spilled = await check({ ...options, listing, keepAll: true, spillBytes: 100 });
      expect(inMemory.report.results.length).toBeGreaterThan(listing === "all" ? 300 : 50);
      expect(inMemory.report.errors.length).toBeGreaterThan(0);
      expect(inMemory.report.summary.waived).toBe(1);
      expect(spools()).toEqual([]);
      for (const format of formatNames.filter((name) => !isFileFormat(name))) {
        const render = async (run: typeof inMemory): Promise<string> => {
          const [output] = await startFormat(format, { color: false, quiet: false }).outputs(run, undefined);
          return contentText(output!.render());
        };
        expect(await render(spilled), format).toBe(await render(inMemory));
      }
      expect((spilled.listed as ResultSpill | undefined)?.spilled).toBe(true);
      expect(spilled.report.summary).toEqual(inMemory.report.summary);
      expect(spilled.batch).toEqual(inMemory.batch);
      // Listing findings, the listed results are exactly the findings among all of them.
      if (listing === "findings") expect([...spilled.report.results]).toEqual([...spilled.allResults!].filter((r) => findingOutcomes.includes(r.outcome)));
      spilled.dispose?.();
      inMemory.dispose?.();
      expect(spools()).toEqual([]);
    }
  });

  it("removes the file when the run is interrupted", async () => {
    process.chdir(repoRoot);
    const { options } = batch();
    const controller = new AbortController();
    const onProgress = (progress: { recordsRead: number }): void => {
      if (progress.recordsRead > 10) controller.abort();
    };
    await expect(check({ ...options, spillBytes: 100, signal: controller.signal, onProgress })).rejects.toThrow(/interrupted/i);
    expect(readdirSync(spoolRoot).filter((name) => !name.startsWith("szcheck-test-"))).toEqual([]);
  });

  it("leaves no file behind when the process is killed while its results are on disk", () => {
    const script = join(spoolRoot, "killed.mts");
    writeFileSync(
      script,
      `import { ResultSpill } from ${JSON.stringify(join(repoRoot, "src/results/result-spill.ts"))};
const spill = new ResultSpill(undefined, 1);
for (let i = 0; i < 100; i++) spill.push(${JSON.stringify(encodeResult(result(1)))});
spill.bytes().next();
if (!spill.spilled || spill.bytesOnDisk === 0) process.exit(3);
process.kill(process.pid, "SIGKILL");
`,
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: repoRoot, env: { ...process.env, TMPDIR: spoolRoot }, encoding: "utf8" });
    expect(child.signal, child.stderr).toBe("SIGKILL");
    expect(spools()).toEqual([]);
  });
});
