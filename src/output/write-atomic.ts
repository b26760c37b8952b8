import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file so that no reader ever sees it half-written: a temp file beside it, then rename.
 * A path that is not a regular file (/dev/null, /dev/stdout, a named pipe) is written in place:
 * renaming over it would replace the device or pipe with a file.
 */
export function writeFileAtomic(path: string, content: Content): void {
  if (isSpecialFile(path)) {
    const fd = openSync(path, "w");
    try {
      writeContent(fd, content);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.szcheck-tmp-${process.pid}-${Date.now()}-${basename(path)}`);
  try {
    const fd = openSync(temp, "w");
    try {
      writeContent(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Every chunk written whole (a write to a pipe may take only part of it). */
function writeContent(fd: number, content: Content): void {
  for (const chunk of inChunks(content)) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written, bytes.byteLength - written);
  }
}

function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What is written: text, or pieces in order (text, or bytes already encoded as UTF-8). */
export type Content = string | Iterable<string | Uint8Array>;

/** A file to write, and what goes in it (formats that write files of their own give a list of these). */
export interface Written {
  file: string;
  content: Content;
}

/** Text pieces joined into chunks of about 64 KiB (one write per chunk, not one per piece); bytes passed on as they come. */
export function* inChunks(content: Content, size = 1 << 16): Generator<string | Uint8Array> {
  if (typeof content === "string") {
    yield content;
    return;
  }
  let buffer: string[] = [];
  let length = 0;
  for (const piece of content) {
    if (typeof piece !== "string") {
      if (buffer.length > 0) yield buffer.join("");
      buffer = [];
      length = 0;
      yield piece;
      continue;
    }
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

/** Content as one string (for callers that want it whole, and tests). */
export function contentText(content: Content): string {
  if (typeof content === "string") return content;
  const pieces: Buffer[] = [];
  for (const piece of content) pieces.push(typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
  return Buffer.concat(pieces).toString("utf8");
}
