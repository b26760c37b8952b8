import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { formatJsonText } from "../src/report/json.js";
import { repoRoot } from "./helpers.js";

describe("the JSON report written in pieces", () => {
  it("is byte for byte JSON.stringify(report, null, 2) on the demo data and on an empty run", async () => {
    process.chdir(repoRoot);
    const { report } = await check({ paths: ["fixtures/demo"], asOf: "2024-06-30", lang: "en" });
    expect(report.results.length).toBeGreaterThan(100);
    expect(formatJsonText(report)).toBe(JSON.stringify(report, null, 2) + "\n");
    const empty = { ...report, results: [], errors: [] };
    expect(formatJsonText(empty)).toBe(JSON.stringify(empty, null, 2) + "\n");
  });
});
