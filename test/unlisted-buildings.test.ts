import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ReportDocument } from "../src/model/report.js";
import { szcheck, tempFiles } from "./helpers.js";

/**
 * A project that lists no buildings (a platform export, a filing in progress) must not clear the
 * building rules by giving them nothing to judge: each is incomplete on a stand-in building `*`,
 * naming `buildings`. A road, or a project that says it has no buildings (`buildings: []`), has none.
 */

const demo = JSON.parse(readFileSync("fixtures/demo/projects/nanshan-rd-center.json", "utf8")) as Record<string, unknown>;
const buildingRules = ["energy-label", "full-fit-out-residential", "green-star-minimum", "health-monitoring-super-high-rise", "prefab-fit-out", "prefab-required", "prefab-residential-concrete", "steel-schools-hospitals"];

function project(code: string, changes: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...demo };
  delete rest.buildings;
  return { ...rest, projectCode: code, ...changes };
}

function check(records: Record<string, unknown>[], asOf = "2024-06-30"): ReportDocument {
  const dir = tempFiles({ "projects.ndjson": records.map((record) => JSON.stringify(record)).join("\n") + "\n" });
  const run = szcheck(["check", join(dir, "projects.ndjson"), "--as-of", asOf, "--lang", "en", "--format", "json", "--results", "all"]);
  expect(run.code, run.stderr).toBeLessThan(2);
  return JSON.parse(run.stdout) as ReportDocument;
}

describe("a project that lists no buildings", () => {
  it("is incomplete under every building rule that reads a building, naming `buildings`, on the stand-in building *", () => {
    const report = check([project("2024-440305-65-03-300901", { keyArea: null })]);
    const onStandIn = report.results.filter((result) => result.subject.id === "2024-440305-65-03-300901/*");
    expect(onStandIn.map((result) => result.ruleId).sort()).toEqual(buildingRules);
    // steel-schools-hospitals is decided by the project alone (it is tagged neither school nor hospital).
    for (const result of onStandIn.filter((r) => r.ruleId !== "steel-schools-hospitals")) {
      expect(result.outcome, result.ruleId).toBe("incomplete");
      expect(result.missing, result.ruleId).toEqual(["buildings"]);
      expect(result.message).toBe("incomplete: cannot decide without buildings");
      expect(result.subject).toMatchObject({ kind: "building", pointer: "/1" });
      expect(result.location?.pointer).toBe("/1/buildings");
    }
    expect(onStandIn.find((r) => r.ruleId === "steel-schools-hospitals")?.outcome).toBe("not-applicable");
  });

  it("in a key area, leaves the area's high-star share incomplete rather than met by the other projects", () => {
    const listed = { ...demo, projectCode: "2024-440305-65-03-300902", keyArea: "qianhai" } as Record<string, unknown>;
    listed.buildings = (demo.buildings as Record<string, unknown>[]).map((building) => ({ ...building, green: { targetStar: 3 } }));
    const report = check([listed, project("2024-440305-65-03-300903", { keyArea: "qianhai" })]);
    const share = report.results.find((result) => result.ruleId === "green-key-area-share");
    expect(share?.outcome).toBe("incomplete");
    expect(share?.missing).toEqual(["2024-440305-65-03-300903/*: buildings"]);
  });

  it("is judged on the project's own fields where they decide: out of the window, not applicable", () => {
    const report = check([project("2021-440305-65-03-300904", { approval: { type: "filing", date: "2021-03-01", isMajorProject: false } })]);
    const greenStar = report.results.find((result) => result.ruleId === "green-star-minimum" && result.subject.id.endsWith("/*"));
    expect(greenStar?.outcome).toBe("not-applicable");
  });

  it("has no stand-in when it says it has no buildings, or is a road", () => {
    const report = check([project("2024-440305-65-03-300905", { buildings: [] }), project("2024-440305-65-03-300906", { category: "municipal-road" })]);
    expect(report.results.filter((result) => result.subject.kind === "building")).toEqual([]);
  });
});
