import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { SzcheckError } from "../errors.js";
import { draftMapping } from "../inputs/map-draft.js";
import { mappingFileBeside } from "../inputs/mapping.js";
import { packageRoot } from "../package-root.js";
import { langFromEnv, type CliIo } from "./io.js";

interface MapFlags {
  write?: boolean;
  force?: boolean;
  lang?: "zh" | "en";
}

/** `szcheck map <file>`: drafts a mapping file from a workbook or CSV. */
export function mapCommand(io: CliIo): Command {
  return new Command("map")
    .description("draft a mapping file for a workbook or CSV: each header with the field and unit it was matched to, what could not be placed commented")
    .argument("<file>", "a .xlsx workbook or .csv file")
    .option("-w, --write", "write it beside the file as <name>.szmap.yaml (szcheck check uses it from there) instead of to standard output")
    .option("--force", "with --write, overwrite a mapping file that exists")
    .option("--lang <lang>", "the language of the comments (default: from the locale)")
    .addHelpText(
      "after",
      `
The draft uses the key names of the Frictionless Table Dialect where one exists (headerRows,
headerJoin, commentRows, encoding). Check it, fix what it could not place, then run szcheck check:
the mapping beside the file is found by its name; --map names another.

Examples:
  $ szcheck map 企业研发投入统计表2024.xlsx
  $ szcheck map 企业研发投入统计表2024.xlsx --write && szcheck check 企业研发投入统计表2024.xlsx
  $ szcheck map export.csv > export.szmap.yaml`,
    )
    .action(async (file: string, flags: MapFlags) => {
      if (!existsSync(file)) throw new SzcheckError({ file, message: "no such file", hint: "give the path of a .xlsx or .csv file" });
      const lang = flags.lang === "zh" || flags.lang === "en" ? flags.lang : langFromEnv(io.env);
      const target = mappingFileBeside(file);
      const from = flags.write === true ? dirname(resolve(target)) : process.cwd();
      const schema = relative(from, join(packageRoot(), "schemas", "map.schema.json")).split("\\").join("/");
      const text = await draftMapping(file, schema, lang);
      if (flags.write !== true) {
        io.stdout(text);
        return;
      }
      if (existsSync(target) && flags.force !== true) {
        throw new SzcheckError({ file: target, message: "the mapping file exists: not overwritten", hint: "edit it, or pass --force to replace it with a new draft" });
      }
      writeFileSync(target, text);
      io.stderr(`wrote ${target}\n`);
    });
}
