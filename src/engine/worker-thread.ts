import { parentPort, workerData } from "node:worker_threads";
import { isSzcheckError } from "../errors.js";
import type { RawRecord } from "../inputs/read-inputs.js";
import { compiledEvaluator } from "./compile.js";
import type { WorkerReply, WorkerSetup } from "./parallel.js";
import { RecordEvaluator } from "./run-check.js";
import { referenceEvaluator } from "./three-valued.js";

/**
 * A worker thread of `--jobs` (bundled as dist/szcheck-worker.cjs): evaluates the batches of
 * records it is sent, in order, and answers each with the records evaluated (`RecordEvaluator.evaluate`),
 * or with the error that stopped it.
 */
const setup = workerData as WorkerSetup;
const builds = new Set(setup.builds);
const run = new RecordEvaluator(setup.rules, {
  asOf: setup.asOf,
  lang: setup.lang,
  evaluator: setup.engine === "reference" ? referenceEvaluator : compiledEvaluator,
  builds: (outcome) => builds.has(outcome),
  maxDepth: setup.maxDepth,
});

parentPort!.on("message", (records: RawRecord[]) => {
  let reply: WorkerReply;
  try {
    reply = { evaluated: records.map((record) => run.evaluate(record)) };
  } catch (error) {
    const user = isSzcheckError(error);
    reply = { error: user ? { user, file: error.file, pointer: error.pointer, line: error.line, column: error.column, message: error.message, hint: error.hint } : { user, message: (error as Error).stack ?? String(error) } };
  }
  parentPort!.postMessage(reply);
});
