import { outcomeLabel } from "../report/labels.js";
import type { Lang } from "../model/report.js";

/**
 * A one-line progress bar on standard error for long batch runs: records done (of how many, when
 * known), records per second, failures, incomplete and invalid records so far. It draws only on a
 * terminal, never in CI (CI set) or on a dumb terminal, and only for a large batch (more than
 * `threshold` records) or one of unknown size (a streamed input); and it waits `delayMs` before
 * its first line, so a run that ends quickly prints nothing. `stop()` erases the line, so the
 * report that follows starts on a clean one.
 */
export interface Progress {
  /** Begins a run of `total` records, or of an unknown number (streamed input). */
  start(total: number | undefined): void;
  /** `n` more records were checked; `counts` are increments of failed, incomplete and invalid. */
  tick(n?: number, counts?: ProgressCounts): void;
  /** Ends the run and erases the line. Safe to call more than once, or without start. */
  stop(): void;
  /** Whether this run draws at all (decided by start). */
  readonly active: boolean;
}

export interface ProgressCounts {
  fail?: number;
  incomplete?: number;
  invalid?: number;
}

/** The part of a stream the bar needs: process.stderr fits. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream: ProgressStream;
  env: NodeJS.ProcessEnv;
  lang?: Lang;
  /** Batches of at most this many records draw nothing; default 2,000. */
  threshold?: number;
  /** No line before this many milliseconds have passed; default 500. */
  delayMs?: number;
  /** At most one redraw per this many milliseconds; default 100. */
  intervalMs?: number;
  now?: () => number;
}

/** Whether the environment says CI: CI set to anything but "", "0" or "false". */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

export function createProgress(options: ProgressOptions): Progress {
  const { stream, env, lang = "en", threshold = 2000, delayMs = 500, intervalMs = 100, now = Date.now } = options;
  const terminal = stream.isTTY === true && !inCi(env) && env.TERM !== "dumb";
  let active = false;
  let total: number | undefined;
  let done = 0;
  const counts = { fail: 0, incomplete: 0, invalid: 0 };
  let began = 0;
  let lastDraw = -Infinity;
  let drawn = false;
  let frame = 0;
  const n = (value: number): string => value.toLocaleString("en-US");
  const words = lang === "zh"
    ? { records: "条记录", perSecond: "条/秒", invalid: "无效", left: "剩余" }
    : { records: "records", perSecond: "rec/s", invalid: "invalid", left: "left" };

  const line = (at: number): string => {
    const seconds = Math.max((at - began) / 1000, 0.001);
    const rate = done / seconds;
    const parts: string[] = [];
    if (total !== undefined && total > 0) {
      const share = Math.min(done / total, 1);
      const width = 20;
      const filled = Math.round(share * width);
      parts.push(`${"█".repeat(filled)}${"░".repeat(width - filled)} ${String(Math.floor(share * 100)).padStart(3)}% ${n(done)}/${n(total)} ${words.records}`);
    } else {
      parts.push(`${"⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[frame++ % 10]} ${n(done)} ${words.records}`);
    }
    parts.push(`${n(Math.round(rate))} ${words.perSecond}`);
    if (counts.fail > 0) parts.push(`${n(counts.fail)} ${outcomeLabel[lang].fail}`);
    if (counts.incomplete > 0) parts.push(`${n(counts.incomplete)} ${outcomeLabel[lang].incomplete}`);
    if (counts.invalid > 0) parts.push(`${n(counts.invalid)} ${words.invalid}`);
    if (total !== undefined && rate > 0 && done < total) parts.push(`~${Math.ceil((total - done) / rate)}s ${words.left}`);
    return fit(parts.join(" · "), (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1);
  };

  return {
    get active() {
      return active;
    },
    start(count) {
      total = count;
      done = 0;
      counts.fail = counts.incomplete = counts.invalid = 0;
      began = now();
      lastDraw = -Infinity;
      active = terminal && (count === undefined || count > threshold);
    },
    tick(step = 1, more) {
      if (!active) return;
      done += step;
      counts.fail += more?.fail ?? 0;
      counts.incomplete += more?.incomplete ?? 0;
      counts.invalid += more?.invalid ?? 0;
      const at = now();
      if (at - began < delayMs || at - lastDraw < intervalMs) return;
      lastDraw = at;
      drawn = true;
      stream.write(`\r${line(at)}\u001b[K`);
    },
    stop() {
      if (drawn) stream.write("\r\u001b[K");
      drawn = false;
      active = false;
    },
  };
}

/** Cuts a line to a terminal width (with "…"), counting CJK characters as two columns. */
export function fit(text: string, columns: number): string {
  const wide = (char: string): number => (/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1);
  const chars = [...text];
  if (chars.reduce((sum, char) => sum + wide(char), 0) <= columns) return text;
  let width = 0;
  let out = "";
  for (const char of chars) {
    if (width + wide(char) > columns - 1) break;
    width += wide(char);
    out += char;
  }
  return out + "…";
}
