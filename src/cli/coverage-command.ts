import { Command, Option } from "commander";
import { ExitCode } from "../errors.js";
import { builtInRulesDir } from "../package-root.js";
import { formatCoverage } from "../report/rules-text.js";
import { loadClauseIndex } from "../rules/clauses.js";
import { computeCoverage } from "../authoring/coverage.js";
import { loadRulePacks } from "../rules/load.js";
import { langFromEnv, type CliIo } from "./io.js";

interface CoverageFlags {
  rules: string[];
  format: "text" | "json";
  lang?: "zh" | "en";
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `szcheck coverage`: every clause of the policy → its rules → their tests, or why none. */
export function coverageCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("coverage")
    .description("map every clause of the policy to its rules and their test cases, and give the reason for each clause with none")
    .option("--rules <dir>", "an extra rule pack, as for check (repeatable)", collect, [])
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--lang <lang>", "language; default from the locale (LANG)").choices(["zh", "en"]))
    .addHelpText(
      "after",
      `
The last line is "N/20 clauses accounted for": a clause is accounted for when a rule cites it or
the clause index (seeds/clauses.yaml) says why nothing in it is checked per record.
Exit codes: 0 every clause accounted for; 1 some clause is not; 2 the rules or the index are invalid.

Examples:
  $ szcheck coverage
  $ szcheck coverage --lang zh
  $ szcheck coverage --format json | jq '.clauses[] | select(.status == "uncovered") | .clause'`,
    )
    .action((flags: CoverageFlags) => {
      const index = loadClauseIndex();
      const pack = loadRulePacks([builtInRulesDir(), ...flags.rules], index);
      const coverage = computeCoverage(index, pack.rules);
      io.stdout(flags.format === "json" ? JSON.stringify(coverage, null, 2) + "\n" : formatCoverage(coverage, flags.lang ?? langFromEnv(io.env)));
      setExitCode(coverage.accounted === coverage.total ? ExitCode.ok : ExitCode.findings);
    });
}
