import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { applyConfig, configIntake, configRuleDirs, configWaiversFile, type LoadedConfig } from "./config/config.js";
import { BaselineMatcher, loadBaseline } from "./baseline/baseline.js";
import { budgetProblemInTests } from "./authoring/test-cases.js";
import { loadWaivers, WaiverLedger } from "./config/waivers.js";
import { Interrupted, SzcheckError, type RunProgress } from "./errors.js";
import { compiledEvaluator } from "./engine/compile.js";
import { defaultJobs, ParallelEvaluation, type Evaluated, type WorkerSetup } from "./engine/parallel.js";
import { RecordEvaluator } from "./engine/run-check.js";
import { referenceEvaluator, type LogicEvaluator } from "./engine/three-valued.js";
import { decodeDescriptorText, defaultLimits, type InputLimits } from "./inputs/limits.js";
import { decodeText, type Encoding } from "./inputs/decode.js";
import { findIgnoreFile, PathFilter, type IgnoreSource } from "./inputs/ignore-paths.js";
import { expandPaths, splitSheet, streamInputs, type InputFile, type SkippedFile } from "./inputs/read-inputs.js";
import type { OwnedFile } from "./output/targets.js";
import type { CheckRun, ResultSubscriber } from "./report/run.js";
import { outcomes, REPORT_VERSION, type InputError, type Lang, type Listing, type Outcome, type Report, type ReportError } from "./model/report.js";
import { didYouMean } from "./did-you-mean.js";
import { failRank, type FailThreshold } from "./report/view.js";
import { builtInRulesDir, packageVersion } from "./package-root.js";
import { ResultPipeline } from "./results/result-pipeline.js";
import { ruleEntriesOf } from "./report/result-entry.js";
import { loadRulePacks, RULE_FILE, type LoadedRule } from "./rules/load.js";
import { severities } from "./rules/schema.js";
import { isCalendarDate } from "./descriptors/primitives.js";

export type { CheckRun };

export interface CheckOptions {
  /** Files, folders, globs, or "-" for standard input. */
  paths: string[];
  /** The date rules are judged at when a record has none of its own; default: the config's, else today. */
  asOf?: string | undefined;
  /** Default: the config's, else zh. */
  lang?: Lang | undefined;
  /** Extra rule packs, loaded after the built-in one and the config's; a rule with the same id replaces it. */
  rulesDirs?: string[] | undefined;
  /** Leave out the built-in pack (for authors testing a pack alone). */
  noBuiltInRules?: boolean | undefined;
  only?: string[] | undefined;
  skip?: string[] | undefined;
  /** A loaded szcheck.config.yaml (`loadConfig`, `findConfig`): packs, severities, parameters, asOf, lang, waivers. */
  config?: LoadedConfig | undefined;
  /** A waivers file; default: the config's. */
  waiversFile?: string | undefined;
  /** A baseline file (`--baseline`): each finding is marked new or unchanged, and only new ones count for the exit code. */
  baselineFile?: string | undefined;
  /** Extra ignore patterns (gitignore syntax, relative to the working folder), besides the defaults, .szcheckignore and the config's. */
  ignore?: string[] | undefined;
  /** Skip JSON/YAML files without records even when named outright (pre-commit passes every changed file). */
  skipNonRecords?: boolean | undefined;
  /** Bounds on what is read (file size, records, nesting depth, YAML aliases). */
  limits?: Partial<InputLimits> | undefined;
  /** Stops the run between records: `check` then rejects with `Interrupted` (its progress says how far it got). */
  signal?: AbortSignal | undefined;
  /** Fill in the line and column of each location (reads each JSON/YAML input again); default true. */
  locations?: boolean | undefined;
  /** How JsonLogic is evaluated; default: compiled once to closures (same results as json-logic-js `apply`). */
  evaluator?: LogicEvaluator | undefined;
  readStdin?: ((maxBytes?: number) => Promise<Uint8Array | string>) | undefined;
  /** --encoding: how CSV, NDJSON and standard input are decoded; default: detected (UTF-8, else GB18030). */
  encoding?: Encoding | undefined;
  /** --map: a mapping file for every CSV and XLSX input (beats `<file>.szmap.yaml` beside it and the config's `intake:`). */
  mapFile?: string | undefined;
  /** A file with no record is not an input error. */
  allowEmpty?: boolean | undefined;
  /** Which results the report lists: the findings (fail, incomplete, waived, computed; default) or all. */
  listing?: Listing | undefined;
  /** Build and keep every result, listed or not, for formats that read all of them (`CheckRun.allResults`). */
  keepAll?: boolean | undefined;
  /** Told of every outcome and every result built, as the run goes (formats that render as results come). */
  subscribers?: readonly ResultSubscriber[] | undefined;
  /**
   * Worker threads that evaluate records; reports are the same bytes whatever the number. 1: none,
   * all on this thread. Default: the cores there are, up to 4 (`defaultJobs`), for the records
   * whose results the workers can send back counted and encoded (no waivers, no baseline, no
   * subscribers, not a JSON/YAML file), the others evaluated on this thread, where they cost
   * less; a number given sends every record to the workers.
   */
  jobs?: number | undefined;
  /** Bytes of encoded results kept in memory before the rest go to a temporary file (default 8 MiB). */
  spillBytes?: number | undefined;
  /** Told how far the run has got, every few hundred records and when it ends (for a progress bar). */
  onProgress?: ((progress: RunProgress, counts: { fail: number; incomplete: number; invalid: number }) => void) | undefined;
}


