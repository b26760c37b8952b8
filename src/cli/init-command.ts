import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { CONFIG_FILE_NAME } from "../config/config.js";
import { configTemplate } from "../config/config-template.js";
import { SzcheckError } from "../errors.js";
import { didYouMean } from "../did-you-mean.js";
import { descriptorTemplate } from "../explain/template.js";
import { packageRoot } from "../package-root.js";
import type { CliIo } from "./io.js";

interface InitFlags {
  force?: boolean;
}

const descriptorKinds = ["project", "enterprise"] as const;
export const initKinds = [...descriptorKinds, "config"] as const;

/** `szcheck init project|enterprise [file]`: a commented template descriptor; `szcheck init config [file]`: a commented szcheck.config.yaml. */
export function initCommand(io: CliIo): Command {
  return new Command("init")
    .description("write a commented template of a project filing or an enterprise record (every field, its meaning in Chinese and English, enum choices), or a commented szcheck.config.yaml")
    .argument("<kind>", initKinds.join(" | "))
    .argument("[file]", `write it to this file instead of standard output (config: default ${CONFIG_FILE_NAME})`)
    .option("--force", "overwrite the file if it exists")
    .addHelpText(
      "after",
      `
The template is valid as it stands (its values are realistic placeholders); its first line points
editors that use yaml-language-server at the JSON Schema. Exit codes: 0 written; 2 a bad kind, or
the file exists (use --force to overwrite it).

Examples:
  $ szcheck init project > filing.yaml
  $ szcheck init enterprise enterprise-2024.yaml
  $ szcheck init project filing.yaml --force && szcheck check filing.yaml
  $ szcheck init config                     # writes ${CONFIG_FILE_NAME} here`,
    )
    .action((kind: string, fileArgument: string | undefined, flags: InitFlags) => {
      if (!(initKinds as readonly string[]).includes(kind)) {
        throw new SzcheckError({ message: `no template for "${kind}"${didYouMean(kind, initKinds)}`, hint: `use one of ${initKinds.join(", ")}` });
      }
      const file = kind === "config" ? (fileArgument ?? CONFIG_FILE_NAME) : fileArgument;
      const schema = join(packageRoot(), "schemas", `${kind}.schema.json`);
      const from = file === undefined ? process.cwd() : dirname(resolve(file));
      const schemaPath = relative(from, schema).split("\\").join("/");
      const text = kind === "config" ? configTemplate(schemaPath) : descriptorTemplate(kind as (typeof descriptorKinds)[number], schemaPath);
      if (file === undefined || file === "-") {
        io.stdout(text);
        return;
      }
      if (existsSync(file) && flags.force !== true) {
        throw new SzcheckError({ file, message: "the file exists: not overwritten", hint: "choose another name, or pass --force to overwrite it" });
      }
      try {
        writeFileSync(file, text, { flag: flags.force === true ? "w" : "wx" });
      } catch (error) {
        throw new SzcheckError({ file, message: `cannot write the template: ${(error as Error).message}`, cause: error });
      }
      io.stderr(`wrote ${file}\n`);
    });
}
