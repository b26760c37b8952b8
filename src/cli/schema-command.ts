import { Command } from "commander";
import { jsonSchemaOf, schemaNames, type SchemaName } from "../schemas.js";
import { SzcheckError } from "../errors.js";
import { didYouMean } from "../did-you-mean.js";
import type { CliIo } from "./io.js";

export function schemaCommand(io: CliIo): Command {
  return new Command("schema")
    .description("print the JSON Schema of a descriptor, a rule file or the JSON report (for editors and validators)")
    .argument("<name>", schemaNames.join(" | "))
    .addHelpText("after", `\nExamples:\n  $ szcheck schema project > project.schema.json\n  $ szcheck schema rule`)
    .action((name: string) => {
      if (!schemaNames.includes(name as SchemaName)) {
        throw new SzcheckError({ message: `no schema named "${name}"${didYouMean(name, schemaNames)}`, hint: `use one of ${schemaNames.join(", ")}` });
      }
      io.stdout(JSON.stringify(jsonSchemaOf(name as SchemaName), null, 2) + "\n");
    });
}
