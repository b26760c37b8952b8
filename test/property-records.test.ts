import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compiledEvaluator } from "../src/engine/compile.js";
import { evaluateRecords, RecordEvaluator } from "../src/engine/run-check.js";
import { referenceEvaluator } from "../src/engine/three-valued.js";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRulePacks } from "../src/rules/load.js";
import { asJson, enterprise, project } from "./support/random-records.js";

// Random records through the whole rule pack: valid ones never crash and get exactly one
// outcome per rule and subject; invalid ones always get an error with a pointer.
const pack = loadRulePacks([builtInRulesDir()]);
const rules = pack.rules.filter((rule) => rule.definition.subject !== "portfolio");

describe("property: random valid records (fast-check)", () => {
  it("10,000 random valid records: no crash, exactly one outcome per rule and subject", () => {
    let records = 0;
    fc.assert(
      fc.property(fc.oneof(project, enterprise), fc.constantFrom("2022-06-30", "2024-06-30"), (record, asOf) => {
        records++;
        const raw = asJson(record) as Record<string, unknown>;
        const run = evaluateRecords([{ raw, origin: { file: "random.json", pointer: "" } }], rules, { asOf, lang: "en" });
        expect(run.errors).toEqual([]);
        // A building project (or one of no stated category) that lists no buildings has the stand-in building "*".
        const standIn = raw.buildings === undefined && (raw.category === undefined || raw.category === "building") ? 1 : 0;
        const subjects = raw.kind === "project" ? [{ kind: "project", count: 1 }, { kind: "building", count: ((raw.buildings as unknown[] | undefined) ?? []).length + standIn }] : [{ kind: "enterprise", count: 1 }];
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
