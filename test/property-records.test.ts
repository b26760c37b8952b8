import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compiledEvaluator } from "../src/engine/compile.js";
import { evaluateRecords, RecordEvaluator } from "../src/engine/run-check.js";
import { referenceEvaluator } from "../src/engine/three-valued.js";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRulePacks } from "../src/rules/load.js";

// Random records through the whole rule pack: valid ones never crash and get exactly one
// outcome per rule and subject; invalid ones always get an error with a pointer.
const pack = loadRulePacks([builtInRulesDir()]);
const rules = pack.rules.filter((rule) => rule.definition.subject !== "portfolio");

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const date = fc.date({ min: new Date("2015-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const money = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2e11 }), fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }));
const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const building = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 4 }).filter((s) => s.trim() !== ""),
    use: optional(pick("residential", "public", "industrial", "居住", "公共")),
    isGovernmentOffice: optional(fc.boolean()),
    heightM: optional(fc.double({ min: 0, max: 600, noNaN: true, noDefaultInfinity: true })),
    floorAreaM2: optional(fc.integer({ min: 0, max: 200000 })),
    structure: optional(pick("precast-concrete", "steel", "cast-in-place", "modular", "timber", "hybrid")),
    prefab: optional(fc.record({ adopted: optional(fc.boolean()), assemblyRatePct: optional(fc.double({ min: 0, max: 100, noNaN: true })) }, { requiredKeys: [] })),
    green: optional(fc.record({ targetStar: optional(fc.integer({ min: 0, max: 3 })) }, { requiredKeys: [] })),
    delivery: optional(pick("shell", "fully-fitted")),
    prefabFitOut: optional(fc.boolean()),
    energyLabel: optional(fc.boolean()),
    healthMonitoring: optional(fc.boolean()),
  },
  { requiredKeys: ["id"] },
);

const party = fc.record(
  {
    role: pick("owner", "surveyor", "designer", "contractor", "supervisor", "建设单位"),
    leaderName: optional(fc.constantFrom("张伟", "李娜")),
    authorizationFiled: optional(fc.boolean()),
    commitmentFiled: optional(fc.boolean()),
  },
  { requiredKeys: ["role"] },
);

const project = fc.record(
  {
    kind: fc.constant("project"),
    projectCode: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ""),
    name: fc.constant("随机项目"),
    district: optional(pick("futian", "nanshan", "龙岗")),
    keyArea: optional(fc.option(pick("前海", "河套"), { nil: null })),
    approval: optional(fc.record({ type: optional(pick("approval", "filing")), date: optional(date), isMajorProject: optional(fc.boolean()) }, { requiredKeys: [] })),
    funding: optional(pick("government", "state-owned", "private", "mixed", "政府投资")),
    investmentCny: optional(money),
    constructionNature: optional(pick("new", "renovation", "extension", "urban-renewal")),
    category: optional(pick("building", "municipal-road", "transport", "water", "other-municipal")),
    tags: optional(fc.uniqueArray(pick("school", "affordable-housing", "hospital", "industrial-dormitory", "elevator-retrofit"), { maxLength: 3 })),
    buildings: optional(fc.array(building, { maxLength: 3 })),
    bim: optional(fc.record({ applied: optional(fc.boolean()), submittedAt: optional(fc.uniqueArray(pick("planning-permit", "construction-permit", "completion-acceptance"), { maxLength: 3 })), forwardDesign: optional(fc.boolean()), domesticSoftware: optional(fc.boolean()), costInBudgetCny: optional(money), tender: optional(fc.boolean()) }, { requiredKeys: [] })),
    delivery: optional(fc.record({ model: optional(pick("epc", "general-contracting", "dbb", "agent", "ipmt-epc-supervision")) }, { requiredKeys: [] })),
    parties: optional(fc.array(party, { maxLength: 6 })),
    quality: optional(fc.record({ permanentPlaque: optional(fc.boolean()) }, { requiredKeys: [] })),
    safety: optional(fc.record({ liabilityInsurance: optional(fc.boolean()) }, { requiredKeys: [] })),
    cost: optional(fc.record({ wasteReductionInEstimate: optional(fc.boolean()), workerTrainingFundCny: optional(money), workerTrainingFundNonCompetitive: optional(fc.boolean()) }, { requiredKeys: [] })),
    materials: optional(fc.record({ recycledProductsUsed: optional(fc.boolean()) }, { requiredKeys: [] })),
    permits: optional(fc.record({ planningPermitDate: optional(date), constructionPermitDate: optional(date), completionAcceptanceDate: optional(date), jointAcceptance: optional(fc.boolean()) }, { requiredKeys: [] })),
  },
  { requiredKeys: ["kind", "projectCode", "name"] },
);