/** Records between two looks at the abort signal (and two turns of the event loop). */
const YIELD_EVERY = 256;

/** The main job: read the inputs, evaluate the rules, and give the report. Never prints. */
export async function check(options: CheckOptions): Promise<CheckRun> {
  const config = options.config;
  const asOf = options.asOf ?? config?.config.asOf ?? todayIso();
  if (!isCalendarDate(asOf)) throw new SzcheckError({ message: `--as-of ${asOf} is not a date`, hint: "write it YYYY-MM-DD, e.g. --as-of 2024-06-30" });
  const lang = options.lang ?? config?.config.lang ?? "zh";
  const pack = loadRulePacks([...(options.noBuiltInRules === true ? [] : [builtInRulesDir()]), ...configRuleDirs(config), ...(options.rulesDirs ?? [])]);
  // The built-in pack's cases run when it is built and in its tests; a pack of the user's is tried on its own cases here.
  const tooCostly = budgetProblemInTests(pack.rules.filter((rule) => !pack.builtIn.has(rule)), options.evaluator ?? compiledEvaluator);
  if (tooCostly !== undefined) throw tooCostly;
  const configured = applyConfig(pack, config);
  const rules = selectRules(configured.rules, options.only, options.skip, configured.off, config?.file);
  const waiversFile = options.waiversFile ?? configWaiversFile(config);
  const waivers = waiversFile === undefined ? undefined : loadWaivers(waiversFile, new Set(pack.rules.map((rule) => rule.definition.id)));

  const baseline = options.baselineFile === undefined ? undefined : new BaselineMatcher(loadBaseline(options.baselineFile));

  const progress: RunProgress = { filesRead: 0, recordsRead: 0, recordsChecked: 0 };
  const stop = async (): Promise<void> => {
    options.onProgress?.({ ...progress }, run.counts(inputErrors.length));
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted === true) throw new Interrupted({ ...progress });
  };
  let stdinText: string | undefined;
  const readStdin = options.readStdin === undefined ? undefined : async (maxBytes?: number) => {
    const input = await options.readStdin!(maxBytes);
    // Decoded once here, by the rule every input follows, so that locations read the same text.
    stdinText = typeof input === "string" ? input : options.encoding === undefined ? decodeDescriptorText(Buffer.from(input), "-") : decodeText(input, "-", options.encoding, lang).text;
    return stdinText;
  };
  const ledger = waivers === undefined ? undefined : new WaiverLedger(waivers, asOf);
  const listing = options.listing ?? "findings";
  const pipeline = new ResultPipeline({
    waivers: ledger,
    baseline,
    locations: options.locations !== false,
    listing,
    keepAll: options.keepAll === true,
    rules,
    lang,
    subscribers: options.subscribers,
    spillBytes: options.spillBytes,
  });
  const evaluator = options.evaluator ?? compiledEvaluator;
  const builds = (outcome: Outcome): boolean => pipeline.builds(outcome);
  const maxDepth = options.limits?.maxDepth ?? defaultLimits.maxDepth;
  const run = new RecordEvaluator(rules, { asOf, lang, evaluator, builds, maxDepth });
  // Worker threads evaluate with an engine they can make themselves: the compiled or the reference one.
  const engine = evaluator === compiledEvaluator ? "compiled" : evaluator === referenceEvaluator ? "reference" : undefined;
  const setup: WorkerSetup | undefined = engine === undefined ? undefined : { rules, asOf, lang, engine, builds: outcomes.filter(builds), maxDepth, spills: pipeline.spillPlan };
  const evaluation = new ParallelEvaluation(run, options.jobs ?? defaultJobs(), setup, (file) => pipeline.takesEncoded(file), options.jobs !== undefined);
  /** Lines of the file being read that turned out not to be records (not JSON, too deep): not counted in its `records`. */
  let unreadInFile = 0;
  /** (Rule, record) pairs a rule could not evaluate within its budget: a duty left unchecked. */
  let unevaluated = 0;
  /** A record evaluated (here or on a worker), or a batch a worker counted and encoded, counted into the run and passed on, in input order. */
  const accept = (evaluated: Evaluated): void => {
    if ("encoded" in evaluated) {
      run.acceptCounted(evaluated);
      pipeline.encoded(evaluated);
      for (const error of evaluated.errors) inputErrors.push(error);
      unreadInFile += evaluated.unread;
      unevaluated += evaluated.unevaluated;
      progress.recordsChecked += evaluated.records;
      return;
    }
    if ("unread" in evaluated) unreadInFile++;
    const checked = run.accept(evaluated);
    if (checked.ok) {
      pipeline.record(checked.attributes, checked.results, checked.counted);
      for (const error of checked.unevaluated) inputErrors.push(error);
      unevaluated += checked.unevaluated.length;
    } else for (const error of checked.errors) inputErrors.push(error);
    progress.recordsChecked++;
  };
  const files: InputFile[] = [];
  const skipped: SkippedFile[] = [];
  const inputErrors: InputError[] = [];
  /** Where the errors of the file being read start in inputErrors. */
  let fileErrorsFrom = 0;
  try {
    await stop();
    const configMapping = configIntake(config);
    for await (const event of streamInputs(options.paths, { readStdin, limits: options.limits, lang, encoding: options.encoding, mapFile: options.mapFile, configMapping, allowEmpty: options.allowEmpty === true, filter: pathFilter(config, options.ignore), skipNonRecords: options.skipNonRecords, deferNdjsonParsing: true })) {
      if ("record" in event) {
        progress.recordsRead++;
        evaluation.add(event.record);
        // No await when nothing is to be waited for: a turn of the event loop per record costs.
        for (const evaluated of evaluation.full ? await evaluation.take(false) : evaluation.takeReady()) accept(evaluated);
        if (progress.recordsRead % YIELD_EVERY === 0) await stop();
        continue;
      }
      // Whatever follows records (an input error, a file done) waits for them all.
      for (const evaluated of await evaluation.take(true)) accept(evaluated);
      if ("error" in event) {
        inputErrors.push(event.error);
      } else if ("skipped" in event) {
        skipped.push(event.skipped);
      } else {
        files.push(unreadInFile === 0 ? event.file : { ...event.file, records: event.file.records - unreadInFile });
        unreadInFile = 0;
        progress.filesRead++;
        pipeline.fileDone(event.file.file, event.file.sha256, stdinText, inputErrors.slice(fileErrorsFrom));
        fileErrorsFrom = inputErrors.length;
        await stop();
      }
    }
    for (const evaluated of await evaluation.take(true)) accept(evaluated);
    pipeline.batchResults(run.finish());
    await stop();
    pipeline.finish();
  } catch (error) {
    pipeline.dispose();
    throw error;
  } finally {
    await evaluation.close();
  }
  const errors = inputErrors.map(reportError);
  const report: Report = {
    tool: "szcheck",
    reportVersion: REPORT_VERSION,
    version: packageVersion(),
    asOf,
    lang,
    rulesetHash: configured.hash,
    inputs: files,
    summary: pipeline.batch.summary(run.records, rules),
    rules: ruleEntriesOf(rules, lang),
    listed: listing,
    results: pipeline.listed,
    errors,
    waivers: ledger === undefined ? null : ledger.report(),
    ...(baseline === undefined ? {} : { baseline: baseline.outcome() }),
  };
  const allResults = listing === "all" ? pipeline.listed : pipeline.all;
  return { report, listed: pipeline.listed, ...(allResults === undefined ? {} : { allResults }), rules, skipped, batch: pipeline.batch.finish(rules), unevaluated, dispose: () => pipeline.dispose() };
}

