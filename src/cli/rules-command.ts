import { Command, Option } from "commander";
import { ExitCode } from "../errors.js";
import { builtInRulesDir } from "../package-root.js";
import { formatLintText } from "../report/lint-text.js";
import { formatRuleDetail, formatRuleList, formatRuleTests } from "../report/rules-text.js";
import { findRule, ruleDetail, ruleRows } from "../rules/catalog.js";
import { loadClauseIndex } from "../rules/clauses.js";
import { lintChecks, lintRulePacks } from "../authoring/lint.js";
import { loadRulePacks } from "../rules/load.js";
import { runRuleTests, testFileOf } from "../authoring/test-cases.js";
import { langFromEnv, type CliIo } from "./io.js";

interface ViewFlags {
  rules: string[];
  format: "text" | "json";
  lang?: "zh" | "en";
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const formatOption = (): Option => new Option("--format <format>", "output format").choices(["text", "json"]).default("text");
const langOption = (): Option => new Option("--lang <lang>", "language; default from the locale (LANG)").choices(["zh", "en"]);
const json = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";

/** `szcheck rules list | show <id> | lint [dir] | test [dir]`: the rule pack, read, linted and tested. */
export function rulesCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const configure = (command: Command): Command => command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).showSuggestionAfterError();
  const lang = (flags: ViewFlags): "zh" | "en" => flags.lang ?? langFromEnv(io.env);
  const pack = (flags: ViewFlags) => loadRulePacks([builtInRulesDir(), ...flags.rules]);

  const list = new Command("list")
    .description("list the rules: id, clause, strength, subject and title")
    .option("--rules <dir>", "an extra rule pack, as for check (repeatable)", collect, [])
    .addOption(formatOption())
    .addOption(langOption())
    .addHelpText("after", `\nExamples:\n  $ szcheck rules list\n  $ szcheck rules list --lang zh\n  $ szcheck rules list --format json | jq -r '.[].id'\n  $ szcheck rules list --rules district-rules/`)
    .action((flags: ViewFlags) => {
      const rows = ruleRows(pack(flags).rules);
      io.stdout(flags.format === "json" ? json(rows) : formatRuleList(rows, lang(flags)));
    });

  const show = new Command("show")
    .description("show a rule: its clause text, source, parameters, effective window and logic")
    .argument("<id>", "the rule id (see rules list)")
    .option("--rules <dir>", "an extra rule pack, as for check (repeatable)", collect, [])
    .addOption(formatOption())
    .addOption(langOption())
    .addHelpText("after", `\nExamples:\n  $ szcheck rules show rd-intensity\n  $ szcheck rules show bim-required --lang zh\n  $ szcheck rules show prefab-required --format json`)
    .action((id: string, flags: ViewFlags) => {
      const detail = ruleDetail(findRule(pack(flags).rules, id), loadClauseIndex());
      io.stdout(flags.format === "json" ? json(detail) : formatRuleDetail(detail, lang(flags)));
    });

  const test = new Command("test")
    .description("run the rule test cases (<id>.test.yaml beside each rule); exit 1 on a failed case or a rule without tests")
    .argument("[dir]", "a rule pack folder to test instead of the built-in rules")
    .option("--rules <dir>", "a rule pack folder to test (repeatable; same as the argument)", collect, [])
    .addOption(formatOption())
    .addOption(langOption())
    .addHelpText(
      "after",
      `
The last line is "N passed, M failed". Exit codes: 0 every case passed and every rule has tests;
1 a case failed or a rule has no test file; 2 a rule or test file is invalid.

Examples:
  $ szcheck rules test
  $ szcheck rules test my-pack/
  $ szcheck rules test --rules my-pack/ --format json`,
    )
    .action((dir: string | undefined, flags: ViewFlags) => {
      const dirs = [...(dir === undefined ? [] : [dir]), ...flags.rules];
      const rules = loadRulePacks(dirs.length === 0 ? [builtInRulesDir()] : dirs).rules;
      const run = runRuleTests(rules);
      const untested = run.untested.map((id) => ({ id, testFile: testFileOf(rules.find((rule) => rule.definition.id === id)!) }));
      const failed = run.cases.filter((c) => c.problems.length > 0).length;
      if (flags.format === "json") {
        const cases = run.cases.map((c) => ({ rule: c.rule, name: c.name, file: c.file, ok: c.problems.length === 0, problems: c.problems }));
        io.stdout(json({ passed: run.cases.length - failed, failed, untested, cases }));
      } else {
        io.stdout(formatRuleTests({ cases: run.cases, untested }, lang(flags)));
      }
      setExitCode(failed > 0 || untested.length > 0 ? ExitCode.findings : ExitCode.ok);
    });

  const checkList = Object.entries(lintChecks)
    .map(([id, check]) => `  ${id.padEnd(22)} ${check.severity.padEnd(8)} ${check.description}`)
    .join("\n");
  const lint = new Command("lint")
    .description("find mistakes loading does not catch: unknown fields and params, enum typos, bad placeholders, missing tests; exit 1 on an error")
    .argument("[dir]", "a rule pack folder to lint instead of the built-in rules")
    .option("--rules <dir>", "a rule pack folder to lint (repeatable; same as the argument)", collect, [])
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Each finding is one line, file:line:col  severity  message  check, then a summary line.
--format json gives { dirs, rules, errorCount, warningCount, findings: [{ file, line, column,
severity, message, check, pointer }] }. Exit codes: 0 no error (warnings allowed); 1 an error;
2 the folder cannot be read.

Checks:
${checkList}

Examples:
  $ szcheck rules lint
  $ szcheck rules lint my-pack/
  $ szcheck rules lint my-pack/ --format json | jq '.findings[] | select(.severity == "error")'`,
    )
    .action((dir: string | undefined, flags: ViewFlags) => {
      const dirs = [...(dir === undefined ? [] : [dir]), ...flags.rules];
      const report = lintRulePacks(dirs.length === 0 ? [builtInRulesDir()] : dirs);
      io.stdout(flags.format === "json" ? json(report) : formatLintText(report));
      setExitCode(report.errorCount > 0 ? ExitCode.findings : ExitCode.ok);
    });

  const rules = new Command("rules")
    .description("list, show, lint and test the rules")
    .addHelpText("after", `\nExamples:\n  $ szcheck rules list\n  $ szcheck rules show epc-in-principle\n  $ szcheck rules lint my-pack/\n  $ szcheck rules test`);
  for (const command of [list, show, lint, test]) rules.addCommand(configure(command));
  return rules;
}
