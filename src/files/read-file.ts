import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { fileSystemError, SzcheckError } from "../errors.js";

/** The largest config, waivers, rule, clause or rule-test file read: far above any real one. */
export const MAX_SETTINGS_BYTES = 16 * 1024 * 1024;

/**
 * The one way szcheck opens a file it reads (an input, the config, waivers, a rule file): it
 * must be a regular file once symlinks are followed (a FIFO would hang the run, /dev/zero would
 * grow without end), and no larger than `maxBytes`, checked on the open file itself and again
 * while reading (a file that grows as it is read is stopped at the limit). `what` names the file
 * in messages ("input", "waivers file", "rule file"). Returns the open descriptor's size.
 */
export function openRegularFile(path: string, shown: string, what: string, maxBytes: number): { fd: number; size: number } {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new SzcheckError({ file: shown, message: `no such ${what}`, hint: "check the path" });
    throw fileSystemError(error, shown, "read");
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new SzcheckError({ file: shown, message: `the ${what} is ${kindOf(stat)}, not a regular file`, hint: "szcheck reads regular files only (symlinks to them are fine)" });
    if (stat.size > maxBytes) throw tooLarge(shown, what, stat.size, maxBytes);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads a regular file whole, at most `maxBytes` (see openRegularFile). */
export function readRegularFile(path: string, shown: string, what: string, maxBytes: number): Buffer {
  const { fd, size } = openRegularFile(path, shown, what, maxBytes);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - total, 0) + 1, 1 << 20, maxBytes - total + 1));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw tooLarge(shown, what, total, maxBytes, "and still growing");
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw error instanceof SzcheckError ? error : fileSystemError(error, shown, "read");
  } finally {
    closeSync(fd);
  }
}

/** A settings file (config, waivers, rule file) as text, read through readRegularFile. */
export function readSettingsText(path: string, shown: string, what: string): string {
  return readRegularFile(path, shown, what, MAX_SETTINGS_BYTES).toString("utf8");
}

/** Checks that a file streamed a piece at a time (NDJSON, CSV, XLSX) is a regular file, at most `maxBytes`. */
export function checkRegularFile(path: string, shown: string, what: string, maxBytes = Infinity): void {
  closeSync(openRegularFile(path, shown, what, maxBytes).fd);
}

function tooLarge(shown: string, what: string, size: number, maxBytes: number, more = ""): SzcheckError {
  return new SzcheckError({ file: shown, message: `the ${what} is ${mebibytes(size)}${more === "" ? "" : ` ${more}`}, over the ${mebibytes(maxBytes)} limit`, hint: what === "file" ? "split it, stream it as NDJSON, or raise the limit with --max-file-size" : "is this the right file?" });
}

export function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${bytes} bytes`;
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a file";
}
