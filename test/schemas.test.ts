import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonSchemaOf, schemaNames } from "../src/schemas.js";
import { repoRoot } from "./helpers.js";

describe("schemas/ for editors", () => {
  for (const name of schemaNames) {
    it(`schemas/${name}.schema.json is what the zod schema generates (run npm run schemas)`, () => {
      const committed = JSON.parse(readFileSync(join(repoRoot, "schemas", `${name}.schema.json`), "utf8")) as unknown;
      expect(committed).toEqual(jsonSchemaOf(name));
    });
  }
});
