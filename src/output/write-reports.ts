import { setImmediate as nextTurn } from "node:timers/promises";
import { inChunks, isSpecialFile, openTemporary, writeInPlace, type Content, type TemporaryFile } from "./write-atomic.js";

/** One report to write: to a file, or to standard output (file undefined). */
export interface ReportOutput {
  file: string | undefined;
  /** Renders the report; called once, when its turn comes. */
  render: () => Content;
}

/** The signal fired while reports were written; `state` says what is on disk, e.g. "no report file was replaced". */
export class WritingInterrupted extends Error {
  constructor(readonly state: string) {
    super(`interrupted while writing the reports: ${state}`);
    this.name = "WritingInterrupted";
  }
}

/**
 * Writes every report so that an interruption (Ctrl-C, SIGTERM: `signal`) at any moment leaves
 * either all the report files replaced or none of them, and no temporary file: each file is
 * written to a temporary file beside it, a chunk at a time with a turn of the event loop between
 * chunks (so that a signal is seen), and only when all are whole are they renamed into place,
 * one after the other with nothing in between. Standard output and devices (/dev/null, a pipe)
 * cannot be taken back: they are written last. A write error is a SzcheckError naming the path.
 */
export async function writeReports(outputs: readonly ReportOutput[], options: { stdout: (chunk: string | Uint8Array) => void; signal?: AbortSignal | undefined }): Promise<void> {
  const files = outputs.filter((output) => output.file !== undefined && !isSpecialFile(output.file));
  const streams = outputs.filter((output) => !files.includes(output));
  const staged: TemporaryFile[] = [];
  const stopIfAborted = (state: () => string): void => {
    if (options.signal?.aborted === true) throw new WritingInterrupted(state());
  };
  try {
    for (const output of files) {
      stopIfAborted(() => `no report file was replaced (${staged.length} of ${files.length} ready)`);
      const temp = openTemporary(output.file!);
      staged.push(temp);
      for (const chunk of inChunks(output.render())) {
        temp.write(chunk);
        await nextTurn();
        stopIfAborted(() => `no report file was replaced (${staged.length - 1} of ${files.length} ready)`);
      }
      temp.close();
    }
    for (const temp of staged) temp.commit();
  } finally {
    for (const temp of staged) temp.discard();
  }
  const filesWritten = files.length === 0 ? "" : `the ${files.length === 1 ? "report file was" : `${files.length} report files were`} written; `;
  for (const output of streams) {
    stopIfAborted(() => `${filesWritten}${output.file ?? "standard output"} was not written`);
    if (output.file !== undefined) {
      writeInPlace(output.file, output.render());
      continue;
    }
    for (const chunk of inChunks(output.render())) {
      options.stdout(chunk);
      await nextTurn();
      stopIfAborted(() => `${filesWritten}standard output stopped part way`);
    }
  }
}
