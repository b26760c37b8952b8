import { describe, expect, it } from "vitest";
import { creditCodeCheckCharacter, findCreditCodeProblem } from "../src/descriptors/credit-code.js";
import { parseDescriptor } from "../src/descriptors/index.js";

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it("accepts the standard's example and rejects a wrong check character", () => {
    expect(findCreditCodeProblem("91350100M000100Y43")).toBeUndefined();
    expect(findCreditCodeProblem("91350100M000100Y42")).toEqual({ kind: "check", expected: "3", actual: "2" });
  });

  it("computes 0 where 31 − (sum mod 31) is 31", () => {
    // Found by search: a prefix whose weighted sum is a multiple of 31.
    const prefix = "91440300192201234";
    expect(creditCodeCheckCharacter(prefix)).toBe("0");
  });

  it("rejects letters outside the alphabet and wrong lengths", () => {
    expect(findCreditCodeProblem("91350100M000100I43")).toEqual({ kind: "character", position: 16, character: "I" });
    expect(findCreditCodeProblem("9135010")).toEqual({ kind: "length", length: 7 });
  });
});

describe("descriptors", () => {
  it("normalises Chinese enum labels to the English values", () => {
    const parsed = parseDescriptor({ kind: "project", projectCode: "P-1", name: "测试", district: "大鹏新区", funding: "社会投资", tags: ["学校", "hospital"], parties: [{ role: "监理单位" }] });
    expect(parsed).toMatchObject({ ok: true, descriptor: { district: "dapeng", funding: "private", tags: ["school", "hospital"], parties: [{ role: "supervisor" }] } });
  });

  it("rejects unknown fields at any depth with their pointer, and keeps x- fields out", () => {
    const parsed = parseDescriptor({ kind: "project", projectCode: "P-1", name: "测试", "x-owner": "张工", buildings: [{ id: "1#", floorArea: 10 }] });
    expect(parsed).toEqual({ ok: false, problems: [{ pointer: "/buildings/0/floorArea", message: expect.stringContaining('did you mean "floorAreaM2"') }] });
  });

  it("rejects dates that are not on the calendar and strings for numbers", () => {
    const parsed = parseDescriptor({ kind: "enterprise", creditCode: "91350100M000100Y43", name: "x", fiscalYear: 2023, revenueCny: "1,000", qualifications: [{ category: "施工总承包", grade: "特级", obtainedDate: "2021-13-01" }] });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.pointer).sort()).toEqual(["/qualifications/0/obtainedDate", "/revenueCny"]);
  });

  it("says what kind a record must have", () => {
    expect(parseDescriptor({ kind: "company" })).toEqual({ ok: false, problems: [{ pointer: "/kind", message: 'kind "company": set kind to "project" or "enterprise"' }] });
    expect(parseDescriptor([1, 2])).toMatchObject({ ok: false, problems: [{ pointer: "" }] });
  });

  it("keeps keyArea: null (no key area) apart from an absent keyArea (unknown)", () => {
    expect(parseDescriptor({ kind: "project", projectCode: "P", name: "n", keyArea: null })).toMatchObject({ ok: true, descriptor: { keyArea: null } });
  });
});