const enterprise = fc.record(
  {
    kind: fc.constant("enterprise"),
    creditCode: pick("91350100M000100Y43", "91440300MA5F0L7K29", "914403001922012340"),
    name: fc.constant("随机企业"),
    type: optional(pick("construction", "survey-design", "tech-consulting", "supervision", "cost-consulting", "other", "施工类")),
    ownership: optional(pick("state", "private", "foreign", "mixed")),
    techLeader: optional(fc.boolean()),
    fiscalYear: optional(fc.integer({ min: 2015, max: 2030 })),
    employees: optional(fc.integer({ min: 0, max: 100000 })),
    revenueCny: optional(money),
    rdExpenseCny: optional(money),
    wagesTotalCny: optional(money),
    staffEducationExpenseCny: optional(money),
    qualifications: optional(fc.array(fc.record({ category: pick("施工总承包"), grade: pick("特级", "综合", "comprehensive"), obtainedDate: optional(date) }, { requiredKeys: ["category", "grade"] }), { maxLength: 2 })),
    safety: optional(fc.record({ liabilityInsurance: optional(fc.boolean()), safetyDirector: optional(fc.boolean()) }, { requiredKeys: [] })),
    carbon: optional(fc.record({ baselineIntensity: optional(fc.double({ min: 0, max: 5, noNaN: true })), currentIntensity: optional(fc.double({ min: 0, max: 5, noNaN: true })) }, { requiredKeys: [] })),
  },
  { requiredKeys: ["kind", "creditCode", "name"] },
);

/** Drops keys whose value is undefined, as JSON would. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("property: random valid records (fast-check)", () => {
  it("10,000 random valid records: no crash, exactly one outcome per rule and subject", () => {
    let records = 0;
    fc.assert(
      fc.property(fc.oneof(project, enterprise), fc.constantFrom("2022-06-30", "2024-06-30"), (record, asOf) => {
        records++;
        const raw = asJson(record) as Record<string, unknown>;
        const run = evaluateRecords([{ raw, origin: { file: "random.json", pointer: "" } }], rules, { asOf, lang: "en" });
        expect(run.errors).toEqual([]);
        const subjects = raw.kind === "project" ? [{ kind: "project", count: 1 }, { kind: "building", count: ((raw.buildings as unknown[] | undefined) ?? []).length }] : [{ kind: "enterprise", count: 1 }];
        for (const rule of rules) {
          const expected = subjects.find((s) => s.kind === rule.definition.subject)?.count ?? 0;
          const got = run.results.filter((r) => r.ruleId === rule.definition.id);
          expect(got.length).toBe(expected);
          for (const result of got) {
            expect(["pass", "fail", "not-applicable", "incomplete", "computed"]).toContain(result.outcome);
            if (result.outcome === "incomplete") expect(result.missing.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 10_000, seed: 20221002 },
    );
    expect(records).toBe(10_000);
  }, 300_000);

  it("2,000 random valid records: the outcome told without tracing is the outcome of the full evaluation, on both engines", () => {
    for (const evaluator of [compiledEvaluator, referenceEvaluator]) {
      const full = new RecordEvaluator(rules, { asOf: "2024-06-30", lang: "en", evaluator });
      // Nothing built whole that can be told alone: every checked rule's outcome comes untraced.
      const told = new RecordEvaluator(rules, { asOf: "2024-06-30", lang: "en", evaluator, builds: () => false });
      fc.assert(
        fc.property(fc.oneof(project, enterprise), (record) => {
          const raw = { raw: asJson(record), origin: { file: "random.json", pointer: "" } };
          const expected = full.add(raw);
          const got = told.add(raw);
          if (!expected.ok || !got.ok) throw new Error("a valid record was rejected");
          // A failure whose strength rests on a missing field is incomplete in full: a finding either way, always built.
          const findingOf = (outcome: string): string => (outcome === "incomplete" ? "fail" : outcome);
          const outcomes = (list: Array<{ ruleId: string; subject: { id: string }; outcome: string }>) => list.map((r) => `${r.ruleId} ${r.subject.id} ${findingOf(r.outcome)}`).sort();
          expect(outcomes([...got.results, ...got.counted])).toEqual(outcomes(expected.results));
        }),
        { numRuns: 2_000, seed: 20221003 },
      );
    }
  }, 120_000);

  it("2,000 random invalid records: every one gets an error with a pointer, none a result", () => {
    const corrupt = fc.tuple(fc.oneof(project, enterprise), fc.constantFrom("unknown", "type", "date", "code", "kind")).map(([record, how]) => {
      const raw = asJson(record) as Record<string, unknown>;
      if (how === "unknown") raw.flooorArea = 1;
      if (how === "type") raw.name = 42;
      if (how === "date") raw[raw.kind === "project" ? "approval" : "qualifications"] = raw.kind === "project" ? { date: "2023-02-30" } : [{ category: "x", grade: "y", obtainedDate: "2023-13-01" }];
      if (how === "code") raw[raw.kind === "project" ? "parties" : "creditCode"] = raw.kind === "project" ? [{ role: "owner", creditCode: "91350100M000100Y42" }] : "91350100M000100Y42";
      if (how === "kind") raw.kind = "company";
      return raw;
    });
    fc.assert(
      fc.property(corrupt, (raw) => {
        const run = evaluateRecords([{ raw, origin: { file: "bad.json", pointer: "/7" } }], rules, { asOf: "2024-06-30", lang: "en" });
        expect(run.results).toEqual([]);
        expect(run.errors.length).toBeGreaterThan(0);
        for (const error of run.errors) {
          expect(error.file).toBe("bad.json");
          expect(error.pointer.startsWith("/7/")).toBe(true);
          expect(error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 2_000, seed: 20221024 },
    );
  }, 60_000);
});
