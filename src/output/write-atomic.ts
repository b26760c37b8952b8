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
      for (const chunk of inChunks(content)) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Pieces joined into chunks of about 64 KiB: one write per chunk, not one per piece. */
export function* inChunks(content: string | Iterable<string>, size = 1 << 16): Generator<string> {
  if (typeof content === "string") {
    yield content;
    return;
  }
  let buffer: string[] = [];
  let length = 0;
  for (const piece of content) {
    buffer.push(piece);
    length += piece.length;
    if (length >= size) {
      yield buffer.join("");
      buffer = [];
      length = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join("");
}
