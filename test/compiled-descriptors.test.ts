import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { descriptorSchemas, parseDescriptor } from "../src/descriptors/index.js";
import { readInputs } from "../src/inputs/read-inputs.js";
import { asJson, enterprise, project } from "./support/random-records.js";

// Past its first 1,000 records of a kind, a run validates records by zod's compiled form of the
// descriptor schemas (z.compile, src/descriptors/index.ts): a valid
// record must come out exactly as the schema itself gives it (Chinese labels normalised, text
// trimmed, x- fields dropped, keys in the schema's order), and an invalid one with the schema's
// own issues. A wrong record without an error would be the worst defect: these compare the two
// paths on the fixtures and on random records, valid and broken.

const compiled = { project: z.compile(descriptorSchemas.project), enterprise: z.compile(descriptorSchemas.enterprise) };

/** A value with its key order and its undefined values made visible to toEqual. */
function ordered(value: unknown): unknown {
  if (value === undefined) return { $undefined: true };
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== "object") return value;
  return Object.entries(value).map(([key, entry]) => [key, ordered(entry)]);
}

/** Both paths on one raw record: the same success, the same value (key order included) or the same issues. */
function expectSamePaths(raw: unknown): boolean {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  if (kind !== "project" && kind !== "enterprise") return false;
  const expected = descriptorSchemas[kind].safeParse(raw);
  const got = compiled[kind].safeParse(raw);
  expect(got.success).toBe(expected.success);
  if (expected.success && got.success) expect(ordered(got.data)).toEqual(ordered(expected.data));
  else expect(got.error?.issues).toEqual(expected.error?.issues);
  return expected.success;
}

/** Every path to a value inside a record, objects and lists included. */
function pathsOf(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...path, index])));
  else if (value !== null && typeof value === "object") for (const [key, entry] of Object.entries(value)) paths.push(...pathsOf(entry, [...path, key]));
  return paths;
}

/** A copy of a record with the value at `path` changed by `change`. */
function changed(record: unknown, path: Array<string | number>, change: (value: unknown, key: string | number | undefined) => unknown): unknown {
  const copy = structuredClone(record) as Record<string | number, unknown>;
  if (path.length === 0) return change(copy, undefined);
  let parent: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const key = path.at(-1)!;
  parent[key] = change(parent[key], key);
  return copy;
}

/** What may go wrong with a value in a real file (or what a filing may write differently). */
const mutation = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((replacement) => () => replacement),
  fc.constantFrom("", "  ", " 1# ", "福田", "居住", "施工类", "综合", "毛坯", "2023-02-30", "2024-1-01", "91350100M000100Y42", "x", null, -1, 1.5, 101, Number.MAX_VALUE).map((replacement) => () => replacement),
  fc.constant((value: unknown) => (typeof value === "string" ? ` ${value}\t` : value)),
  fc.constant((value: unknown) => (value !== null && typeof value === "object" && !Array.isArray(value) ? { "x-note": "mine", ...value } : value)),
  fc.constant((value: unknown) => (value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value, unknownField: 1 } : value)),
  fc.constant((value: unknown) => (value !== null && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value)),
  fc.constant((value: unknown) => (value !== null && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).slice(1)) : value)),
  fc.constant((value: unknown) => (value !== null && typeof value === "object" && !Array.isArray(value) ? JSON.parse(`{"__proto__": 1, ${JSON.stringify(value).slice(1)}`.replace(/, }$/, "}")) : value)),
  fc.constant(() => undefined),
);

describe("compiled descriptor schemas (z.compile)", () => {
  it("compiles both record schemas whole", () => {
    expect(() => z.compile(descriptorSchemas.project, { strict: true })).not.toThrow();
    expect(() => z.compile(descriptorSchemas.enterprise, { strict: true })).not.toThrow();
  });

  it("gives the schema's own value or issues for every record of the fixtures", async () => {
    const read = await readInputs(["fixtures/demo", "fixtures/intake", "test/hostile"], { allowEmpty: true });
    let valid = 0;
    for (const record of read.records) if (expectSamePaths(record.raw)) valid++;
    expect(valid).toBeGreaterThan(20);
    // Through parseDescriptor as a check run calls it: what the fixtures' projects read.
    const parsed = parseDescriptor({ kind: "project", projectCode: " P-1 ", name: "测试", "x-owner": "张工", district: "大鹏新区", tags: ["学校"], buildings: [{ use: "居住", id: "1#" }] });
    expect(parsed.ok && ordered(parsed.descriptor)).toEqual(ordered({ kind: "project", projectCode: "P-1", name: "测试", district: "dapeng", tags: ["school"], buildings: [{ id: "1#", use: "residential" }] }));
  });

  it("gives the schema's own value for 3,000 random valid records (undefined values and all)", () => {
    fc.assert(
      fc.property(fc.oneof(project, enterprise), fc.boolean(), (record, json) => {
        expect(expectSamePaths(json ? asJson(record) : record)).toBe(true);
      }),
      { numRuns: 3_000, seed: 20261203 },
    );
  });

  it("gives the schema's own value or issues for 5,000 random records with one thing changed", () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof(project, enterprise), fc.nat(), mutation, (record, at, change) => {
        const raw = asJson(record);
        const paths = pathsOf(raw);
        if (!expectSamePaths(changed(raw, paths[at % paths.length]!, change))) invalid++;
      }),
      { numRuns: 5_000, seed: 20261204 },
    );
    // Most changes break the record: the comparison saw both kinds.
    expect(invalid).toBeGreaterThan(1_000);
  });
});
