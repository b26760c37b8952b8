import { isUtf8 } from "node:buffer";
import { Transform, type TransformCallback } from "node:stream";
import { SzcheckError } from "../errors.js";
import { say, type Lang } from "./say.js";
import { lineOfUndecodable } from "./undecodable.js";

/**
 * How text files are decoded, the same for every way in (a file, standard input, CSV, NDJSON,
 * JSON, YAML): a BOM decides; else UTF-8 when the bytes are valid UTF-8; else GB18030 (what
 * Excel on Chinese Windows writes, a superset of GBK and GB2312) when they are valid GB18030;
 * else the input is refused, never read with U+FFFD in place of what could not be decoded.
 */
export const encodings = ["utf-8", "utf-16le", "utf-16be", "gb18030"] as const;
export type Encoding = (typeof encodings)[number];

/** Names people write (`--encoding gbk`), to the decoder that reads them. */
const encodingNames: Record<string, Encoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  gb18030: "gb18030",
  gbk: "gb18030",
  gb2312: "gb18030",
  cp936: "gb18030",
};

export const encodingChoices = Object.keys(encodingNames);

/** The encoding a name stands for, or undefined for a name szcheck does not read. */
export function encodingNamed(name: string): Encoding | undefined {
  return encodingNames[name.trim().toLowerCase()];
}

/** How many bytes of a file are looked at to tell UTF-8 from GB18030 before streaming the rest. */
export const SNIFF_BYTES = 1024 * 1024;

export interface Sniffed {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  bom: number;
}

/**
 * The encoding of text whose first bytes are `head` (the whole input, or its first SNIFF_BYTES).
 * `complete` says whether `head` is all of it: a character cut at the end of a partial head is
 * not held against it.
 */
export function sniffEncoding(head: Uint8Array, file: string, complete: boolean, forced?: Encoding, lang: Lang = "en"): Sniffed {
  const bom = bomOf(head);
  if (forced !== undefined) return { encoding: forced, bom: bom !== undefined && bom.encoding === forced ? bom.bom : 0 };
  if (bom !== undefined) return bom;
  if (head.subarray(0, 8192).includes(0)) {
    throw new SzcheckError({ file, message: say(lang, "这是二进制文件，不是文本", "this is a binary file, not text"), hint: say(lang, "描述文件和 CSV 是文本文件；工作簿请直接给 .xlsx", "descriptors and CSV are text files; pass a workbook as .xlsx") });
  }
  if (decodes(head, "utf-8", complete)) return { encoding: "utf-8", bom: 0 };
  if (decodes(head, "gb18030", complete)) return { encoding: "gb18030", bom: 0 };
  throw notText(head, file, lang);
}

/** Decodes a whole input by the rule above. */
export function decodeText(bytes: Uint8Array, file: string, forced?: Encoding, lang: Lang = "en"): { text: string; encoding: Encoding } {
  const { encoding, bom } = sniffEncoding(bytes, file, true, forced, lang);
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom)), encoding };
  } catch {
    throw notEncoded(bytes.subarray(bom), file, encoding, lang);
  }
}

/**
 * A stream that decodes bytes to text by the rule above: it looks at the first SNIFF_BYTES,
 * then decodes strictly; a byte sequence the encoding cannot hold is an error naming its line.
 *
 * With `utf8Bytes`, it gives UTF-8 bytes rather than text, for a reader that splits lines on
 * bytes (NDJSON): UTF-8 input is only checked (Buffer's isUtf8) and passed on as it is, any
 * other encoding decoded and encoded again. The same text either way, the same errors, without
 * decoding a large file twice.
 */
export class DecodingStream extends Transform {
  private decoder: TextDecoder | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lines = 1;
  /** The bytes of a UTF-8 character cut at the end of the last chunk (utf8Bytes mode). */
  private cut: Buffer | undefined;
  encoding: Encoding | undefined;

