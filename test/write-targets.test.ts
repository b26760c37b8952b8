import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { szcheck, tempFiles } from "./helpers.js";

describe("--format <name>=<path> on something that is not a regular file", () => {
  it("writes into a named pipe and leaves it a pipe (no temp file renamed over it)", async () => {
    const dir = tempFiles({});
    const fifo = join(dir, "report.pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // The reader writes to a file: a pipe back to this process would fill while spawnSync blocks.
    const copy = join(dir, "received.json");
    const out = openSync(copy, "w");
    const reader = spawn("cat", [fifo], { stdio: ["ignore", out, "inherit"] });
    const run = szcheck(["check", "fixtures/demo", "--as-of", "2024-06-30", "--format", `json=${fifo}`, "--format", "text"]);
    await once(reader, "exit");
    closeSync(out);
    const received = readFileSync(copy, "utf8");
    expect(run.code).toBe(1);
    expect(statSync(fifo).isFIFO()).toBe(true);
    const report = JSON.parse(received) as { summary: { records: number } };
    expect(report.summary.records).toBeGreaterThan(10);
  });
});
