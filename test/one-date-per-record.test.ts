import { describe, expect, it } from "vitest";
import type { Report, Result } from "../src/model/report.js";
import { szcheck, tempFiles } from "./helpers.js";

/**
 * RULES.md, "One date per record": a filing without approval.date is judged at --as-of in every
 * date-based condition alike (a rule's window and a scope that turns on a date), and says so.
 */
const undated = JSON.stringify({
  kind: "project",
  projectCode: "2024-440305-47-01-900001",
  name: "南山区示例办公楼（申报准备中）",
  funding: "private",
  keyArea: null,
  approval: { isMajorProject: false },
  investmentCny: 50000000,
  constructionNature: "new",
  buildings: [{ id: "A", use: "public", floorAreaM2: 14436, isGovernmentOffice: false, green: { targetStar: 0 } }],
  bim: { applied: false },
});

function results(asOf: string): Result[] {
  const dir = tempFiles({ "undated.json": undated });
  const run = szcheck(["check", dir, "--format", "json", "--results", "all", "--as-of", asOf, "--only", "green-star-minimum,bim-required"]);
  return [...(JSON.parse(run.stdout) as Report).results];
}

describe("one date per record", () => {
  it("judges an undated filing at --as-of in bim-required's date scope and green-star-minimum's window alike, and says so", () => {
    const judged = results("2024-06-30");
    expect(judged.map((r) => [r.ruleId, r.outcome])).toEqual(
      expect.arrayContaining([
        ["bim-required", "fail"],
        ["green-star-minimum", "fail"],
      ]),
    );
    for (const result of judged) expect(result.assumptions.find((a) => a.param === "asOf")).toMatchObject({ value: "2024-06-30" });
  });

  it("before either date both rules find the undated filing out of scope, not one incomplete and one not", () => {
    const early = results("2022-06-30");
    expect(early.map((r) => r.outcome)).toEqual(["not-applicable", "not-applicable"]);
  });

  it("a failure names the requirement it knows, never a placeholder", () => {
    const star = results("2024-06-30").find((r) => r.ruleId === "green-star-minimum")!;
    expect(star.measure).toMatchObject({ actual: 0, required: 1, gap: 1, gapUnit: "stars" });
    expect(star.message).not.toMatch(/\(none\)|（无）/);
  });

  it("judges an enterprise return without a fiscal year by the rules in force on --as-of itself, not on any day of its year", () => {
    const enterprise = JSON.stringify({ kind: "enterprise", creditCode: "914403002793983457", name: "深圳市鹏城建筑工程有限公司", type: "construction", employees: 50, safety: { safetyDirector: false } });
    const dir = tempFiles({ "undated.json": enterprise });
    const at = (asOf: string): Result => {
      const run = szcheck(["check", dir, "--format", "json", "--results", "all", "--lang", "en", "--as-of", asOf, "--only", "safety-director"]);
      return [...(JSON.parse(run.stdout) as Report).results][0]!;
    };
    // 深圳经济特区安全生产监督管理条例 is in force from 2022-09-01.
    const before = at("2022-08-31");
    expect(before.outcome).toBe("not-applicable");
    expect(before.message).toBe("not applicable: the record gives no fiscalYear; judged at --as-of 2022-08-31, outside the period in force, 2022-09-01 – …");
    expect(at("2022-09-01").outcome).toBe("fail");
  });
});
