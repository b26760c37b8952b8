import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import type * as WorkerThreads from "node:worker_threads";
import { SzcheckError, type SzcheckErrorInit } from "../errors.js";
import type { RawRecord } from "../inputs/read-inputs.js";
import { packageRoot } from "../package-root.js";
import { outcomes, type Lang, type Outcome } from "../model/report.js";
import type { LoadedRule } from "../rules/load.js";
import { evaluateEncoded, type EncodedBatch, type SpillPlan } from "./encoded-batch.js";
import type { EvaluatedRaw, RecordEvaluator } from "./run-check.js";

/** What a worker thread needs to evaluate records as the run would: plain data only. */
export interface WorkerSetup {
  rules: LoadedRule[];
  asOf: string;
  lang: Lang;
  engine: "compiled" | "reference";
  /** The outcomes whose results are built whole. */
  builds: Outcome[];
  maxDepth: number;
  /** How the run keeps its results, for batches whose results come back encoded. */
  spills: SpillPlan;
}

/**
 * A batch of records sent to a worker: read already (JSON, YAML, CSV, XLSX), or the texts of
 * NDJSON lines not parsed yet, packed into one string (what one message costs is mostly per
 * object, not per byte). `encode`: the results come back counted and encoded (`EncodedBatch`).
 */
export type WorkerRequest = { records: RawRecord[]; encode: boolean } | { lines: PackedLines; encode: boolean };

/** NDJSON lines of one file: their texts one after the other, where each ends, and their line numbers (their pointers are `/<line>`). */
export interface PackedLines {
  file: string;
  text: string;
  ends: number[];
  lines: number[];
}

/** A record evaluated, or a batch of them evaluated, counted and encoded. */
export type Evaluated = EvaluatedRaw | EncodedBatch;

/** A worker's answer to a batch: each record evaluated, the batch encoded, or the error that stopped it. */
export type WorkerReply = { evaluated: EvaluatedRaw[] } | { batch: EncodedBatch } | { error: SzcheckErrorInit & { user: boolean } };

/** The records of a request, as the reader gave them. */
export function unpackRecords(request: WorkerRequest): RawRecord[] {
  if ("records" in request) return request.records;
  const { file, text, ends, lines } = request.lines;
  return lines.map((line, index) => ({ raw: undefined, text: text.slice(index === 0 ? 0 : ends[index - 1], ends[index]), origin: { file, pointer: `/${line}`, line } }));
}

/** The records as one request: NDJSON lines packed when they all are (one file's, as `readNdjson` gives them), else as they are. */
function requestOf(records: RawRecord[], encode: boolean): WorkerRequest {
  const file = records[0]?.origin.file ?? "";
  const ends: number[] = [];
  const lines: number[] = [];
  let end = 0;
  for (const { text, origin } of records) {
    if (text === undefined || origin.file !== file || origin.line === undefined || origin.pointer !== `/${origin.line}`) return { records, encode };
    ends.push((end += text.length));
    lines.push(origin.line);
  }
  return { lines: { file, text: records.map((record) => record.text).join(""), ends, lines }, encode };
}

/** node:worker_threads, loaded when the first worker starts: a run of a few filings never loads it (start-up time). */
const workerThreads = (): typeof WorkerThreads => createRequire(import.meta.url)("node:worker_threads") as typeof WorkerThreads;

/**
 * Records sent to a worker at a time: enough to make a message worth its cost, few enough to
 * keep memory flat. Every record out is evaluated data waiting (on the worker, then here, copied)
 * across collections of the young generation, and so copied into the old one, which V8 lets grow
 * to a few times what is live: the fewer records out, the smaller both threads' heaps.
 */
