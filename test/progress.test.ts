import { describe, expect, it } from "vitest";
import { createProgress, fit, inCi, type ProgressStream } from "../src/cli/progress.js";

/** A stream that records what is written, and a clock the test moves. */
function fake(isTTY: boolean, columns = 120): { stream: ProgressStream & { text: string }; clock: { now: number; tick: () => number } } {
  const stream = { isTTY, columns, text: "", write(chunk: string) { this.text += chunk; return true; } };
  const clock = { now: 0, tick: () => clock.now };
  return { stream, clock };
}

const run = (stream: ProgressStream, clock: { now: number; tick: () => number }, env: NodeJS.ProcessEnv, total: number | undefined, records: number) => {
  const progress = createProgress({ stream, env, now: clock.tick, delayMs: 500, intervalMs: 100 });
  progress.start(total);
  for (let i = 0; i < records; i++) {
    clock.now += 1; // 1,000 records per second
    progress.tick(1, i % 10 === 0 ? { fail: 1 } : i % 25 === 0 ? { incomplete: 1 } : undefined);
  }
  const active = progress.active;
  progress.stop();
  return active;
};

describe("progress bar", () => {
  it("draws on a terminal for a large batch: bar, counts, records per second; and erases itself", () => {
    const { stream, clock } = fake(true);
    expect(run(stream, clock, {}, 5000, 3000)).toBe(true);
    expect(stream.text.startsWith("\r")).toBe(true);
    const lines = stream.text.split("\r").filter((line) => line !== "");
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.length).toBeLessThan(40); // throttled: one line per 100 ms at most
    expect(lines.at(-2)).toBe("████████████░░░░░░░░  60% 3,000/5,000 records · 1,000 rec/s · 300 failed · 60 incomplete · ~2s left\u001b[K");
    expect(stream.text.endsWith("\r\u001b[K")).toBe(true);
  });

  it("shows a spinner and a running count for a streamed input of unknown size", () => {
    const { stream, clock } = fake(true);
    expect(run(stream, clock, {}, undefined, 1500)).toBe(true);
    expect(stream.text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] 1,\d{3} records · 1,000 rec\/s/);
    expect(stream.text).not.toContain("%");
  });

  it("prints nothing when standard error is not a terminal", () => {
    const { stream, clock } = fake(false);
    expect(run(stream, clock, {}, 5000, 3000)).toBe(false);
    expect(stream.text).toBe("");
  });

  it("prints nothing in CI, even on a terminal", () => {
    for (const CI of ["true", "1", "yes"]) {
      const { stream, clock } = fake(true);
      expect(run(stream, clock, { CI }, 5000, 3000)).toBe(false);
      expect(stream.text).toBe("");
    }
    expect(inCi({ CI: "false" })).toBe(false);
    expect(inCi({ CI: "" })).toBe(false);
    expect(inCi({})).toBe(false);
  });

  it("prints nothing for a small batch, or a run shorter than the delay", () => {
    const small = fake(true);
    expect(run(small.stream, small.clock, {}, 2000, 2000)).toBe(false);
    expect(small.stream.text).toBe("");
    const quick = fake(true);
    expect(run(quick.stream, quick.clock, {}, undefined, 400)).toBe(true);
    expect(quick.stream.text).toBe(""); // 400 ms < 500 ms: never drawn, so nothing to erase
  });

  it("fits the line to the terminal width, CJK characters counting double", () => {
    const { stream, clock } = fake(true, 40);
    const progress = createProgress({ stream, env: {}, lang: "zh", now: clock.tick, delayMs: 0, intervalMs: 0 });
    progress.start(10000);
    clock.now = 1000;
    progress.tick(5000, { fail: 12, incomplete: 3 });
    const line = stream.text.replace(/^\r/, "").replace("\u001b[K", "");
    expect(line.endsWith("…")).toBe(true);
    expect(line).toContain("50%");
    expect(fit("检查中检查中", 8)).toBe("检查中…");
    expect(fit("short", 8)).toBe("short");
  });
});
