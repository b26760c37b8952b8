import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Writes a file so that no reader ever sees it half-written: a temp file beside it, then rename. */
export function writeFileAtomic(path: string, content: string | Iterable<string>): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.szcheck-tmp-${process.pid}-${Date.now()}-${basename(path)}`);
  try {
    const fd = openSync(temp, "w");
    try {
      for (const piece of typeof content === "string" ? [content] : content) writeSync(fd, piece);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
