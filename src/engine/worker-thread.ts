import { parentPort, workerData } from "node:worker_threads";
import { isSzcheckError } from "../errors.js";
import { compiledEvaluator } from "./compile.js";
import { evaluateEncoded } from "./encoded-batch.js";
import { unpackRecords, type WorkerReply, type WorkerRequest, type WorkerSetup } from "./parallel.js";
import { RecordEvaluator } from "./run-check.js";
import { referenceEvaluator } from "./three-valued.js";

/**
 * A worker thread of `--jobs` (bundled as dist/szcheck-worker.cjs): evaluates the batches of
 * records it is sent, in order, and answers each with the records evaluated (`RecordEvaluator.evaluate`),
 * or the batch counted and encoded (`evaluateEncoded`), or the error that stopped it.
 */
const setup = workerData as WorkerSetup & { answered: Int32Array };
const builds = new Set(setup.builds);
const run = new RecordEvaluator(setup.rules, {
  asOf: setup.asOf,
  lang: setup.lang,
  evaluator: setup.engine === "reference" ? referenceEvaluator : compiledEvaluator,
  builds: (outcome) => builds.has(outcome),
  maxDepth: setup.maxDepth,
});

parentPort!.on("message", (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const records = unpackRecords(request);
    if (request.encode) {
      const batch = evaluateEncoded(run, records, setup.spills);
      // The encoded results are moved to the main thread, not copied.
      const moved = [batch.listed.bytes.buffer, ...(batch.all === undefined ? [] : [batch.all.bytes.buffer])].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer && buffer.byteLength > 0);
      parentPort!.postMessage({ batch } satisfies WorkerReply, moved);
      Atomics.add(setup.answered, 0, 1);
      return;
    }
    reply = { evaluated: records.map((record) => run.evaluate(record)) };
  } catch (error) {
    const user = isSzcheckError(error);
    reply = { error: user ? { user, file: error.file, pointer: error.pointer, line: error.line, column: error.column, message: error.message, hint: error.hint } : { user, message: (error as Error).stack ?? String(error) } };
  }
  parentPort!.postMessage(reply);
  Atomics.add(setup.answered, 0, 1);
});
