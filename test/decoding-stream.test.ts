import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodingStream, SNIFF_BYTES, type Encoding } from "../src/inputs/decode.js";

// NDJSON is read as UTF-8 bytes (DecodingStream's utf8Bytes mode), split into lines on bytes:
// whatever the chunks a file arrives in, it must give the text the decoding mode gives, and the
// error for bytes that are not text, naming their line.

/** What a DecodingStream gives for these chunks: the text, or the error's message. */
async function read(chunks: Buffer[], utf8Bytes: boolean, forced?: Encoding): Promise<string> {
  const pieces: Buffer[] = [];
  try {
    for await (const piece of Readable.from(chunks, { objectMode: false }).pipe(new DecodingStream("f.ndjson", forced, "en", utf8Bytes))) {
      pieces.push(typeof piece === "string" ? Buffer.from(piece, "utf8") : (piece as Buffer));
    }
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
  return Buffer.concat(pieces).toString("utf8");
}

/**
 * The first 1 MiB (SNIFF_BYTES) of a stream is read whole to tell its encoding: what follows is
 * decoded chunk by chunk. Lines of ASCII to put that behind the bytes under test.
 */
const sniffed = Buffer.from(`${"x".repeat(99)}\n`.repeat(Math.ceil(SNIFF_BYTES / 100) + 1), "utf8");

/** `sniffed` and then the bytes, cut into chunks at the given places of the bytes (and once in `sniffed`). */
function cut(tail: Buffer, at: number[]): Buffer[] {
  const bytes = Buffer.concat([sniffed, tail]);
  const places = [...new Set([1000, ...at.map((place) => sniffed.length + (place % (tail.length + 1)))])].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const place of [...places, bytes.length]) {
    chunks.push(bytes.subarray(from, place));
    from = place;
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

// U+FFFD among them: a file may hold a real one (from an earlier lossy conversion) before bad bytes.
const text = fc.array(fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom("项目", "深圳市福田区", "😀", "é", "\uFFFD", "\n", '{"a":"b"}\n')), { maxLength: 30 }).map((parts) => parts.join(""));

describe("DecodingStream's UTF-8 bytes", () => {
  it("give the decoded text of UTF-8 input cut anywhere, a character across chunks included", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), async (value, at) => {
        const chunks = cut(Buffer.from(value, "utf8"), at);
        expect(await read(chunks, true)).toBe(await read(chunks, false));
      }),
      { numRuns: 200, seed: 20261206 },
    );
  });

  it("give an error naming the line of bytes that are not UTF-8, at any place and cut anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.nat(), fc.constantFrom([0xff], [0xc0, 0x80], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0x80]), fc.array(fc.nat(), { maxLength: 6 }), async (value, where, bad, at) => {
        // Between two characters, so that the bad bytes are all that is wrong.
        const before = value.slice(0, where % (value.length + 1));
        const broken = Buffer.concat([Buffer.from(before, "utf8"), Buffer.from(bad), Buffer.from(value.slice(before.length), "utf8")]);
        const line = sniffed.toString("latin1").split("\n").length + before.split("\n").length - 1;
        expect(await read(cut(broken, at), true, "utf-8")).toBe(`error: line ${line} is not valid UTF-8`);
      }),
      { numRuns: 200, seed: 20261207 },
    );
  });

  it("give GB18030 input as its text in UTF-8", async () => {
    const bytes = readFileSync("fixtures/intake/项目清单-gbk.csv");
    const value = new TextDecoder("gb18030").decode(Buffer.concat([sniffed, bytes]));
    expect(value).toContain("项目");
    expect(await read(cut(bytes, [5, 17, 40, 41]), true, "gb18030")).toBe(value);
  });
});
