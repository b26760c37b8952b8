import { printable } from "../text/printable.js";
import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { applyConfig, configFromFlag, configRuleDirs } from "../config/config.js";
import { todayIso } from "../check.js";
import { isCalendarDate } from "../descriptors/primitives.js";
import { ExitCode, SzcheckError } from "../errors.js";
import { explainRule } from "../explain/explain-rule.js";
import { readInputs } from "../inputs/read-inputs.js";
import { builtInRulesDir } from "../package-root.js";
import { formatExplanation } from "../report/explain-text.js";
import { subjectLabel } from "../report/labels.js";
import { findRule } from "../rules/catalog.js";
import { loadRulePacks } from "../rules/load.js";
import { langFromEnv, type CliIo } from "./io.js";

interface ExplainFlags {
  record?: string;
  format: "text" | "json";
  lang?: "zh" | "en";
  asOf?: string;
  rules: string[];
  /** A file, false for --no-config, undefined to look for szcheck.config.yaml. */
  config?: string | false;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `szcheck explain <rule-id> <file>`: one rule on the records of a file, condition by condition. */
export function explainCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("explain")
    .description("explain a rule on a record: the rule in plain words, its parameters, and each sub-condition with the values it read and its result")
    .argument("<rule-id>", "the rule id (see rules list)")
    .argument("<file>", "a descriptor file (.json .yaml .yml), or - for standard input; file#/0 picks the record at that JSON pointer")
    .option("--record <pointer>", "explain only the record at this JSON pointer of the file (/0 is the first of a list)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--lang <lang>", "language; default from the locale (LANG)").choices(["zh", "en"]))
    .option("--as-of <date>", "judge records without a date of their own at this date (YYYY-MM-DD); default today")
    .option("--rules <dir>", "an extra rule pack, as for check; a rule with a built-in id replaces it (repeatable)", collect, [])
    .option("--config <file>", "the config file (its packs, parameter values, asOf and lang apply, as for check); default: the nearest szcheck.config.yaml")
    .option("--no-config", "use no config file")
    .addHelpText(
      "after",
      `
For each subject the rule judges (each building for a building rule; the groups of the file's
records for a portfolio rule) it shows the effective window, every sub-condition of appliesIf
and check with its truth (✓ ✗ ?), the values it read and the fields it missed, marks the
condition that decided (◀), then the measure, the outputs, the outcome and the message.
--format json gives the same as one object (docs/authoring.md, "explain --format json").
Exit codes: 0 explained; 2 the rule, the file or the record cannot be read, or the file holds
nothing the rule judges.

Examples:
  $ szcheck explain rd-intensity fixtures/demo/enterprises.yaml#/0
  $ szcheck explain rd-intensity fixtures/demo/enterprises.yaml --record /0 --lang zh
  $ szcheck explain green-star-minimum filing.yaml --format json | jq '.subjects[].result.outcome'
  $ szcheck explain my-district-rule filing.yaml --rules my-pack/ --as-of 2024-06-30`,
    )
    .action(async (id: string, target: string, flags: ExplainFlags) => {
      const config = configFromFlag(flags.config);
      const asOf = flags.asOf ?? config?.config.asOf ?? todayIso();
      if (!isCalendarDate(asOf)) throw new SzcheckError({ message: `--as-of ${asOf} is not a date`, hint: "write it YYYY-MM-DD, e.g. --as-of 2024-06-30" });
      const lang = flags.lang ?? config?.config.lang ?? langFromEnv(io.env);
      const { file, pointer } = splitTarget(target, flags.record);
      const pack = loadRulePacks([builtInRulesDir(), ...configRuleDirs(config), ...flags.rules]);
      const configured = applyConfig(pack, config);
      // A rule the config switches off is still explained when asked for by name.
      if (configured.off.includes(id)) io.stderr(`szcheck: note: ${id} is off in ${config?.file ?? "the config"}; explained as the rule file has it\n`);
      const rule = findRule([...configured.rules, ...pack.rules.filter((r) => configured.off.includes(r.definition.id))], id);
      const input = await readInputs([file], { readStdin: io.readStdin });
      const unreadable = input.errors.find((error) => input.records.length === 0 || error.pointer === "");
      if (unreadable !== undefined) throw new SzcheckError({ file: unreadable.file, pointer: unreadable.pointer, message: unreadable.message });
      for (const error of input.errors) io.stderr(`szcheck: ${printable(error.file)}#${printable(error.pointer)}: ${printable(error.message)}\n`);
      const explanation = explainRule(rule, input.records, { asOf, lang, record: pointer });
      if (explanation.subjects.length === 0) {
        const judged = rule.definition.subject === "portfolio" ? `${rule.definition.portfolio?.over ?? "project"} records` : `${subjectLabel.en[rule.definition.subject]}s`;
        throw new SzcheckError({
          file,
          message: `${rule.definition.id} judges ${judged}, and ${pointer === undefined ? "the file holds" : `the record at ${pointer || '""'} is`} none${explanation.errors.length > 0 ? ` (invalid records: ${explanation.errors.map((e) => `${e.pointer} ${e.message}`).join("; ")})` : ""}`,
          hint: "`szcheck rules show " + rule.definition.id + "` tells what the rule judges",
        });
      }
      io.stdout(flags.format === "json" ? JSON.stringify({ ...explanation }, null, 2) + "\n" : formatExplanation(explanation, lang));
      setExitCode(explanation.errors.length > 0 || input.errors.length > 0 ? ExitCode.runFailed : ExitCode.ok);
    });
}

/** --config file, --no-config, or the nearest szcheck.config.yaml (as check does). */
/** `file#/0` → the file and the pointer; `--record` wins when both are given. */
function splitTarget(target: string, record: string | undefined): { file: string; pointer: string | undefined } {
  const hash = target.lastIndexOf("#");
  const split = hash > 0 && !existsSync(target) ? { file: target.slice(0, hash), pointer: target.slice(hash + 1) } : { file: target, pointer: undefined };
  const pointer = record ?? split.pointer;
  if (pointer !== undefined && pointer !== "" && !pointer.startsWith("/")) {
    throw new SzcheckError({ message: `"${pointer}" is not a JSON pointer`, hint: "a pointer starts with /: /0 is the first record of a list, \"\" a file of one record" });
  }
  return { file: split.file, pointer };
}

