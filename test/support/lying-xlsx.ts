import { readFileSync } from "node:fs";
import { createDeflateRaw, inflateRawSync } from "node:zlib";

/**
 * A zip bomb that lies: a real workbook (`base`) whose xl/sharedStrings.xml is replaced by
 * `extraStrings` more strings after its own (highly compressible: about 1,000 to 1), with the
 * sizes the local header and the central directory declare patched back to the original part's
 * small size (and its CRC kept). A reader that trusts the directory sees a 1 KiB table; inflating
 * it gives `17 × extraStrings` bytes. Every other part is copied as it is.
 */
export async function lyingXlsx(base: string, extraStrings: number): Promise<Buffer> {
  const zip = readFileSync(base);
  const entries = centralEntries(zip);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    let data: Buffer = zip.subarray(entry.dataAt, entry.dataAt + entry.compressed);
    if (entry.name === "xl/sharedStrings.xml") data = await biggerStrings(entry.method === 8 ? inflate(data) : data.toString("utf8"), extraStrings);
    const method = entry.name === "xl/sharedStrings.xml" ? 8 : entry.method;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.uncompressed, 22); // the lie: the original part's size
    local.writeUInt16LE(Buffer.byteLength(entry.name), 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.uncompressed, 24); // the same lie in the directory
    central.writeUInt16LE(Buffer.byteLength(entry.name), 28);
    central.writeUInt32LE(offset, 42);
    const name = Buffer.from(entry.name);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  dataAt: number;
}

function centralEntries(zip: Buffer): Entry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      uncompressed: zip.readUInt32LE(at + 24),
      dataAt: local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function inflate(data: Buffer): string {
  return inflateRawSync(data).toString("utf8");
}

/** The original table with `extra` more one-letter strings before its end, deflated a block at a time. */
async function biggerStrings(xml: string, extra: number): Promise<Buffer> {
  const close = xml.lastIndexOf("</sst>");
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => void out.push(chunk));
  const done = new Promise((resolve, reject) => deflate.on("end", resolve).on("error", reject));
  deflate.write(xml.slice(0, close));
  const perBlock = 60_000;
  const block = Buffer.from("<si><t>x</t></si>".repeat(perBlock));
  for (let written = 0; written < extra; written += perBlock) {
    const part = Math.min(perBlock, extra - written);
    if (!deflate.write(part === perBlock ? block : block.subarray(0, 17 * part))) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end(xml.slice(close));
  await done;
  return Buffer.concat(out);
}
