import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { SzcheckError } from "../errors.js";
import { descriptorTemplate } from "../explain/template.js";
import { packageRoot } from "../package-root.js";
import type { CliIo } from "./io.js";

interface InitFlags {
  force?: boolean;
}

const kinds = ["project", "enterprise"] as const;

/** `szcheck init project|enterprise [file]`: a commented template descriptor. */
export function initCommand(io: CliIo): Command {
  return new Command("init")
    .description("write a commented template of a project filing or an enterprise record (every field, its meaning in Chinese and English, enum choices)")
    .argument("<kind>", kinds.join(" | "))
    .argument("[file]", "write it to this file instead of standard output")
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
  $ szcheck init project filing.yaml --force && szcheck check filing.yaml`,
    )
    .action((kind: string, file: string | undefined, flags: InitFlags) => {
      if (!(kinds as readonly string[]).includes(kind)) {
        throw new SzcheckError({ message: `no template for "${kind}"`, hint: `use one of ${kinds.join(", ")}` });
      }
      const schema = join(packageRoot(), "schemas", `${kind}.schema.json`);
      const from = file === undefined ? process.cwd() : dirname(resolve(file));
      const text = descriptorTemplate(kind as (typeof kinds)[number], relative(from, schema).split("\\").join("/"));
      if (file === undefined) {
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