/** The ignore patterns of a run: .szcheckignore (the nearest), the config's `ignore` (relative to it) and --ignore (relative to the working folder). */
function pathFilter(config: LoadedConfig | undefined, flags: string[] | undefined): PathFilter {
  const sources: IgnoreSource[] = [];
  const file = findIgnoreFile();
  if (file !== undefined) sources.push(file);
  if (config?.config.ignore !== undefined) sources.push({ base: config.dir, patterns: config.config.ignore, origin: config.file });
  if (flags !== undefined && flags.length > 0) sources.push({ base: process.cwd(), patterns: flags, origin: "--ignore" });
  return new PathFilter(sources);
}

/**
 * Every file a check with these options reads that the user owns: the inputs, the config, the
 * waivers file and the rule files (and their tests). A report must never be written over one.
 */
export async function ownedFiles(options: Pick<CheckOptions, "paths" | "config" | "rulesDirs" | "waiversFile">): Promise<OwnedFile[]> {
  const owned: OwnedFile[] = [];
  for (const { path } of (await expandPaths(options.paths)).files) if (path !== "-") owned.push({ path: splitSheet(path).path, what: "an input" });
  const config = options.config;
  if (config !== undefined) owned.push({ path: join(config.dir, basename(config.file)), what: "the config" });
  const waivers = options.waiversFile ?? configWaiversFile(config);
  if (waivers !== undefined) owned.push({ path: waivers, what: "the waivers file" });
  for (const dir of [...configRuleDirs(config), ...(options.rulesDirs ?? [])]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((name) => RULE_FILE.test(name));
    } catch {
      // A missing pack folder is reported when the rules are loaded.
    }
    for (const name of names) owned.push({ path: join(dir, name), what: "a rule file" });
  }
  return owned;
}

