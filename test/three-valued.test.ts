import { describe, expect, it } from "vitest";
import { decide, Reads, referenceEvaluator } from "../src/engine/three-valued.js";

const truthOf = (logic: unknown, scope: Record<string, unknown>) => decide(logic, scope, referenceEvaluator, new Reads(scope)).truth;

describe("three-valued decisions over json-logic-js", () => {
  const known = { ">": [{ var: "a" }, 1] };
  const unknown = { "==": [{ var: "absent" }, true] };

  it("or: a true part settles it even when another is unknown", () => {
    expect(truthOf({ or: [unknown, known] }, { a: 2 })).toBe(true);
    expect(truthOf({ or: [unknown, known] }, { a: 0 })).toBe("unknown");
  });

  it("and: a false part settles it even when another is unknown", () => {
    expect(truthOf({ and: [unknown, known] }, { a: 0 })).toBe(false);
    expect(truthOf({ and: [unknown, known] }, { a: 2 })).toBe("unknown");
  });

  it("if: an unknown condition is settled when both branches agree", () => {
    expect(truthOf({ if: [unknown, known, { ">": [{ var: "a" }, 0] }] }, { a: 5 })).toBe(true);
    expect(truthOf({ if: [unknown, known, { ">": [{ var: "a" }, 0] }] }, { a: 1 })).toBe("unknown");
  });

  it("a default in var says absence is a value, not missing data", () => {
    expect(truthOf({ in: ["school", { var: ["tags", []] }] }, {})).toBe(false);
  });

  it("prototype paths read as missing", () => {
    expect(truthOf({ "==": [{ var: "constructor.name" }, "Object"] }, {})).toBe("unknown");
    expect(truthOf({ "!!": [{ var: "__proto__" }] }, {})).toBe("unknown");
  });
});
