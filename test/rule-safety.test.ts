import { describe, expect, it } from "vitest";
import { helpers, readVar } from "../src/engine/operations.js";
import { findLogicProblem } from "../src/rules/logic-shape.js";
import { szcheck, tempFiles } from "./helpers.js";

const ruleWith = (check: string): string =>
  `id: probe\ntitle: { zh: 探针, en: probe }\nclause: 三（八）\nsource: x\nsubject: enterprise\nstrength: mandatory\ncheck: ${check}\nmessage: { pass: { zh: 过, en: pass }, fail: { zh: 不过, en: fail } }\n`;

const enterpriseFile = { "e.json": JSON.stringify({ kind: "enterprise", creditCode: "91350100M000100Y43", name: "x", fiscalYear: 2023 }) };

describe("a rule file cannot run code", () => {
  it.each([
    ["method", '{ method: [{ var: name }, toUpperCase] }'],
    ["log", '{ log: [{ var: name }] }'],
    ["a dotted operator", '{ "var.call": [1] }'],
    ["a literal object with several keys", "{ a: 1, b: 2 }"],
  ])("%s is rejected when the pack loads (exit 2)", (_name, check) => {
    const pack = tempFiles({ "probe.yaml": ruleWith(check) });
    const run = szcheck(["check", tempFiles(enterpriseFile), "--rules", pack]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("probe.yaml#/check");
  });

  it("YAML tags that would build functions are not honoured", () => {
    const pack = tempFiles({ "probe.yaml": ruleWith('!!js/function "function () { return true }"') });
    const run = szcheck(["check", tempFiles(enterpriseFile), "--rules", pack]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("probe.yaml");
  });

  it("prototype paths read as missing, so a rule on them is incomplete, never pass", () => {
    const pack = tempFiles({ "probe.yaml": ruleWith('{ "==": [{ var: constructor.name }, Object] }') });
    const run = szcheck(["check", tempFiles(enterpriseFile), "--rules", pack, "--only", "probe", "--format", "json"]);
    const result = (JSON.parse(run.stdout) as { results: Array<{ outcome: string; missing: string[] }> }).results[0]!;
    expect(result).toMatchObject({ outcome: "incomplete", missing: ["constructor.name"] });
    expect(readVar({}, "__proto__")).toBeNull();
    expect(readVar({}, "toString")).toBeNull();
  });

  it("logic nested deeper than the limit is rejected, not evaluated", () => {
    let deep: unknown = { var: "x" };
    for (let i = 0; i < 200; i++) deep = { "!": [deep] };
    expect(findLogicProblem(deep)?.kind).toBe("depth");
  });

  it("helper operations are pure: they never change their arguments", () => {
    const list = [{ floorAreaM2: 10 }, { floorAreaM2: 5 }];
    const snapshot = JSON.stringify(list);
    expect(helpers.sum(list, "floorAreaM2")).toBe(15);
    expect(helpers.count(list)).toBe(2);
    expect(helpers.diff([1, 2, 3], [2])).toEqual([1, 3]);
    expect(helpers.round(2.345, 2)).toBe(2.35);
    expect(helpers.year("2023-05-01")).toBe(2023);
    expect(JSON.stringify(list)).toBe(snapshot);
    expect(helpers.sum(null)).toBe(0);
    expect(helpers.round("x")).toBeNull();
  });
});
