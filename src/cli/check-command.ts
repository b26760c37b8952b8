import { printable } from "../text/printable.js";
import { choiceOption } from "./choice-option.js";
import { statSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { check, exitCodeOf, failOnChoices, ownedFiles, type CheckRun, type FailOn } from "../check.js";
import { configFromFlag } from "../config/config.js";
import { compiledEvaluator } from "../engine/compile.js";
import { defaultJobs, MAX_DEFAULT_JOBS, WORKER_BATCH } from "../engine/parallel.js";
import { referenceEvaluator } from "../engine/three-valued.js";
import { Interrupted, SzcheckError, type RunProgress } from "../errors.js";
import type { InputLimits } from "../inputs/limits.js";
import { encodingChoices, encodingNamed, type Encoding } from "../inputs/decode.js";
import { refuseOverwrites } from "../output/targets.js";
import { writeFileAtomic } from "../output/write-atomic.js";
import { writeReports, WritingInterrupted } from "../output/write-reports.js";
import { formatNames, parseFormatTarget, readsAll, startFormat, type FormatTarget, type StartedFormat } from "../report/formats.js";
import { listings, type Listing } from "../model/report.js";
import { baselineDocument } from "../baseline/baseline.js";
import type { SkippedFile } from "../inputs/read-inputs.js";
import { plainSummaryLine } from "../report/text.js";
import { langFromEnv, useColor, type CliIo } from "./io.js";
import { createProgress } from "./progress.js";

interface CheckFlags {
  format: string[];
  failOn?: FailOn;
  asOf?: string;
  lang?: "zh" | "en";
  only?: string;
  skip?: string;
  quiet?: boolean;
  results: Listing;
  rules: string[];
  /** A file, false for --no-config, undefined to look for szcheck.config.yaml. */
  config?: string | false;
  waivers?: string;
  color: boolean;
  skipInvalid?: boolean;
  allowEmpty?: boolean;
  engine: "compiled" | "reference";
  jobs?: number;
  maxFileSize?: number;
  maxRecords?: number;
  maxDepth?: number;
  maxYamlAliases?: number;
  encoding?: Encoding;
  map?: string;
  ignore: string[];
  skipNonRecords?: boolean;
  baseline?: string;
  writeBaseline?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const ids = (list: string | undefined): string[] | undefined => list?.split(",").map((id) => id.trim()).filter((id) => id !== "");

const wholeNumber = (value: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
  return Number(value);
};
const mebibytes = (value: string): number => {
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || Number(value) <= 0) throw new InvalidArgumentError("must be a number of MiB above 0 (e.g. 512)");
  return Number(value);
};

export function checkCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("check")
    .description("check project filings and enterprise records against the rules")
    .argument("<paths...>", "descriptor files (.json .yaml .yml .ndjson .csv .xlsx), folders, quoted globs, or - for standard input")
    .option("-f, --format <format[=file]>", `output format: ${formatNames.join(", ")}; repeat it for several; name=file writes to a file`, collect, [])
    .addOption(choiceOption("--fail-on <severity>", "exit 1 when a finding is at or above this severity (default: error, or the config's failOn)", failOnChoices))
    .option("--as-of <date>", "judge records without a date of their own at this date (YYYY-MM-DD); default the config's asOf, else today")
    .addOption(choiceOption("--lang <lang>", "report language; default the config's lang, else from the locale (LANG)", ["zh", "en"]))
    .option("--only <ids>", "run only these rules (comma-separated ids)")
    .option("--skip <ids>", "leave out these rules (comma-separated ids)")
    .option("-q, --quiet", "show failures only")
    .addOption(choiceOption("--results <which>", "results the reports list: findings (fail, incomplete, waived, computed; passes and not-applicables are counted) or all (every rule and subject: the audit trail)", listings).default("findings"))
    .option("--rules <dir>", "an extra rule pack; a rule with a built-in id replaces it (repeatable)", collect, [])
    .option("--config <file>", "the config file; default: szcheck.config.yaml in the working folder or the nearest folder above it")
    .option("--no-config", "use no config file")
    .option("--waivers <file>", "a waivers file (YAML or JSON); default: the config's waivers")
    .option("--map <file>", "a mapping file for the CSV and XLSX inputs (default: <file>.szmap.yaml beside each, else the config's intake:); `szcheck map <file>` drafts one")
    .addOption(new Option("--encoding <name>", "the encoding of CSV, NDJSON and standard input (default: detected, UTF-8 or GB18030)").choices(encodingChoices).argParser((value: string) => {
      const encoding = encodingNamed(value);
      if (encoding === undefined) throw new InvalidArgumentError(`one of ${encodingChoices.join(", ")}`);
      return encoding;
    }))
    .option("--ignore <pattern>", "leave out matching files (gitignore syntax, relative to the working folder; repeatable), besides node_modules, .git, dist, .szcheckignore and the config's ignore", collect, [])
    .option("--skip-non-records", "skip JSON/YAML files that hold no records even when named outright, as in folders (for hooks that pass every changed file)")
    .option("--baseline <file>", "report each finding as new or unchanged against this baseline file, and fail only on new ones")
    .option("--write-baseline <file>", "write this run's findings to a baseline file (accepting them: the run then fails only on input errors)")
    .option("--skip-invalid", "check the valid records and exit 0/1 even when some records are invalid (a rule that could not be evaluated on a record, over its budget, is still exit 2)")
    .option("--allow-empty", "a file with no record, or a run that checked none, is not an error (exit 0)")
    .option("--no-color", "no colour, even on a terminal")
    .addOption(new Option("--max-file-size <MiB>", "the largest JSON/YAML/XLSX file read, in MiB (default 256)").argParser(mebibytes))
    .addOption(new Option("--max-records <n>", "the most records in one run (default 2,000,000)").argParser(wholeNumber))
    .addOption(new Option("--max-depth <n>", "the deepest nesting of lists and objects in a record (default 32)").argParser(wholeNumber))
    .addOption(new Option("--max-yaml-aliases <n>", "the most YAML aliases a document may expand (default 100)").argParser(wholeNumber))
    .addOption(
      new Option(
        "--jobs <n>",
        `threads that evaluate records: the main thread and n-1 worker threads (default: the cores there are, up to ${MAX_DEFAULT_JOBS}: ${defaultJobs()} here; 1: the main thread alone). Reports are the same bytes whatever the number. Workers start only once ${WORKER_BATCH} records are read. By default they share the records of NDJSON, CSV and XLSX files when the run has no waivers and no --baseline, and the main thread checks the rest alone, where that costs less; a number given shares every record`,
      ).argParser(wholeNumber),
    )
    .addOption(choiceOption("--engine <engine>", "JsonLogic evaluation: compiled once to closures, or json-logic-js apply (the reference; same results, slower)", ["compiled", "reference"]).default("compiled"))
    .addHelpText(
      "after",
      `
Exit codes: 0 nothing at or above --fail-on; 1 a finding (fail or incomplete) at or above it;
2 the run could not be done (bad arguments, invalid input, rules, config or waivers), or it
checked no record (unless --allow-empty);
130 interrupted (Ctrl-C), 143 terminated (SIGTERM): every report file is written or none is
(no half-written or temporary file), and stderr says how far the run got;
141 standard output or standard error was closed early (| head): szcheck stops quietly.

A report is never written over a file the run reads (an input, the config, the waivers or a
rule file) nor over another report: that is refused with exit 2. --format json=- is standard output.

Settings come from the flags, then szcheck.config.yaml (\`szcheck schema config\`), then the defaults.

Examples:
  $ szcheck check fixtures/demo
  $ szcheck check filing.yaml --lang en --as-of 2024-06-30
  $ szcheck check 'filings/**/*.yaml' --format json=out/report.json --format text
  $ szcheck check enterprises.ndjson --format ndjson=results.ndjson --results all
  $ szcheck check filings/ --format github --format sarif=szcheck.sarif
  $ szcheck check filings/ --format junit=report.xml --waivers waivers.yaml
  $ cat filing.json | szcheck check - --format json --fail-on warning
  $ szcheck check enterprises/ --only rd-intensity,safety-director --quiet
  $ szcheck check roster.xlsx --format xlsx=report.xlsx --format html=report.html
  $ szcheck check roster.xlsx filings.csv --format annotated=out/   (copies with verdict columns)
  $ szcheck check 统计表.xlsx --map 统计表.szmap.yaml
  $ szcheck check '项目清单.xlsx[项目清单]' export-gbk.csv --encoding gb18030
  $ szcheck check filings/ --write-baseline szcheck-baseline.json
  $ szcheck check filings/ --baseline szcheck-baseline.json --format compact
  $ szcheck check . --ignore 'drafts/**'`,
    )
    .action(async (paths: string[], flags: CheckFlags) => {
      const targets = (flags.format.length === 0 ? ["text"] : flags.format).map((spec) => {
        const target = parseFormatTarget(spec);
        if (typeof target === "string") throw new SzcheckError({ message: `--format: ${target}` });
        return target;
      });
      const toStdout = targets.filter((target) => target.file === undefined);
      if (toStdout.length > 1) {
        throw new SzcheckError({ message: `--format: only one format can go to standard output (got ${toStdout.map((t) => t.format).join(", ")})`, hint: "write the others to files: --format json=report.json" });
      }
      const config = configFromFlag(flags.config);
      const toFiles = targets.flatMap((target) => (target.file === undefined ? [] : [{ file: target.file, format: target.format }]));
      refuseOverwrites(toFiles, await ownedFiles({ paths, config, rulesDirs: flags.rules, waiversFile: flags.waivers }));
      const controller = new AbortController();
      /** 130 after SIGINT (Ctrl-C), 143 after SIGTERM: 128 + the signal's number, as shells report it. */
      const interruptedCode = (): number => (controller.signal.reason === "SIGTERM" ? 143 : 130);
      const lang = flags.lang ?? config?.config.lang ?? langFromEnv(io.env);
      const progress = createProgress({ stream: io.progressStream ?? { write: () => undefined }, env: io.env, lang });
      progress.start(undefined);
      const stopListening = io.onInterrupt?.((signal) => controller.abort(signal));
      const failOn = flags.failOn ?? config?.config.failOn ?? "error";
      const started = targets.map((target) => ({ target, format: start(target, flags, io, failOn) }));
      let run: CheckRun | undefined;
      try {
        let drawn = { records: 0, fail: 0, incomplete: 0, invalid: 0 };
        try {
          run = await check({
            paths,
            asOf: flags.asOf,
            lang,
            rulesDirs: flags.rules,
            only: ids(flags.only),
            skip: ids(flags.skip),
            config,
            waiversFile: flags.waivers,
            baselineFile: flags.baseline,
            ignore: flags.ignore,
            skipNonRecords: flags.skipNonRecords,
            limits: limitsOf(flags),
            signal: controller.signal,
            readStdin: io.readStdin,
            encoding: flags.encoding,
            mapFile: flags.map,
            allowEmpty: flags.allowEmpty === true,
            evaluator: flags.engine === "reference" ? referenceEvaluator : compiledEvaluator,
            listing: flags.results,
            jobs: flags.jobs,
            keepAll: readsAll(targets.map((target) => target.format)),
            subscribers: started.flatMap(({ format }) => (format.subscriber === undefined ? [] : [format.subscriber])),
            onProgress: (done, counts) => {
              // The bar counts increments; the run reports totals.
              progress.tick(done.recordsRead - drawn.records, { fail: counts.fail - drawn.fail, incomplete: counts.incomplete - drawn.incomplete, invalid: counts.invalid - drawn.invalid });
              drawn = { records: done.recordsRead, ...counts };
            },
          });
        } catch (error) {
          progress.stop();
          if (!(error instanceof Interrupted)) throw error;
          io.stderr(interruptedMessage(error.progress));
          setExitCode(interruptedCode());
          return;
        }
        progress.stop();
        // Ctrl-C after the last record but before the reports: stop here too, writing nothing.
        if (controller.signal.aborted) {
          io.stderr(interruptedMessage(progressOf(run)));
          setExitCode(interruptedCode());
          return;
        }
        // All report files are replaced or none: a signal while they are written leaves the old ones.
        const done = run;
        try {
          // A workbook or a folder of copies is made first (asynchronously), then written with the rest.
          const outputs = [];
          for (const { target, format } of started) outputs.push(...(await format.outputs(done, target.file)));
          await writeReports(
            outputs,
            { stdout: io.stdout, signal: controller.signal },
          );
        } catch (error) {
          if (!(error instanceof WritingInterrupted)) throw error;
          io.stderr(`szcheck: interrupted while writing the reports: ${progressOf(run).recordsChecked.toLocaleString("en-US")} records checked; ${printable(error.state)}\n`);
          setExitCode(interruptedCode());
          return;
        }
        const written = targets.flatMap((target) => (target.file === undefined || target.format === "annotated" ? [] : [{ file: target.file, bytes: sizeOf(target.file) }]));
        if (flags.writeBaseline !== undefined) {
          const document = baselineDocument(run.report.results);
          writeFileAtomic(flags.writeBaseline, JSON.stringify(document, null, 2) + "\n");
          io.stderr(`szcheck: wrote ${printable(flags.writeBaseline)}: ${document.findings.length} finding${document.findings.length === 1 ? "" : "s"} accepted; \`--baseline ${printable(flags.writeBaseline)}\` fails only on new ones\n`);
        }
        const exitOptions = { skipInvalid: flags.skipInvalid === true, allowEmpty: flags.allowEmpty === true, unevaluated: run.unevaluated ?? 0 };
        const plainCode = exitCodeOf(run.report, failOn, exitOptions);
        const code = flags.writeBaseline !== undefined && plainCode === 1 ? 0 : plainCode;
        for (const line of skippedLines(run.skipped)) io.stderr(line);
        if (run.report.errors.length > 0 && !targets.some((t) => t.format === "text" && t.file === undefined)) {
          for (const error of run.report.errors) {
            const line = error.line === null ? "" : `:${error.line}${error.column === null ? "" : `:${error.column}`}`;
            io.stderr(`szcheck: ${printable(error.file)}${line}${error.pointer === "" ? "" : `#${printable(error.pointer)}`}: ${printable(error.message)}\n`);
          }
        }
        if (run.report.summary.records === 0 && flags.allowEmpty !== true) {
          io.stderr(`szcheck: no record was checked${run.report.errors.length > 0 ? ` (every record was invalid: ${run.report.errors.length} input error${run.report.errors.length === 1 ? "" : "s"})` : ""}; pass --allow-empty if that is expected\n`);
        }
        // Nothing on standard output: say where the reports went, and how the run came out.
        if (written.length === targets.length) {
          io.stderr(`szcheck: wrote ${written.map(({ file, bytes }) => `${file} (${formatSize(bytes)})`).join(", ")}\n`);
          io.stderr(`${plainSummaryLine(run.report)}\n`);
        }
        setExitCode(code);
      } finally {
        run?.dispose?.();
        stopListening?.();
      }
    });
}

/** --config file, --no-config, or the nearest szcheck.config.yaml. */
function limitsOf(flags: CheckFlags): Partial<InputLimits> {
  const limits: Partial<InputLimits> = {};
  if (flags.maxFileSize !== undefined) limits.maxFileBytes = Math.floor(flags.maxFileSize * 1024 * 1024);
  if (flags.maxRecords !== undefined) limits.maxRecords = flags.maxRecords;
  if (flags.maxDepth !== undefined) limits.maxDepth = flags.maxDepth;
  if (flags.maxYamlAliases !== undefined) limits.maxYamlAliases = flags.maxYamlAliases;
  return limits;
}

const progressOf = (run: CheckRun): RunProgress => ({ filesRead: run.report.inputs.length, recordsRead: run.report.summary.records, recordsChecked: run.report.summary.records });

function interruptedMessage(progress: RunProgress): string {
  const n = (count: number, one: string, many: string): string => `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
  return `szcheck: interrupted: ${n(progress.recordsChecked, "record", "records")} checked, ${n(progress.filesRead, "file", "files")} read completely; no report was written\n`;
}

function start(target: FormatTarget, flags: CheckFlags, io: CliIo, failOn: FailOn): StartedFormat {
  const toFile = target.file !== undefined;
  return startFormat(target.format, { color: !toFile && useColor(io, flags.color), quiet: flags.quiet === true, failOn, terminal: !toFile && io.stdoutIsTerminal === true });
}

/** One line for the files that hold no records, one for the files named outright that an ignore pattern leaves out. */
function skippedLines(skipped: SkippedFile[]): string[] {
  const list = (files: SkippedFile[]): string => `${files.slice(0, 5).map((f) => f.file).join(", ")}${files.length > 5 ? `, … (${files.length - 5} more)` : ""}`;
  const notRecords = skipped.filter((file) => file.reason === "not-records");
  const lines: string[] = [];
  if (notRecords.length > 0) lines.push(`szcheck: skipped ${notRecords.length} file${notRecords.length === 1 ? "" : "s"} that ${notRecords.length === 1 ? "is not a record" : "are not records"} (no kind): ${list(notRecords)}\n`);
  const ignored = skipped.filter((file) => file.reason === "ignored");
  const origins = [...new Set(ignored.map((file) => file.origin))].join(", ");
  if (ignored.length > 0) lines.push(`szcheck: ignored ${ignored.length} file${ignored.length === 1 ? "" : "s"} named on the command line (by ${origins}): ${list(ignored)}\n`);
  return lines;
}

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** 1.2 KB, 3.4 MB: the size of a written report. */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