export const WORKER_BATCH = 128;
/** Records a batch when every result is built (`--results all`, a format that reads all): about seven times the data a record. */
const BATCH_BUILDING_ALL = 32;
/** Batches out per worker before the run waits for the oldest: one being evaluated, one waiting, so every worker stays busy. */
const IN_FLIGHT_PER_WORKER = 2;
/**
 * A worker's heap. The young generation: a record's evaluation makes a few hundred KB of
 * short-lived objects, and with 4 MB they were collected, and those of the records in flight
 * promoted, so often that a worker spent 14% of its time collecting (100k records: 33 CPU
 * seconds for two workers at 4 MB, 27 at 16 MB, 27 at 32 MB; peak RSS 224, 261, 299 MiB).
 * The old one capped well above what a batch needs, which makes V8 collect it before it grows
 * far past what is live (its growing factor is smaller for a smaller cap).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 };

/**
 * Threads that evaluate a run's records when not told (`--jobs`), this one among them: the cores
 * there are, up to 4. Beyond that the main thread (reading the input, writing the results the
 * workers send) becomes the bound, and each worker holds its own copy of the rules and its own
 * heap (about 45 MiB each).
 */
export const MAX_DEFAULT_JOBS = 4;

/** 1 when there is no worker bundle to start (running from src/ unbuilt): an explicit --jobs then says what is missing. */
export function defaultJobs(): number {
  return workerScript() === undefined ? 1 : Math.min(availableParallelism(), MAX_DEFAULT_JOBS);
}

/** The worker bundle, built beside the CLI bundle (scripts/build.mjs); absent when running from src/ unbuilt. */
export function workerScript(): string | undefined {
  const path = join(packageRoot(), "dist", "szcheck-worker.cjs");
  return existsSync(path) ? path : undefined;
}

/**
 * Evaluates a run's records on `jobs` threads, this one and `jobs - 1` workers, and gives them back in
 * input order, for the run to `accept` (tallies, portfolio entries) and pass on: whatever the
 * number of jobs, the run sees the same records in the same order, so every report is the same
 * bytes. Workers start only once a batch is full: a run of a few filings never pays for them.
 * This thread reads the input and, whenever every worker has its batches, evaluates a batch itself.
 * A batch of a file whose results need nothing more on this thread (`encodes`) comes back as
 * one `EncodedBatch`: counted and encoded by the worker, so that this thread only adds it up.
 * Other records go to the workers too when `everyBatch` (an explicit --jobs); otherwise they are
 * evaluated here, which costs less than sending their results back whole.
 */
export class ParallelEvaluation {
  private batch: RawRecord[] = [];
  private readonly ready: Evaluated[] = [];
  private readonly pending: Array<Promise<Evaluated[]>> = [];
  private workers: WorkerThread[] | undefined;
  private next = 0;
  private encodedFile: { file: string; encodes: boolean } | undefined;

  constructor(
    private readonly run: RecordEvaluator,
    private readonly jobs: number,
    private readonly setup: WorkerSetup | undefined,
    /** Whether the results of a file's records may come back counted and encoded. */
    private readonly encodes: (file: string) => boolean = () => false,
    /** Send the batches whose results come back whole to the workers too. */
    private readonly everyBatch = true,
  ) {}

  add(record: RawRecord): void {
    if (this.jobs <= 1 || this.setup === undefined || (!this.everyBatch && !this.encodesFile(record.origin.file))) {
      this.evaluateHere(record);
      return;
    }
    // A batch holds one file's records: whether it may be encoded is the file's.
    if (this.batch.length > 0 && this.batch[0]!.origin.file !== record.origin.file) this.send();
    this.batch.push(record);
    if (this.batch.length >= (this.setup.builds.length === outcomes.length ? BATCH_BUILDING_ALL : WORKER_BATCH)) this.send();
  }

  /** A record evaluated on this thread, after whatever was added before it. */
  private evaluateHere(record: RawRecord): void {
    this.flush();
    const evaluated = this.run.evaluate(record);
    if (this.pending.length > 0) this.pending.push(Promise.resolve([evaluated]));
    else this.ready.push(evaluated);
  }

  /** `encodes`, asked once a file. */
  private encodesFile(file: string): boolean {
    if (this.encodedFile?.file !== file) this.encodedFile = { file, encodes: this.encodes(file) };
    return this.encodedFile.encodes;
  }

  /** Whether `take(false)` would wait: more batches out than the workers should have. */
  get full(): boolean {
    return this.pending.length > this.inFlight;
  }

