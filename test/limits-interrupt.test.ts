import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { Interrupted } from "../src/errors.js";
import type { Report } from "../src/model/report.js";
import { repoRoot, szcheck, tempFiles } from "./helpers.js";
import { batchLines } from "./support/demo-batch.js";

const enterprise = (i: number, extra: Record<string, unknown> = {}) => ({
  kind: "enterprise",
  creditCode: "91440300MA5F0L7K29",
  name: `深圳市测试企业${i}`,
  type: "survey-design",
  techLeader: true,
  fiscalYear: 2023,
  employees: 120,
  revenueCny: 100000000,
  rdExpenseCny: 4000000 + i,
  ...extra,
});

describe("input limits from the command line", () => {
  it("--max-file-size <MiB> refuses a larger file by name", () => {
    const dir = tempFiles({ "big.json": JSON.stringify(Array.from({ length: 9000 }, (_, i) => enterprise(i))) });
    const run = szcheck(["check", dir, "--format", "json", "--max-file-size", "1"]);
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as Report).errors[0]!.message).toMatch(/the file is 2 MiB, over the 1 MiB limit .*--max-file-size/);
  });

  it("--max-records <n> stops a batch over the limit", () => {
    const dir = tempFiles({ "batch.json": JSON.stringify([enterprise(1), enterprise(2), enterprise(3)]) });
    expect(szcheck(["check", dir, "--as-of", "2024-06-30", "--max-records", "3"]).code).toBe(0);
    const run = szcheck(["check", dir, "--max-records", "2"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("more than 2 records in one run");
  });

  it("--max-depth <n> refuses a deeper record and still checks the others", () => {
    const dir = tempFiles({ "batch.json": JSON.stringify([enterprise(1), enterprise(2, { "x-deep": { a: { b: { c: {} } } } })]) });
    const run = szcheck(["check", dir, "--format", "json", "--as-of", "2024-06-30", "--max-depth", "3"]);
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ pointer: "/1", message: expect.stringContaining("nested deeper than 3 levels") })]);
    expect(report.summary.records).toBe(1);
  });

  it("--max-yaml-aliases <n> bounds alias expansion", () => {
    const yaml = "- &base\n  kind: enterprise\n  creditCode: 91440300MA5F0L7K29\n  name: a\n  fiscalYear: 2023\n- *base\n- *base\n";
    const dir = tempFiles({ "aliases.yaml": yaml });
    expect(szcheck(["check", dir, "--as-of", "2024-06-30", "--max-yaml-aliases", "3"]).code).not.toBe(2);
    const run = szcheck(["check", dir, "--format", "json", "--max-yaml-aliases", "1"]);
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as Report).errors[0]!.message).toMatch(/alias/i);
  });

  it("a limit that is not a positive number is a usage error", () => {
    for (const args of [["--max-records", "0"], ["--max-depth", "ten"], ["--max-file-size", "-1"], ["--max-yaml-aliases", "1.5"]]) {
      const run = szcheck(["check", "fixtures/demo", ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toContain(args[0]!);
    }
  });
});

describe("Ctrl-C", () => {
  it("the library stops when its signal fires and says how far it got", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(check({ paths: [join(repoRoot, "fixtures/demo")], asOf: "2024-06-30", signal: controller.signal })).rejects.toBeInstanceOf(Interrupted);
  });

  // JSON files: results evaluated on the workers come back whole; NDJSON: counted and encoded there.
  const batches: Record<string, (dir: string) => string> = {
    "60 JSON files": (dir) => {
      // A batch large enough to be still running when the signal comes (2.5 s in, long after start-up):
      // 60 files of 1,000 records, which take tens of seconds to check.
      const batch = join(dir, "batch");
      mkdirSync(batch);
      for (let file = 0; file < 60; file++) {
        writeFileSync(join(batch, `part-${String(file).padStart(2, "0")}.json`), JSON.stringify(Array.from({ length: 1000 }, (_, i) => enterprise(file * 1000 + i))));
      }
      return batch;
    },
    "an NDJSON file": (dir) => {
      const lines = batchLines();
      const batch = join(dir, "batch.ndjson");
      writeFileSync(batch, Array.from({ length: 12 }, () => lines.join("\n")).join("\n") + "\n");
      return batch;
    },
  };
  for (const [name, make] of Object.entries(batches)) {
    it(`SIGINT during a long run on worker threads (${name}): exit 130, what was done on stderr, no report file and no temp file`, async () => {
      const dir = tempFiles({});
      const batch = make(dir);
      const out = join(dir, "out");
      const tmp = join(dir, "tmp");
      mkdirSync(tmp);
      const child = spawn(process.execPath, [join(repoRoot, "bin", "szcheck.js"), "check", batch, "--as-of", "2024-06-30", "--jobs", "2", "--format", `json=${join(out, "report.json")}`, "--format", `sarif=${join(out, "report.sarif")}`], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, LANG: "en_US.UTF-8", TMPDIR: tmp },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(child.exitCode, "the run ended before it could be interrupted: make the batch larger").toBeNull();
      const started = Date.now();
      child.kill("SIGINT");
      const { code, signal } = await exited;
      expect({ code, signal }).toEqual({ code: 130, signal: null });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(stderr).toMatch(/^szcheck: interrupted: [\d,]+ records? checked, \d+ files? read completely; no report was written\n$/);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
      // The results' temporary file is gone too (the code cache may be made there).
      expect(readdirSync(tmp).filter((entry) => entry.startsWith("szcheck-results-"))).toEqual([]);
    }, 60_000);
  }
});
