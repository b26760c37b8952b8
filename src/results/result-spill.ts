import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Result, ResultList } from "../model/report.js";
import { RESULT_SEPARATOR } from "../model/result-text.js";
import type { EncodedResults, ResultDecoder } from "../report/result-entry.js";

/** Encoded results kept in memory before the spill moves them to a temporary file. */
export const DEFAULT_SPILL_BYTES = 8 << 20;

/**
 * Characters of encoded text gathered before they are encoded to bytes, in one go: few enough
 * that the texts die young (a batch kept across collections of the young generation is copied
 * into the old one, which V8 then lets grow with the garbage), many enough to make a write worth it.
 */
const BATCH_CHARS = 1 << 16;
/** Bytes of a chunk the batches are encoded into: a chunk of the memory part, or a write to the file. */
const CHUNK_BYTES = 1 << 20;
const READ_CHUNK = 1 << 20;
/** The most UTF-8 bytes one UTF-16 code unit can take. */
const MAX_BYTES_PER_UNIT = 3;

const NEWLINE = 0x0a;

/**
 * A run's listed results, in order, each as its compact JSON text (`encodeResult`) followed by
 * ",\n": encoded to UTF-8 once, a batch at a time, and kept in memory up to `maxMemoryBytes`,
 * past that in a temporary file. The JSON report copies the bytes as they are, NDJSON turns the
 * separators into newlines, and formats that read `Result`s get them back through the decoder
 * (`ResultList`): one read of the bytes for each such format. The file is unlinked as soon as
 * it is open; where the system does not allow that, `dispose` or the process exiting removes it.
 */
export class ResultSpill implements ResultList, EncodedResults {
  private texts: string[] = [];
  private chars = 0;
  private chunks: Buffer[] = [];
  private memoryBytes = 0;
  /** The chunk being filled, and its bytes used. */
  private current: Buffer | undefined;
  private used = 0;
  private file: SpillFile | undefined;
  private count = 0;

  constructor(
    private readonly decoder: ResultDecoder,
    private readonly maxMemoryBytes = DEFAULT_SPILL_BYTES,
  ) {}

  get length(): number {
    return this.count;
  }

  /** True once the results live in a file. */
  get spilled(): boolean {
    return this.file !== undefined;
  }

  /** Bytes of the temporary file (0 while the results are in memory). */
  get bytesOnDisk(): number {
    return this.file?.size ?? 0;
  }

  /** A result's compact JSON text (`encodeResult`). */
  push(text: string): void {
    this.count++;
    this.texts.push(text);
    this.chars += text.length;
    if (this.chars >= BATCH_CHARS) this.encode();
  }

