import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { docsPath, withTables } from "../scripts/intake-docs.js";

describe("docs/intake.md", () => {
  it("lists the headers, units and label aliases the code uses (run npm run docs:intake)", () => {
    const doc = readFileSync(docsPath, "utf8");
    expect(doc).toBe(withTables(doc));
  });
});
