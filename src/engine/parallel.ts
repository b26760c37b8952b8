import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import type * as WorkerThreads from "node:worker_threads";
import { SzcheckError, type SzcheckErrorInit } from "../errors.js";
import type { RawRecord } from "../inputs/read-inputs.js";
import { packageRoot } from "../package-root.js";
import { outcomes, type Lang, type Outcome } from "../model/report.js";
import type { LoadedRule } from "../rules/load.js";
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
}

/** A worker's answer to a batch: each record evaluated, or the error that stopped it. */
export type WorkerReply = { evaluated: EvaluatedRaw[] } | { error: SzcheckErrorInit & { user: boolean } };

/** node:worker_threads, loaded when the first worker starts: a run of a few filings never loads it (start-up time). */
const workerThreads = (): typeof WorkerThreads => createRequire(import.meta.url)("node:worker_threads") as typeof WorkerThreads;

/**
 * Records sent to a worker at a time: enough to make a message worth its cost, few enough to
 * keep memory flat. Every record out is evaluated data waiting (on the worker, then here, copied)
 * across collections of the young generation, and so copied into the old one, which V8 lets grow
 * to a few times what is live: the fewer records out, the smaller both threads' heaps.
 */
const BATCH = 128;
/** Records a batch when every result is built (`--results all`, a format that reads all): about seven times the data a record. */
const BATCH_BUILDING_ALL = 32;
/** Batches out per worker before the run waits for the oldest: one being evaluated, one waiting, so every worker stays busy. */
const IN_FLIGHT_PER_WORKER = 2;
/**
 * A worker's heap: a small young generation, and an old one capped well above what a batch
 * needs, which makes V8 collect it before it grows far past what is live (its growing factor
 * is smaller for a smaller cap).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 512 };

/** The worker bundle, built beside the CLI bundle (scripts/build.mjs); absent when running from src/ unbuilt. */
export function workerScript(): string | undefined {
  const path = join(packageRoot(), "dist", "szcheck-worker.cjs");
  return existsSync(path) ? path : undefined;
}

/**
 * Evaluates a run's records, on `jobs` worker threads or on this one, and gives them back in
 * input order, for the run to `accept` (tallies, portfolio entries) and pass on: whatever the
 * number of jobs, the run sees the same records in the same order, so every report is the same
 * bytes. Workers start only once a batch is full: a run of a few filings never pays for them.
 */
export class ParallelEvaluation {
  private batch: RawRecord[] = [];
  private readonly ready: EvaluatedRaw[] = [];
  private readonly pending: Array<Promise<EvaluatedRaw[]>> = [];
  private workers: WorkerThread[] | undefined;
  private next = 0;

  constructor(
    private readonly run: RecordEvaluator,
    private readonly jobs: number,
    private readonly setup: WorkerSetup | undefined,
  ) {}

  add(record: RawRecord): void {
    if (this.jobs <= 1 || this.setup === undefined) {
      this.ready.push(this.run.evaluate(record));
      return;
    }
    this.batch.push(record);
    if (this.batch.length >= (this.setup.builds.length === outcomes.length ? BATCH_BUILDING_ALL : BATCH)) this.send();
  }

  /** Whether `take(false)` would wait: more batches out than the workers should have. */
  get full(): boolean {
    return this.pending.length > (this.workers?.length ?? 0) * IN_FLIGHT_PER_WORKER;
  }

  /** The records evaluated so far that need no waiting (a run on this thread gives each as it is added). */
  takeReady(): EvaluatedRaw[] {
    return this.ready.splice(0);
  }

  /**
   * The records evaluated so far, in input order. With `all`, every record added (the partial
   * batch too): call it before anything that must come after them (a file done, an input error,
   * the end). Otherwise it waits only while too many batches are out.
   */
  async take(all: boolean): Promise<EvaluatedRaw[]> {
    if (all && this.batch.length > 0) {
      if (this.workers === undefined) for (const record of this.batch.splice(0)) this.ready.push(this.run.evaluate(record));
      else this.send();
    }
    const limit = all ? 0 : (this.workers?.length ?? 0) * IN_FLIGHT_PER_WORKER;
    while (this.pending.length > limit) this.ready.push(...(await this.pending.shift()!));
    return this.ready.splice(0);
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
    this.workers ??= Array.from({ length: this.jobs }, () => new WorkerThread(this.setup!));
    const worker = this.workers[this.next++ % this.workers.length]!;
    this.pending.push(worker.evaluate(records));
  }
}

/** One worker thread, answering batches in the order they were sent. */
class WorkerThread {
  private readonly worker: WorkerThreads.Worker;
  private readonly waiting: Array<{ resolve: (evaluated: EvaluatedRaw[]) => void; reject: (error: Error) => void }> = [];
  private failure: Error | undefined;

  constructor(setup: WorkerSetup) {
    const script = workerScript();
    if (script === undefined) throw new SzcheckError({ message: "--jobs: the worker bundle dist/szcheck-worker.cjs is missing", hint: "run npm run build, or use --jobs 1" });
    this.worker = new (workerThreads().Worker)(script, { workerData: setup, resourceLimits: WORKER_LIMITS });
    this.worker.unref();
    this.worker.on("message", (reply: WorkerReply) => {
      const waiter = this.waiting.shift();
      if (waiter === undefined) return;
      if ("error" in reply) {
        const { user, ...init } = reply.error;
        waiter.reject(user ? new SzcheckError(init) : new Error(init.message));
      } else {
        waiter.resolve(reply.evaluated);
      }
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`a worker thread stopped (exit code ${code})`)));
  }

  evaluate(records: RawRecord[]): Promise<EvaluatedRaw[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const answer = new Promise<EvaluatedRaw[]>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // Rejections are taken in order by `take`; until then they are not "unhandled".
    answer.catch(() => undefined);
    this.worker.postMessage(records);
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
