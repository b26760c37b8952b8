import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prettyBatch, prettyResults } from "../report/json.js";
import type { Result, ResultList } from "../model/report.js";

/** Results kept in memory before the store moves them to a file: some 50 MB of results. */
export const DEFAULT_SPILL_AFTER = 10_000;

const WRITE_BATCH = 256;
const READ_CHUNK = 1 << 20;

/**
 * The results of a run, in order. The first `spillAfter` stay in memory; past that, all of them
 * go to a temporary file and are read back, a chunk at a time, each time the store is iterated:
 * a million-record audit holds a chunk of results, not all of them.
 *
 * The file holds the results as the JSON report writes them (each indented four spaces and
 * followed by ",\n"), so the JSON report copies it rather than parsing and writing every result
 * again; other formats parse each result back. A result read back is the JSON of the one
 * stored, so every format writes the same bytes whether the run spilled or not. The file is
 * unlinked as soon as it is open (it has no name while szcheck uses it); where the system does
 * not allow that, `dispose` or the process exiting removes it.
 */
export class ResultStore implements ResultList {
  private memory: Result[] = [];
  private spool: Spool | undefined;
  /** Results on their way to the file, written a batch at a time. */
  private batch: Result[] = [];
  private count = 0;

  constructor(private readonly spillAfter = DEFAULT_SPILL_AFTER) {}

  get length(): number {
    return this.count;
  }

  /** The size of the file the results are in (0 while they are in memory). */
  get bytesOnDisk(): number {
    return this.spool?.bytes ?? 0;
  }

  /** True once the results live in a file. */
  get spilled(): boolean {
    return this.spool !== undefined;
  }

  push(result: Result): void {
    this.count++;
    if (this.spool === undefined) {
      this.memory.push(result);
      if (this.memory.length > this.spillAfter) this.spill();
      return;
    }
    this.batch.push(result);
    if (this.batch.length >= WRITE_BATCH) this.flush();
  }

  *[Symbol.iterator](): Iterator<Result> {
    if (this.spool === undefined) {
      yield* this.memory;
      return;
    }
    this.flush();
    yield* this.spool.results();
  }

  /** The results' text in the JSON report: each indented four spaces, separated by ",\n". */
  *resultsJson(): Generator<string | Uint8Array> {
    if (this.spool === undefined) {
      yield* prettyResults(this.memory);
      return;
    }
    this.flush();
    yield* this.spool.contents(SEPARATOR.length);
  }

  /** The results as JSON.stringify shows them: a list (read whole: for small runs). */
  toJSON(): Result[] {
    return [...this];
  }

  /** Removes the spool file; the store is empty afterwards. */
  dispose(): void {
    this.spool?.remove();
    this.spool = undefined;
    this.memory = [];
    this.batch = [];
    this.count = 0;
  }

  private spill(): void {
    this.spool = new Spool();
    this.batch = this.memory;
    this.memory = [];
    this.flush();
  }

  private flush(): void {
    if (this.spool === undefined || this.batch.length === 0) return;
    this.spool.append(prettyBatch(this.batch) + SEPARATOR);
    this.batch = [];
  }
}

/** What follows each result in the file; "\n    }" + SEPARATOR only ever ends a result, as everything inside one is indented further. */
const SEPARATOR = ",\n";
const RESULT_END = Buffer.from("\n    },\n");

const liveSpools = new Set<Spool>();
let exitHookInstalled = false;

/** A temporary file of results, appended to and read back whole, through its descriptor only. */
class Spool {
  private readonly dir: string;
  private readonly path: string;
  private readonly fd: number;
  private size = 0;

  get bytes(): number {
    return this.size;
  }

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "szcheck-results-"));
    this.path = join(this.dir, "results");
    this.fd = openSync(this.path, "w+", 0o600);
    liveSpools.add(this);
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
        for (const spool of liveSpools) spool.remove();
      });
    }
  }

  append(text: string): void {
    // A string is encoded on its way to the file, with no Buffer made for it here.
    const length = Buffer.byteLength(text, "utf8");
    let written = writeSync(this.fd, text, this.size, "utf8");
    if (written < length) {
      const bytes = Buffer.from(text, "utf8");
      while (written < length) written += writeSync(this.fd, bytes, written, length - written, this.size + written);
    }
    this.size += length;
  }

  /** Each result, parsed back. */
  *results(): Generator<Result> {
    let carry: Buffer = Buffer.alloc(0);
    for (const bytes of this.chunks(this.size)) {
      const chunk = carry.length === 0 ? bytes : Buffer.concat([carry, bytes]);
      let start = 0;
      for (let end = chunk.indexOf(RESULT_END, start); end !== -1; end = chunk.indexOf(RESULT_END, start)) {
        yield JSON.parse(chunk.toString("utf8", start, end + RESULT_END.length - SEPARATOR.length)) as Result;
        start = end + RESULT_END.length;
      }
      // A result cut by the chunk's end is finished by the next chunk; copied, as the buffer is reused.
      carry = Buffer.from(chunk.subarray(start));
    }
  }

  /** The file's bytes, less its last `leaveOut`, a chunk at a time (each a copy the reader may keep). */
  *contents(leaveOut: number): Generator<Uint8Array> {
    for (const bytes of this.chunks(this.size - leaveOut)) yield Buffer.from(bytes);
  }

  /** The first `length` bytes of the file, in chunks of one reused buffer. */
  private *chunks(length: number): Generator<Buffer> {
    const buffer = Buffer.alloc(READ_CHUNK);
    let position = 0;
    while (position < length) {
      const bytesRead = readSync(this.fd, buffer, 0, Math.min(READ_CHUNK, length - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  remove(): void {
    if (!liveSpools.delete(this)) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed: only the directory is left to remove.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
