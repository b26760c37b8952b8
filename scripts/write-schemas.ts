// Writes schemas/*.schema.json from the zod schemas, for editors (the yaml-language-server
// modelines in rules/ and fixtures/ point at them). test/schemas.test.ts checks they are current.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonSchemaOf, schemaNames } from "../src/schemas.js";

const dir = join(import.meta.dirname, "..", "schemas");
mkdirSync(dir, { recursive: true });
for (const name of schemaNames) {
  writeFileSync(join(dir, `${name}.schema.json`), JSON.stringify(jsonSchemaOf(name), null, 2) + "\n");
}
console.log(`wrote ${schemaNames.length} schemas to schemas/`);
