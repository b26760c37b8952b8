import { printable } from "../text/printable.js";
import { Command, CommanderError } from "commander";
import { environmentError, ExitCode, isSzcheckError } from "../errors.js";
import { packageVersion } from "../package-root.js";
import { checkCommand } from "./check-command.js";
import { coverageCommand } from "./coverage-command.js";
import { explainCommand } from "./explain-command.js";
import { initCommand } from "./init-command.js";
import { mapCommand } from "./map-command.js";
import type { CliIo } from "./io.js";
import { rulesCommand } from "./rules-command.js";
import { schemaCommand } from "./schema-command.js";

/** Runs the CLI on argv (without node and script) and resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const debug = argv.includes("--debug");
  const program = new Command("szcheck")
    .description("Check Shenzhen construction project filings and enterprise records against 深府办函〔2022〕95号 and the statutes it relies on.")
    .version(packageVersion(), "-v, --version")
    .option("--debug", "print stack traces of unexpected errors")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError()
    .addHelpText("after", `\nExamples:\n  $ szcheck check fixtures/demo\n  $ szcheck check filing.yaml --format json --lang en\n  $ szcheck explain rd-intensity fixtures/demo/enterprises.yaml#/0\n  $ szcheck init project > filing.yaml\n  $ szcheck rules list\n  $ szcheck rules show bim-required\n  $ szcheck rules lint my-pack/\n  $ szcheck coverage\n  $ szcheck schema project\n  $ szcheck map 统计表.xlsx --write\n\nDocs: README.md, docs/intake.md (workbooks and CSVs as they come), docs/report.md (the JSON report), docs/rules.md (the rule format), docs/authoring.md (writing a rule pack).`);
  const setExitCode = (code: number): void => void (exitCode = code);
  for (const command of [checkCommand(io, setExitCode), explainCommand(io, setExitCode), rulesCommand(io, setExitCode), coverageCommand(io, setExitCode), initCommand(io), mapCommand(io), schemaCommand(io)]) {
    program.addCommand(command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).showSuggestionAfterError());
  }
  try {
    await program.parseAsync(argv.filter((arg) => arg !== "--debug"), { from: "user" });
    return exitCode;
  } catch (thrown) {
    // A system error (ENOSPC, EACCES, a missing TMPDIR) is the machine's environment: said as one, not as a bug.
    const error = environmentError(thrown) ?? thrown;
    if (error instanceof CommanderError) {
      const helpOrVersion = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      return helpOrVersion ? ExitCode.ok : ExitCode.runFailed;
    }
    if (isSzcheckError(error)) {
      io.stderr(`szcheck: ${error.describe(printable)}\n`);
      if (debug && error.stack !== undefined) io.stderr(`${error.stack}\n`);
      return ExitCode.runFailed;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`szcheck: internal error: ${printable(message)}\n  this is a bug in szcheck; please report it${debug ? "" : " (run with --debug for the stack trace)"}\n`);
    if (debug && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
    return ExitCode.runFailed;
  }
}
