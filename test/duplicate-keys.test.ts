import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "../src/inputs/duplicate-keys.js";

// JSON.parse keeps the last of two equal keys without a word: every JSON and NDJSON record is
// checked for them. The check counts the keys written in the text before it walks it; these
// make sure the count never misses one, whatever the strings hold.

/** JSON text of a value, with a key of one of its objects written twice when `twice` says so. */
function written(value: unknown, space: string, twice: { at: number } | undefined): { text: string; repeated: boolean } {
  let objects = 0;
  let repeated = false;
  const write = (node: unknown): string => {
    if (Array.isArray(node)) return `[${space}${node.map(write).join(`,${space}`)}${space}]`;
    if (node === null || typeof node !== "object") return JSON.stringify(node);
    const entries = Object.entries(node).map(([key, entry]) => `${JSON.stringify(key)}${space}:${space}${write(entry)}`);
    if (twice !== undefined && objects++ === twice.at && entries.length > 0) {
      entries.push(entries[0]!);
      repeated = true;
    }
    return `{${space}${entries.join(`,${space}`)}${space}}`;
  };
  return { text: write(value), repeated };
}

const tricky = fc.oneof(fc.string(), fc.constantFrom(":", '":"', '\\":', "a\\", '"', ": ", "\\\\", '{"a":1}', " : "));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, tricky, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 3 }), tie("object")),
  object: fc.dictionary(tricky, tie("value"), { maxKeys: 4 }),
})).value;

describe("findDuplicateKey", () => {
  it("finds a key written twice in any object of random JSON, and none where there is none", () => {
    fc.assert(
      fc.property(json, fc.constantFrom("", " ", "\t", " \r\n "), fc.option(fc.nat({ max: 6 }), { nil: undefined }), (value, space, at) => {
        const { text, repeated } = written(value, space, at === undefined ? undefined : { at });
        const found = findDuplicateKey(text, JSON.parse(text));
        expect(found !== undefined).toBe(repeated);
      }),
      { numRuns: 5_000, seed: 20261205 },
    );
  });

  it("names the key and where its second one is", () => {
    const text = '{"a":":x","b":{"c\\":":1,"c\\":":2}}';
    expect(findDuplicateKey(text, JSON.parse(text))).toEqual({ pointer: '/b/c":', key: 'c":', offset: text.lastIndexOf('"c\\":"') });
  });
});
