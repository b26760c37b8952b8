import type { ProgressStream } from "./progress.js";
/** What the CLI touches of the outside world, so that tests can give it their own. */
export interface CliIo {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  /** Standard input as bytes: decoded by the same rule as every input (never with U+FFFD). */
  readStdin: () => Promise<Uint8Array | string>;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal that shows colour. */
  stdoutColor: boolean;
  /** Whether stdout is a terminal (the JSON report is indented there, compact in files and pipes). */
  stdoutIsTerminal?: boolean;
  /**
   * Calls `handler` on the first Ctrl-C (SIGINT) until the returned function is called; a
   * second Ctrl-C ends the process at once (exit 130). Absent where there is no process to signal.
   */
  onInterrupt?: (handler: () => void) => () => void;
  /** Where a progress bar may draw (stderr); absent in tests. */
  progressStream?: ProgressStream;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    env: process.env,
    stdoutColor: process.stdout.isTTY === true,
    stdoutIsTerminal: process.stdout.isTTY === true,
    progressStream: process.stderr,
    onInterrupt: (handler) => {
      let presses = 0;
      const listener = (): void => {
        if (++presses > 1) process.exit(130);
        handler();
      };
      process.on("SIGINT", listener);
      return () => void process.off("SIGINT", listener);
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
