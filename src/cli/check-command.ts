import { Command, Option } from "commander";
import { check, exitCodeOf, failOnChoices, type FailOn } from "../check.js";
import { compiledEvaluator } from "../engine/compile.js";
import { referenceEvaluator } from "../engine/three-valued.js";
import { SzcheckError } from "../errors.js";
import { writeFileAtomic } from "../output/write-atomic.js";
import { formatNames, formatters, parseFormatTarget, type FormatTarget } from "../report/formats.js";
import { langFromEnv, useColor, type CliIo } from "./io.js";

interface CheckFlags {
  format: string[];
  failOn: FailOn;
  asOf?: string;
  lang?: "zh" | "en";
  only?: string;
  skip?: string;
  quiet?: boolean;
  rules: string[];
  color: boolean;
  skipInvalid?: boolean;
  engine: "compiled" | "reference";
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const ids = (list: string | undefined): string[] | undefined => list?.split(",").map((id) => id.trim()).filter((id) => id !== "");

export function checkCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("check")
    .description("check project filings and enterprise records against the rules")
    .argument("<paths...>", "descriptor files (.json .yaml .yml), folders, quoted globs, or - for standard input")
    .option("-f, --format <format[=file]>", `output format: ${formatNames.join(", ")}; repeat it for several; name=file writes to a file`, collect, [])
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding is at or above this severity").choices(failOnChoices).default("error"))
    .option("--as-of <date>", "judge records without a date of their own at this date (YYYY-MM-DD); default today")
    .addOption(new Option("--lang <lang>", "report language; default from the locale (LANG)").choices(["zh", "en"]))
    .option("--only <ids>", "run only these rules (comma-separated ids)")
    .option("--skip <ids>", "leave out these rules (comma-separated ids)")
    .option("-q, --quiet", "show failures only")
    .option("--rules <dir>", "an extra rule pack; a rule with a built-in id replaces it (repeatable)", collect, [])
    .option("--skip-invalid", "check the valid records and exit 0/1 even when some records are invalid")
    .option("--no-color", "no colour, even on a terminal")
    .addOption(new Option("--engine <engine>", "JsonLogic evaluation: compiled once to closures, or json-logic-js apply (the reference; same results, slower)").choices(["compiled", "reference"]).default("compiled"))
    .addHelpText(
      "after",
      `
Exit codes: 0 nothing at or above --fail-on; 1 a finding (fail or incomplete) at or above it;
2 the run could not be done (bad arguments, invalid input or rules).

Examples:
  $ szcheck check fixtures/demo
  $ szcheck check filing.yaml --lang en --as-of 2024-06-30
  $ szcheck check 'filings/**/*.yaml' --format json=out/report.json --format text
  $ cat filing.json | szcheck check - --format json --fail-on warning
  $ szcheck check enterprises/ --only rd-intensity,safety-director --quiet`,
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
      const run = await check({
        paths,
        asOf: flags.asOf,
        lang: flags.lang ?? langFromEnv(io.env),
        rulesDirs: flags.rules,
        only: ids(flags.only),
        skip: ids(flags.skip),
        readStdin: io.readStdin,
        evaluator: flags.engine === "reference" ? referenceEvaluator : compiledEvaluator,
      });
      for (const target of targets) writeTarget(target, run, flags, io);
      const code = exitCodeOf(run.report, flags.failOn, flags.skipInvalid === true);
      if (run.report.errors.length > 0 && !targets.some((t) => t.format === "text" && t.file === undefined)) {
        for (const error of run.report.errors) io.stderr(`szcheck: ${error.file}${error.pointer === "" ? "" : `#${error.pointer}`}: ${error.message}\n`);
      }
      setExitCode(code);
    });
}

function writeTarget(target: FormatTarget, run: Awaited<ReturnType<typeof check>>, flags: CheckFlags, io: CliIo): void {
  const toFile = target.file !== undefined;
  const text = formatters[target.format](run, { color: !toFile && useColor(io, flags.color), quiet: flags.quiet === true });
  if (target.file === undefined) io.stdout(text);
  else writeFileAtomic(target.file, text);
}
