// Writes docs/descriptors.md (every descriptor field, from the zod schemas, with the rules that
// read it). test/fields.test.ts checks that the committed file is current.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fieldReference } from "../src/authoring/field-reference.js";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRulePacks } from "../src/rules/load.js";

const file = join(import.meta.dirname, "..", "docs", "descriptors.md");
writeFileSync(file, fieldReference(loadRulePacks([builtInRulesDir()]).rules));
console.log("wrote docs/descriptors.md");
