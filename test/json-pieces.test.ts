import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { formatJsonText } from "../src/report/json.js";
import { repoRoot } from "./helpers.js";

describe("the JSON report written in pieces", () => {
  it("is byte for byte JSON.stringify(report, null, 2) on the demo data and on an empty run", async () => {
    process.chdir(repoRoot);
    const { report, listed } = await check({ listing: "all", paths: ["fixtures/demo"], asOf: "2024-06-30", lang: "en" });
    expect(report.results.length).toBeGreaterThan(100);
    expect(formatJsonText(report)).toBe(JSON.stringify(report, null, 2) + "\n");
    expect(formatJsonText(report, { indent: true }, listed)).toBe(JSON.stringify(report, null, 2) + "\n");
    // Compact (files and pipes): the same object, no indentation, one result a line.
    const compact = formatJsonText(report, { indent: false }, listed);
    expect(JSON.parse(compact)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(compact.trimEnd().split("\n")).toHaveLength(report.results.length + 2);
    expect(compact).not.toMatch(/\n /);
    const empty = { ...report, results: [], errors: [] };
    expect(formatJsonText(empty)).toBe(JSON.stringify(empty, null, 2) + "\n");
  });
});
