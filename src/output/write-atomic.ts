import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileSystemError } from "../errors.js";

/**
 * Writes a file so that no reader ever sees it half-written: a temp file beside it, then rename.
 * A path that is not a regular file (/dev/null, /dev/stdout, a named pipe) is written in place:
 * renaming over it would replace the device or pipe with a file. A failure (a full disk, no
 * permission, a folder in the way) is a SzcheckError naming the path; no temp file is left.
 */
export function writeFileAtomic(path: string, content: Content): void {
  if (isSpecialFile(path)) {
    writeInPlace(path, content);
    return;
  }
  const temp = openTemporary(path);
  try {
    for (const chunk of inChunks(content)) temp.write(chunk);
    temp.close();
    temp.commit();
  } finally {
    temp.discard();
  }
}

/** Temporary files not yet renamed into place: removed when the process exits, however it exits (short of SIGKILL). */
const liveTemporaries = new Set<string>();
let exitHookInstalled = false;

/** A temporary file beside its target, written a chunk at a time, then renamed over the target or discarded. */
export interface TemporaryFile {
  readonly target: string;
  write(chunk: string | Uint8Array): void;
  close(): void;
  /** Renames it over the target. */
  commit(): void;
  /** Removes it, unless committed. */
  discard(): void;
}

/** Opens a temporary file in the target's folder (made if need be), so that the rename is atomic. */
export function openTemporary(target: string): TemporaryFile {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const path of liveTemporaries) rmSync(path, { force: true });
    });
  }
  const dir = dirname(target);
  const path = join(dir, `.szcheck-tmp-${process.pid}-${Date.now()}-${basename(target)}`);
  const fd = openForWriting(target, () => {
    mkdirSync(dir, { recursive: true });
    return openSync(path, "w");
  });
  liveTemporaries.add(path);
  let open = true;
  let committed = false;
  const close = (): void => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    target,
    write: (chunk) => {
      try {
        writeAll(fd, chunk);
      } catch (error) {
        throw fileSystemError(error, target, "write");
      }
    },
    close: () => {
      try {
        close();
      } catch (error) {
        throw fileSystemError(error, target, "write");
      }
    },
    commit: () => {
      close();
      try {
        renameSync(path, target);
      } catch (error) {
        throw fileSystemError(error, target, "write");
      }
      committed = true;
      liveTemporaries.delete(path);
    },
    discard: () => {
      if (committed) return;
      try {
        close();
      } catch {
        // Already failing: the file goes anyway.
      }
      rmSync(path, { force: true });
      liveTemporaries.delete(path);
    },
  };
}

/** Writes a device or pipe (/dev/null, a FIFO) in place. */
export function writeInPlace(path: string, content: Content): void {
  const fd = openForWriting(path, () => openSync(path, "w"));
  try {
    for (const chunk of inChunks(content)) writeAll(fd, chunk);
  } catch (error) {
    throw fileSystemError(error, path, "write");
  } finally {
    closeSync(fd);
  }
}

function openForWriting(target: string, open: () => number): number {
  try {
    return open();
  } catch (error) {
    throw fileSystemError(error, target, "write");
  }
}

/** Every byte of a chunk written (a write to a pipe may take only part of it). */
function writeAll(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written, bytes.byteLength - written);
}

/** True for a path that exists and is not a regular file: a device, a pipe, a folder. */
export function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What is written: text, or pieces in order (text, or bytes already encoded as UTF-8). */
export type Content = string | Iterable<string | Uint8Array>;

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
