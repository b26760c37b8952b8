import { closeSync, openSync, ftruncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/model/report.js";
import { szcheck, tempFiles } from "./helpers.js";

// Each hostile input must give exit 2 and an error naming the file and the place, without a
// stack trace, while a good record checked in the same run is still checked.
const good = tempFiles({
  "good.json": JSON.stringify({ kind: "enterprise", creditCode: "91440300MA5F0L7K29", name: "深圳市同创勘察设计研究院有限公司", type: "survey-design", techLeader: true, fiscalYear: 2023, revenueCny: 100000000, rdExpenseCny: 4000000 }),
});
const goodFile = join(good, "good.json");

const corpus: Array<[file: string, pointer: string, message: string | RegExp]> = [
  ["trailing-comma.json", "", /invalid JSON at line 1, column \d+/],
  ["bad-indent.yaml", "", /invalid YAML at line 2, column \d+/],
  ["empty.json", "", "the file is empty"],
  ["image.json", "", "binary file"],
  ["gbk.yaml", "", "not valid UTF-8 (first bad byte on line 2)"],
  ["replacement-char-then-gbk.yaml", "", "not valid UTF-8 (first bad byte on line 4)"],
  ["alias-bomb.yaml", "", "Excessive alias count"],
  ["duplicate-key.yaml", "", /invalid YAML at line 4, column 1: Map keys must be unique/],
  ["scalar.json", "", "expected a record or a list of records"],
  ["proto.json", "/__proto__", 'unknown field "__proto__"'],
  ["constructor.yaml", "/constructor", 'unknown field "constructor"'],
  ["types-swapped.json", "/fiscalYear", 'must be a year such as 2024, got a string "2023"'],
  ["impossible-date.yaml", "/approval/date", '"2023-02-30" is not a calendar date'],
  ["list-with-junk.json", "/1", "got a number"],
  ["header-index-bomb.csv", "/1", 'the header "buildings.999999.id" names list index 999999, over the 999'],
  ["duplicate-key.json", "/safety/safetyDirector", 'the key "safetyDirector" is written twice in one object (second at line 2)'],
  ["duplicate-key.ndjson", "/1/safety/safetyDirector", 'the key "safetyDirector" is written twice'],
  ["empty.ndjson", "", "the file holds no record"],
  ["header-only.csv", "", "the file holds no record"],
  ["empty-list.json", "", "the file holds no record"],
];

function checkWithGood(file: string, extra: string[] = []) {
  const run = szcheck(["check", file, goodFile, "--format", "json", "--as-of", "2024-06-30", ...extra]);
  return { run, report: JSON.parse(run.stdout) as Report };
}

describe("hostile input corpus (test/hostile/)", () => {
  for (const [name, pointer, message] of corpus) {
    it(`${name}: exit 2, located error, the good record still checked`, () => {
      const { run, report } = checkWithGood(join("test", "hostile", name));
      expect(run.code).toBe(2);
      const error = report.errors.find((e) => e.file === `test/hostile/${name}` && e.pointer === pointer);
      expect(error, JSON.stringify(report.errors)).toBeDefined();
      if (typeof message === "string") expect(error!.message).toContain(message);
      else expect(error!.message).toMatch(message);
      expect([...report.results].some((r) => r.subject.id === "91440300MA5F0L7K29")).toBe(true);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("a BOM and CRLF line ends are read as ordinary text", () => {
    for (const name of ["bom.json", "crlf.yaml"]) {
      const run = szcheck(["check", join("test", "hostile", name), "--format", "json", "--as-of", "2024-06-30"]);
      expect((JSON.parse(run.stdout) as Report).errors).toEqual([]);
    }
  });

  it("100,000-deep nesting is refused with the depth limit, not a stack overflow", () => {
    const dir = tempFiles({ "deep.json": `[${"[".repeat(100_000)}${"]".repeat(100_000)}]` });
    const { run, report } = checkWithGood(join(dir, "deep.json"));
    expect(run.code).toBe(2);
    expect(report.errors[0]!.message).toContain("nested deeper than 32 levels");
    expect(report.errors[0]!.pointer).toBe("/0");
  });

  it("a 1 GB file is refused by size before it is read", () => {
    const dir = tempFiles({});
    const huge = join(dir, "huge.json");
    const fd = openSync(huge, "w");
    ftruncateSync(fd, 1024 ** 3); // sparse: takes no disk
    closeSync(fd);
    const started = Date.now();
    const { run, report } = checkWithGood(huge);
    expect(run.code).toBe(2);
    expect(report.errors[0]!.message).toContain("the file is 1024 MiB, over the 256 MiB limit");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("no record is lost: a batch of good and bad files reports every bad one and checks every good one", () => {
    const dir = tempFiles({ "a.json": "{", "b.yaml": "kind: enterprise\n" });
    writeFileSync(join(dir, "c.json"), JSON.stringify({ kind: "enterprise", creditCode: "91350100M000100Y43", name: "c", fiscalYear: 2023 }));
    const run = szcheck(["check", dir, "--format", "json", "--as-of", "2024-06-30"]);
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(2);
    expect(report.summary.records).toBe(1);
    expect(report.errors.map((e) => [e.file.split("/").pop(), e.pointer]).sort()).toEqual([["a.json", ""], ["b.yaml", "/creditCode"], ["b.yaml", "/name"]]);
  });
});