  /** Results encoded already, in order: `count` texts, each followed by RESULT_SEPARATOR, as UTF-8 (kept as they are, not copied). */
  pushEncoded(bytes: Uint8Array, count: number): void {
    this.encode();
    this.finishChunk();
    this.count += count;
    if (bytes.length > 0) this.keep(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** The bytes of every result, each followed by ",\n", less the last `leaveOut` bytes, a chunk at a time (chunks may be kept). */
  *bytes(leaveOut = 0): Generator<Buffer> {
    this.encode();
    this.finishChunk();
    if (this.file !== undefined) {
      yield* this.file.chunks(this.file.size - leaveOut);
      return;
    }
    let left = this.memoryBytes - leaveOut;
    for (const chunk of this.chunks) {
      if (left <= 0) return;
      yield chunk.length <= left ? chunk : chunk.subarray(0, left);
      left -= chunk.length;
    }
  }

  /** Each result's text, without its separator. */
  *entryTexts(): Generator<string> {
    let carry: Buffer | undefined;
    for (const chunk of this.bytes()) {
      const bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
      const end = bytes.lastIndexOf(NEWLINE) + 1;
      const text = bytes.toString("utf8", 0, end);
      let start = 0;
      for (let at = text.indexOf(RESULT_SEPARATOR); at !== -1; at = text.indexOf(RESULT_SEPARATOR, start)) {
        yield text.slice(start, at);
        start = at + RESULT_SEPARATOR.length;
      }
      carry = end === bytes.length ? undefined : bytes.subarray(end);
    }
  }

  *[Symbol.iterator](): Iterator<Result> {
    for (const text of this.entryTexts()) yield this.decoder.decode(text);
  }

  /** The results as JSON.stringify shows them: the report's entries, as a list (read whole: for small runs). */
  toJSON(): unknown[] {
    return Array.from(this.entryTexts(), (text) => JSON.parse(text) as unknown);
  }

  /** Removes the temporary file; the spill is empty afterwards. */
  dispose(): void {
    this.file?.remove();
    this.file = undefined;
    this.texts = [];
    this.chunks = [];
    this.current = undefined;
    this.used = 0;
    this.chars = 0;
    this.memoryBytes = 0;
    this.count = 0;
  }

  private encode(): void {
    if (this.texts.length === 0) return;
    const text = this.texts.join(RESULT_SEPARATOR) + RESULT_SEPARATOR;
    this.texts = [];
    this.chars = 0;
    const room = text.length * MAX_BYTES_PER_UNIT;
    if (this.current !== undefined && this.used + room > this.current.length) this.finishChunk();
    // A chunk kept to be filled again (the results are in the file) may be too small for a batch holding a very long result.
    if (this.current === undefined || room > this.current.length) this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
    this.used += this.current.write(text, this.used, "utf8");
    // Past the memory's limit, to the file at once.
    if (this.file === undefined && this.memoryBytes + this.used > this.maxMemoryBytes) this.finishChunk();
  }

  /** Moves the chunk being filled to the memory part, or past the memory's limit, to the file. */
  private finishChunk(): void {
    const chunk = this.current;
    if (chunk === undefined || this.used === 0) return;
    const bytes = chunk.subarray(0, this.used);
    this.used = 0;
    // Kept in memory, the chunk is done; written to the file, it is filled again.
    if (this.keep(bytes)) this.current = undefined;
  }

  /** Keeps bytes in memory, or past the memory's limit, appends them to the file (true: kept in memory, as they are). */
  private keep(bytes: Buffer): boolean {
    if (this.file === undefined && this.memoryBytes + bytes.length <= this.maxMemoryBytes) {
      this.chunks.push(bytes);
      this.memoryBytes += bytes.length;
      return true;
    }
    if (this.file === undefined) {
      this.file = new SpillFile();
      for (const kept of this.chunks) this.file.append(kept);
      this.chunks = [];
      this.memoryBytes = 0;
    }
    this.file.append(bytes);
    return false;
  }
}

const liveFiles = new Set<SpillFile>();
let exitHookInstalled = false;

/** A temporary file, appended to and read back whole, through its descriptor only. */
class SpillFile {
  private readonly dir: string;
  private readonly fd: number;
  size = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "szcheck-results-"));
    this.fd = openSync(join(this.dir, "results"), "w+", 0o600);
    liveFiles.add(this);
    // Unlinked at once where the system allows it (not Windows): the open file lives on, and
    // whatever ends the process, even a crash or SIGKILL, leaves nothing behind.
    try {
      rmSync(this.dir, { recursive: true });
    } catch {
      // Removed by remove() or the exit hook instead.
    }
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once("exit", () => {
        for (const file of liveFiles) file.remove();
      });
    }
  }

  append(bytes: Uint8Array): void {
    for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    this.size += bytes.length;
  }

  /** The file's first `length` bytes, a chunk at a time, each a buffer of its own. */
  *chunks(length: number): Generator<Buffer> {
    let position = 0;
    while (position < length) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, length - position));
      const bytesRead = readSync(this.fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  remove(): void {
    if (!liveFiles.delete(this)) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed: only the directory is left to remove.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