  constructor(
    private readonly file: string,
    private readonly forced?: Encoding,
    private readonly lang: Lang = "en",
    private utf8Bytes = false,
  ) {
    super({ readableObjectMode: false, decodeStrings: true });
    if (!utf8Bytes) this.setEncoding("utf8");
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.decoder === undefined) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes < SNIFF_BYTES) return callback();
      return this.start(false, callback);
    }
    this.decode(chunk, true, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.decoder === undefined) return this.start(true, (error) => (error ? callback(error) : this.decode(Buffer.alloc(0), false, callback)));
    this.decode(Buffer.alloc(0), false, callback);
  }

  private start(complete: boolean, callback: TransformCallback): void {
    const head = Buffer.concat(this.pending);
    this.pending = [];
    try {
      const { encoding, bom } = sniffEncoding(head, this.file, complete, this.forced, this.lang);
      this.encoding = encoding;
      this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      this.decode(head.subarray(bom), !complete, callback);
    } catch (error) {
      callback(error as Error);
    }
  }

  private decode(chunk: Buffer, stream: boolean, callback: TransformCallback): void {
    if (this.utf8Bytes && this.encoding === "utf-8") return this.checkUtf8(chunk, stream, callback);
    let text: string;
    try {
      text = this.decoder!.decode(chunk, { stream });
    } catch {
      const line = this.lines + lineOfUndecodable(chunk, this.encoding!) - 1;
      return callback(encodingError(this.file, this.encoding!, line, this.forced !== undefined, this.lang));
    }
    this.lines += countLines(text);
    if (text !== "") this.push(text);
    callback();
  }

  /** Passes UTF-8 bytes on once they are known to be UTF-8, holding back a character cut at the chunk's end. */
  private checkUtf8(chunk: Buffer, stream: boolean, callback: TransformCallback): void {
    const bytes = this.cut === undefined ? chunk : Buffer.concat([this.cut, chunk]);
    const whole = stream ? wholeCharacters(bytes) : bytes.length;
    const checked = bytes.subarray(0, whole);
    if (!isUtf8(checked)) {
      // Not UTF-8 after all: the decoder, which has seen none of the bytes passed on so far,
      // finds the line of the error and says what it always says.
      this.utf8Bytes = false;
      return this.decode(bytes, stream, callback);
    }
    this.cut = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : undefined;
    for (let at = checked.indexOf(10); at !== -1; at = checked.indexOf(10, at + 1)) this.lines++;
    if (checked.length > 0) this.push(checked);
    callback();
  }
}

/** How many bytes of `bytes` end on a whole UTF-8 character: all but a sequence its last lead byte starts and the chunk cuts. */
function wholeCharacters(bytes: Buffer): number {
  const end = bytes.length;
  // A character is at most 4 bytes: its lead byte is among the last 4.
  for (let at = end - 1; at >= 0 && at >= end - 4; at--) {
    const byte = bytes[at]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return at + length > end ? at : end;
  }
  return end;
}

function bomOf(head: Uint8Array): Sniffed | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bom: 2 };
  return undefined;
}

function decodes(bytes: Uint8Array, encoding: Encoding, complete: boolean): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function notText(bytes: Uint8Array, file: string, lang: Lang): SzcheckError {
  const line = lineOfUndecodable(bytes, "utf-8");
  return new SzcheckError({
    file,
    line,
    message: say(lang, `第 ${line} 行的字节既不是 UTF-8 也不是 GB18030/GBK：szcheck 无法判断其内容`, `the bytes on line ${line} are neither UTF-8 nor GB18030/GBK: szcheck cannot tell what they say`),
    hint: say(lang, "请把文件另存为 UTF-8（或用 Excel 另存为 CSV，它写 GB18030）；其他编码用 --encoding 指定", "save the file as UTF-8 (or as CSV from Excel, which writes GB18030); --encoding names another encoding"),
  });
}

function notEncoded(bytes: Uint8Array, file: string, encoding: Encoding, lang: Lang): SzcheckError {
  return encodingError(file, encoding, lineOfUndecodable(bytes, encoding), true, lang);
}

function encodingError(file: string, encoding: Encoding, line: number, forced: boolean, lang: Lang): SzcheckError {
  const other = encoding === "utf-8" ? "gb18030" : "utf-8";
  const name = encoding === "utf-8" ? "UTF-8" : encoding.toUpperCase();
  return new SzcheckError({
    file,
    line,
    message: say(lang, `第 ${line} 行不是有效的 ${name}${forced ? "" : "（编码由文件开头判断）"}`, `line ${line} is not valid ${name}${forced ? "" : " (read from the first lines of the file)"}`),
    hint: say(lang, `请整个文件用同一种编码保存；若它是 ${other}，用 --encoding ${other}`, `save the whole file in one encoding, or pass --encoding ${other} if that is what it is`),
  });
}
