import { createRequire } from "node:module";
import { PassThrough, type Readable } from "node:stream";
import type ExcelJSModule from "exceljs";

let patched = false;

/**
 * exceljs, with the XML of a streamed workbook decoded as a stream. exceljs 4.4's SAX input
 * (lib/utils/parse-sax.js) decodes each chunk of a zip entry on its own, so a Chinese character
 * whose three UTF-8 bytes straddle two chunks becomes U+FFFD: in a workbook past some 64 KB of
 * shared strings, names and labels came out as 深圳市第348���人才住房项目 without an error (and an
 * enum such as 南山区, once broken, failed on every row holding it). Its replacement, put in
 * require's cache before exceljs first loads it, is the same parser with one TextDecoder per
 * entry in streaming mode. It also leaves out the phonetic runs of a string (`<rPh>`, what
 * 拼音指南 writes): exceljs read their text in place of the string's, 深圳 as shēnzhèn. Every part of
 * szcheck loads exceljs through here.
 */
export async function loadExcelJS(): Promise<typeof ExcelJSModule> {
  if (!patched) {
    patched = true;
    installStreamingDecoder();
  }
  const loaded = (await import("exceljs")) as { default?: typeof ExcelJSModule };
  return loaded.default ?? (loaded as unknown as typeof ExcelJSModule);
}

type SaxEvent = { eventType: "opentag" | "text" | "closetag"; value: unknown };
interface SaxesParser {
  on(event: string, listener: (value: unknown) => void): void;
  write(text: string): void;
}

function installStreamingDecoder(): void {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve("exceljs/lib/utils/parse-sax.js");
  } catch {
    return; // another exceljs layout: nothing to replace (test/intake-shapes.test.ts would fail)
  }
  if (require.cache[path] !== undefined) return;
  const { SaxesParser } = createRequire(path)("saxes") as { SaxesParser: new () => SaxesParser };
  async function* parseSax(iterable: AsyncIterable<Uint8Array | string> | Readable): AsyncGenerator<SaxEvent[]> {
    const source = Symbol.asyncIterator in iterable ? iterable : (iterable as Readable).pipe(new PassThrough());
    const parser = new SaxesParser();
    let error: unknown;
    let events: SaxEvent[] = [];
    parser.on("error", (e) => (error = e));
    let phonetic = 0;
    for (const eventType of ["opentag", "text", "closetag"] as const) {
      parser.on(eventType, (value) => {
        const isPhonetic = eventType !== "text" && (value as { name?: string }).name === "rPh";
        if (isPhonetic && eventType === "opentag") phonetic++;
        if (phonetic === 0) events.push({ eventType, value });
        if (isPhonetic && eventType === "closetag") phonetic--;
      });
    }
    const decoder = new TextDecoder("utf-8");
    const write = (text: string): SaxEvent[] => {
      parser.write(text);
      if (error !== undefined) throw error;
      const out = events;
      events = [];
      return out;
    };
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) yield write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    const rest = decoder.decode();
    if (rest !== "") yield write(rest);
  }
  require.cache[path] = { id: path, filename: path, loaded: true, exports: parseSax } as unknown as NodeJS.Module;
}
