import { describe, expect, it } from "vitest";
import { check } from "../src/check.js";
import { parseDescriptor } from "../src/descriptors/index.js";
import { recordAttributesOf, recordPointerOf } from "../src/engine/record-attributes.js";
import { readInputs } from "../src/inputs/read-inputs.js";
import { batchSummary, groupLabel, missingShareOf, passRateOf } from "../src/report/batch-summary.js";
import type { OutcomeCounts } from "../src/model/report.js";
import type { Outcome, Result } from "../src/model/report.js";

const key: Record<Outcome, keyof OutcomeCounts> = { pass: "pass", fail: "fail", incomplete: "incomplete", "not-applicable": "notApplicable", waived: "waived", computed: "computed" };
const count = (results: Result[]): OutcomeCounts => {
  const counts: OutcomeCounts = { pass: 0, fail: 0, incomplete: 0, notApplicable: 0, waived: 0, computed: 0 };
  for (const result of results) counts[key[result.outcome]]++;
  return counts;
};

describe("batch summary of the demo data", async () => {
  const run = await check({ listing: "all", paths: ["fixtures/demo"], asOf: "2024-06-30", lang: "en", locations: false });
  const summary = batchSummary(run);
  const results = [...run.report.results];
  // The attributes of each valid record, read here independently of the run.
  const records = (await readInputs(["fixtures/demo"])).records.flatMap(({ raw, origin }) => {
    const parsed = parseDescriptor(raw);
    return parsed.ok ? [recordAttributesOf({ descriptor: parsed.descriptor, origin })] : [];
  });

  it("reads each valid record's district and enterprise type", () => {
    expect(records).toHaveLength(run.report.summary.records);
    const housing = records.find((record) => record.id === "2023-440305-70-01-100318");
    expect(housing).toMatchObject({ kind: "project", file: "fixtures/demo/projects-batch.yaml", pointer: "/0", district: "nanshan", keyArea: "前海" });
    const enterprise = records.find((record) => record.id === "914403002793983457");
    expect(enterprise).toMatchObject({ kind: "enterprise", enterpriseType: "construction" });
  });

  it("counts every outcome of every rule, with pass ÷ (pass + fail): data missing is not a failure", () => {
    expect(summary.rules.map((rule) => rule.ruleId)).toEqual(run.rules.map((rule) => rule.definition.id).sort());
    for (const rule of summary.rules) {
      const counts = count(results.filter((result) => result.ruleId === rule.ruleId));
      expect(rule.counts, rule.ruleId).toEqual(counts);
      const decided = counts.pass + counts.fail;
      expect(rule.passRate).toBe(decided === 0 ? null : Math.round((counts.pass / decided) * 10000) / 10000);
    }
    const s = run.report.summary;
    expect(summary.overall).toMatchObject({ pass: s.pass, fail: s.fail, incomplete: s.incomplete, notApplicable: s.notApplicable, waived: s.waived, computed: s.computed });
  });

  it("groups projects with their buildings by district, and enterprises by type", () => {
    const projects = results.filter((result) => result.subject.kind === "project" || result.subject.kind === "building");
    const enterprises = results.filter((result) => result.subject.kind === "enterprise");
    const total = (groups: typeof summary.districts): number => groups.reduce((sum, group) => sum + Object.values(group.counts).reduce((a, b) => a + b, 0), 0);
    expect(total(summary.districts)).toBe(projects.length);
    expect(total(summary.enterpriseTypes)).toBe(enterprises.length);
    expect(summary.districts.reduce((sum, group) => sum + group.records, 0) + summary.enterpriseTypes.reduce((sum, group) => sum + group.records, 0)).toBe(run.report.summary.records);

    const nanshan = summary.districts.find((group) => group.key === "nanshan")!;
    const nanshanRecords = new Set(records.filter((record) => record.district === "nanshan").map((record) => `${record.file}#${record.pointer}`));
    expect(nanshan.records).toBe(nanshanRecords.size);
    expect(nanshan.counts).toEqual(count(projects.filter((result) => nanshanRecords.has(`${result.subject.file}#${recordPointerOf(result.subject.pointer)}`))));
    expect(summary.districts.map((group) => group.records)).toEqual([...summary.districts.map((group) => group.records)].sort((a, b) => b - a));

    const construction = summary.enterpriseTypes.find((group) => group.key === "construction")!;
    expect(construction.records).toBe(records.filter((record) => record.enterpriseType === "construction").length);
    expect(summary.attributesKnown).toBe(true);
  });

  it("lists each portfolio group's share and the share required", () => {
    const epc2023 = summary.portfolio.find((share) => share.ruleId === "epc-annual-share" && share.key === "2023")!;
    expect(epc2023).toMatchObject({ outcome: "fail", count: 6, matchingCount: 1 });
    expect(epc2023.sharePct).toBeCloseTo(16.67, 1);
    expect(epc2023.requiredPct).toBeGreaterThan(epc2023.sharePct!);
    expect(summary.portfolio).toHaveLength(results.filter((result) => result.subject.kind === "portfolio").length);
  });

  it("without record attributes, puts every record in the not-given group of its kind", () => {
    const bare = batchSummary({ report: run.report, rules: run.rules });
    expect(bare.attributesKnown).toBe(false);
    expect(bare.districts.map((group) => group.key)).toEqual([null]);
    expect(bare.enterpriseTypes.map((group) => group.key)).toEqual([null]);
    expect(bare.districts[0]!.records + bare.enterpriseTypes[0]!.records).toBe(run.report.summary.records);
    expect(bare.rules).toEqual(summary.rules);
  });
});

describe("labels and rates", () => {
  it("names groups in both languages", () => {
    expect(groupLabel("district", "nanshan", "zh")).toBe("南山");
    expect(groupLabel("district", "nanshan", "en")).toBe("Nanshan");
    expect(groupLabel("enterpriseType", "survey-design", "zh")).toBe("勘察设计类");
    expect(groupLabel("enterpriseType", "survey-design", "en")).toBe("Survey & design");
    expect(groupLabel("district", null, "zh")).toBe("未填写");
    expect(groupLabel("enterpriseType", null, "en")).toBe("not given");
  });

  it("gives no pass rate when nothing was decided", () => {
    expect(passRateOf({ pass: 0, fail: 0, incomplete: 0, notApplicable: 3, waived: 1, computed: 2 })).toBeNull();
    expect(passRateOf({ pass: 2, fail: 1, incomplete: 0, notApplicable: 9, waived: 5, computed: 0 })).toBe(0.6667);
    expect(passRateOf({ pass: 0, fail: 0, incomplete: 4, notApplicable: 0, waived: 0, computed: 0 })).toBeNull();
    expect(passRateOf({ pass: 1, fail: 1, incomplete: 8, notApplicable: 0, waived: 0, computed: 0 })).toBe(0.5);
    expect(missingShareOf({ pass: 1, fail: 1, incomplete: 8, notApplicable: 0, waived: 0, computed: 0 })).toBe(0.8);
    expect(missingShareOf({ pass: 0, fail: 0, incomplete: 0, notApplicable: 2, waived: 0, computed: 0 })).toBeNull();
  });
});
