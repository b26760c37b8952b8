import { printable } from "../text/printable.js";
import { ExitCode, fileSystemError, SzcheckError } from "../errors.js";
import type { ProgressStream } from "./progress.js";
/** What the CLI touches of the outside world, so that tests can give it their own. */
export interface CliIo {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  /** Standard input as bytes, decoded by the same rule as every input (never with U+FFFD); over `maxBytes`, a SzcheckError for "-" (nothing more is read). */
  readStdin: (maxBytes?: number) => Promise<Uint8Array | string>;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal that shows colour. */
  stdoutColor: boolean;
  /** Whether stdout is a terminal (the JSON report is indented there, compact in files and pipes). */
  stdoutIsTerminal?: boolean;
  /**
   * Calls `handler` on the first Ctrl-C (SIGINT) or SIGTERM until the returned function is
   * called; a second one ends the process at once (exit 130 or 143; temporary files are removed
   * on exit). Absent where there is no process to signal.
   */
  onInterrupt?: (handler: (signal: InterruptSignal) => void) => () => void;
  /** Where a progress bar may draw (stderr); absent in tests. */
  progressStream?: ProgressStream;
}

export type InterruptSignal = "SIGINT" | "SIGTERM";

/** 128 + SIGPIPE: what a shell reports for a command whose reader went away (`| head`). */
const PIPE_CLOSED = 141;

export function processIo(): CliIo {
  // A reader that goes away (`szcheck check … | head -1`) ends the run quietly, as it does any
  // Unix tool; any other failure to write (a full disk) is said plainly, with exit 2.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(PIPE_CLOSED);
    const failure = fileSystemError(error, "standard output", "write");
    process.stderr.write(`szcheck: ${failure instanceof SzcheckError ? failure.describe(printable) : `cannot write standard output: ${error.message}`}\n`);
    process.exit(ExitCode.runFailed);
  });
  // The same for the messages: `szcheck … 2>&1 | head -1` closes stderr too. Any other failure to
  // write stderr has nowhere to be said; the report on stdout and the exit code still stand.
  process.stderr.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(PIPE_CLOSED);
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async (maxBytes = Infinity) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        size += (chunk as Buffer).byteLength;
        if (size > maxBytes) {
          process.stdin.destroy();
          throw new SzcheckError({ file: "-", message: `standard input is over the ${Math.round(maxBytes / 1024 / 1024)} MiB limit for one JSON/YAML document`, hint: "pass the file by its path as NDJSON, split it, or raise the limit with --max-file-size" });
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    },
    env: process.env,
    stdoutColor: process.stdout.isTTY === true,
    stdoutIsTerminal: process.stdout.isTTY === true,
    progressStream: process.stderr,
    onInterrupt: (handler) => {
      let presses = 0;
      const listener = (signal: InterruptSignal): void => {
        if (++presses > 1) process.exit(signal === "SIGTERM" ? 143 : 130);
        handler(signal);
      };
      process.on("SIGINT", listener);
      process.on("SIGTERM", listener);
      return () => {
        process.off("SIGINT", listener);
        process.off("SIGTERM", listener);
      };
    },
  };
}

/** zh when the locale says Chinese (LC_ALL, LC_MESSAGES, LANG), else en. */
export function langFromEnv(env: NodeJS.ProcessEnv): "zh" | "en" {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^zh/i.test(locale) ? "zh" : "en";
}

/** Colour on a terminal, unless NO_COLOR is set or --no-color given; FORCE_COLOR forces it. */
export function useColor(io: CliIo, flag: boolean): boolean {
  if (!flag) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdoutColor;
}