const reportError = (error: InputError): ReportError => ({ file: error.file, pointer: error.pointer, line: error.line ?? null, column: error.column ?? null, message: error.message });

function selectRules(rules: LoadedRule[], only: string[] | undefined, skip: string[] | undefined, off: string[], configFile: string | undefined): LoadedRule[] {
  const known = new Set(rules.map((rule) => rule.definition.id));
  for (const [flag, ids] of [["--only", only], ["--skip", skip]] as const) {
    const turnedOff = flag === "--only" ? (ids ?? []).filter((id) => off.includes(id)) : [];
    if (turnedOff.length > 0) {
      throw new SzcheckError({ message: `--only: ${turnedOff.join(", ")} ${turnedOff.length === 1 ? "is" : "are"} turned off (severity: off) in ${configFile ?? "the config"}`, hint: "remove it from the config's severity list, or run with --no-config" });
    }
    const unknown = (ids ?? []).filter((id) => !known.has(id) && !off.includes(id));
    if (unknown.length > 0) {
      const ids = [...known];
      throw new SzcheckError({ message: `${flag}: no rule with id ${unknown.map((id) => `"${id}"${didYouMean(id, ids)}`).join(", ")}`, hint: "`szcheck rules list` shows the rule ids" });
    }
  }
  return rules.filter((rule) => (only === undefined || only.length === 0 || only.includes(rule.definition.id)) && !(skip ?? []).includes(rule.definition.id));
}

export type FailOn = FailThreshold;

/**
 * 0: nothing at or above the threshold; 1: a finding at or above it; 2: inputs were invalid, or
 * no record was checked at all (unless `allowEmpty`): a run that checked nothing has proved nothing.
 * A rule that could not be evaluated on a record (`unevaluated`, over its budget) is 2 even under
 * `skipInvalid`: the record is valid, and a duty of it went unchecked.
 */
export function exitCodeOf(report: Report, failOn: FailOn, options: { skipInvalid?: boolean; allowEmpty?: boolean; unevaluated?: number } = {}): 0 | 1 | 2 {
  if (report.errors.length > 0 && options.skipInvalid !== true) return 2;
  if ((options.unevaluated ?? 0) > 0) return 2;
  if (report.summary.records === 0 && options.allowEmpty !== true) return 2;
  if (failOn === "none") return 0;
  // Against a baseline, only new findings count.
  const bySeverity = report.baseline?.newBySeverity ?? report.summary.bySeverity;
  return severities.some((severity) => failRank[severity] >= failRank[failOn] && bySeverity[severity] > 0) ? 1 : 0;
}

export const failOnChoices = [...severities, "none"] as const;

/** Today's date in the local time zone, YYYY-MM-DD: the default --as-of. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
