import { describe, expect, it } from "vitest";
import { MemberTable } from "../src/engine/member-table.js";

describe("the packed table of a portfolio group's decided members", () => {
  it("keeps one member per id, in the order first met, merged as the portfolio counts them", () => {
    const table = new MemberTable();
    const ids = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `项目-${i}` : `B-${i}/${i % 7}#`));
    for (const [i, id] of ids.entries()) expect(table.add(id, i % 2 === 0, i)).toBe(false);
    // Met again: the same figures are no conflict; other figures are, and merge (any match, the heavier weight).
    expect(table.add(ids[10]!, true, 10)).toBe(false);
    expect(table.add(ids[11]!, true, 3)).toBe(true);
    expect(table.add(ids[12]!, false, 99999)).toBe(true);
    expect(table.size).toBe(5000);
    const members = [...table];
    expect(members.map((m) => m.id)).toEqual(ids);
    expect(members[11]).toEqual({ id: ids[11], match: true, weight: 11 });
    expect(table.get(ids[12]!)).toEqual({ id: ids[12], match: true, weight: 99999 });
    expect(table.get("B-5000/0#")).toBeUndefined();
  });

  it("gives back ids of any length and character, a weight of -0 and fractions exactly", () => {
    const table = new MemberTable();
    const long = "长".repeat(10000) + "x";
    table.add(long, false, -0);
    table.add("", true, 0.1 + 0.2);
    table.add("\ud83c\udfd7 工地", true, 1e300);
    expect([...table]).toEqual([
      { id: long, match: false, weight: -0 },
      { id: "", match: true, weight: 0.1 + 0.2 },
      { id: "\ud83c\udfd7 工地", match: true, weight: 1e300 },
    ]);
    expect(Object.is(table.get(long)!.weight, -0)).toBe(true);
  });
});