  /** Batches out before the run waits for the oldest: each worker's, and this thread's own. */
  private get inFlight(): number {
    return this.workers === undefined ? 0 : (this.workers.length + 1) * IN_FLIGHT_PER_WORKER;
  }

  /** The records evaluated so far that need no waiting (a run on this thread gives each as it is added). */
  takeReady(): Evaluated[] {
    return this.ready.splice(0);
  }

  /**
   * The records evaluated so far, in input order. With `all`, every record added (the partial
   * batch too): call it before anything that must come after them (a file done, an input error,
   * the end). Otherwise it waits only while too many batches are out.
   */
  async take(all: boolean): Promise<Evaluated[]> {
    if (all) this.flush();
    const limit = all ? 0 : this.inFlight;
    while (this.pending.length > limit) this.ready.push(...(await this.pending.shift()!));
    return this.ready.splice(0);
  }

  /** The partial batch sent, or evaluated here while no worker has started (a run of a few records never starts them). */
  private flush(): void {
    if (this.batch.length === 0) return;
    if (this.workers === undefined) for (const record of this.batch.splice(0)) this.ready.push(this.run.evaluate(record));
    else this.send();
  }

  /** Stops the workers (at the end of the run, or when it is interrupted). */
  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(workers.map((worker) => worker.stop()));
  }

  private send(): void {
    const records = this.batch;
    this.batch = [];
    this.workers ??= Array.from({ length: this.jobs - 1 }, () => new WorkerThread(this.setup!));
    const encode = this.encodesFile(records[0]!.origin.file);
    // This thread takes a batch itself when every worker has its batches (a count the workers keep:
    // their answers are only read when this thread waits), and so is never idle while they work.
    if (this.workers.every((worker) => worker.unanswered >= IN_FLIGHT_PER_WORKER)) {
      this.pending.push(Promise.resolve(encode ? [evaluateEncoded(this.run, records, this.setup!.spills)] : records.map((record) => this.run.evaluate(record))));
      return;
    }
    const worker = this.workers[this.next++ % this.workers.length]!;
    this.pending.push(worker.evaluate(requestOf(records, encode)));
  }
}

/** One worker thread, answering batches in the order they were sent. */
class WorkerThread {
  private readonly worker: WorkerThreads.Worker;
  private readonly waiting: Array<{ resolve: (evaluated: Evaluated[]) => void; reject: (error: Error) => void }> = [];
  private failure: Error | undefined;

  /** Batches the worker has answered, counted by the worker as it answers (readable without waiting for its messages). */
  private readonly answered = new Int32Array(new SharedArrayBuffer(4));
  private sent = 0;

  /** Batches sent and not answered yet. */
  get unanswered(): number {
    return this.sent - Atomics.load(this.answered, 0);
  }

  constructor(setup: WorkerSetup) {
    const script = workerScript();
    if (script === undefined) throw new SzcheckError({ message: "--jobs: the worker bundle dist/szcheck-worker.cjs is missing", hint: "run npm run build, or use --jobs 1" });
    this.worker = new (workerThreads().Worker)(script, { workerData: { ...setup, answered: this.answered }, resourceLimits: WORKER_LIMITS });
    this.worker.unref();
    this.worker.on("message", (reply: WorkerReply) => {
      const waiter = this.waiting.shift();
      if (waiter === undefined) return;
      if ("error" in reply) {
        const { user, ...init } = reply.error;
        waiter.reject(user ? new SzcheckError(init) : new Error(init.message));
      } else {
        waiter.resolve("batch" in reply ? [reply.batch] : reply.evaluated);
      }
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`a worker thread stopped (exit code ${code})`)));
  }

  evaluate(request: WorkerRequest): Promise<Evaluated[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const answer = new Promise<Evaluated[]>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // Rejections are taken in order by `take`; until then they are not "unhandled".
    answer.catch(() => undefined);
    this.worker.postMessage(request);
    this.sent++;
    return answer;
  }

  async stop(): Promise<void> {
    this.failure ??= new Error("the worker threads were stopped");
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}
