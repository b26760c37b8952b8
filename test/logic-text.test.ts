import { describe, expect, it } from "vitest";
import { logicToText } from "../src/rules/logic-text.js";

describe("JsonLogic as readable text", () => {
  it("writes conditions infix, variables and words bare", () => {
    expect(logicToText({ and: [{ "==": [{ var: "techLeader" }, true] }, { in: [{ var: "type" }, ["construction", "survey-design"]] }] })).toBe(
      "techLeader == true and type in [construction, survey-design]",
    );
  });

  it("brackets a different logical operator inside and/or, and lower-precedence arithmetic", () => {
    expect(logicToText({ or: [{ and: [{ var: "a" }, { var: "b" }] }, { "!": { var: "c" } }] })).toBe("(a and b) or not c");
    expect(logicToText({ "*": [{ "+": [{ var: "a" }, 1] }, 100] })).toBe("(a + 1) * 100");
    expect(logicToText({ "-": [{ var: "a" }, { "-": [{ var: "b" }, { var: "c" }] }] })).toBe("a - (b - c)");
    expect(logicToText({ "/": [{ "*": [{ var: "a" }, 2] }, 3] })).toBe("a * 2 / 3");
  });

  it("shows defaults, nested var, if chains and helper calls", () => {
    expect(logicToText({ in: ["school", { var: ["tags", []] }] })).toBe("school in (tags ?? [])");
    expect(logicToText({ ">": [{ var: { var: "params.denominator" } }, 0] })).toBe("var(params.denominator) > 0");
    expect(logicToText({ if: [{ "==": [{ var: "type" }, "construction"] }, 3, { "==": [{ var: "type" }, "survey-design"] }, 4, 5] })).toBe(
      "if type == construction then 3 elif type == survey-design then 4 else 5",
    );
    expect(logicToText({ year: { var: "approval.date" } })).toBe("year(approval.date)");
    expect(logicToText({ some: [{ var: "buildings" }, { "==": [{ var: "structure" }, "steel"] }] })).toBe("some(buildings, structure == steel)");
    expect(logicToText({ "<=": [0, { var: "x" }, 10] })).toBe("0 <= x <= 10");
  });

  it("quotes strings that are not plain words", () => {
    expect(logicToText({ "==": [{ var: "name" }, "a b"] })).toBe('name == "a b"');
    expect(logicToText({ "==": [{ var: "name" }, ""] })).toBe('name == ""');
    expect(logicToText({ "==": [{ var: "flag" }, "true"] })).toBe('flag == "true"');
    expect(logicToText({ "!=": [{ var: "keyArea" }, null] })).toBe("keyArea != null");
  });
});
