import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** One file inside a zip archive, as its central directory declares it. */
export interface ZipEntry {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** A size of 0xFFFFFFFF says "see the Zip64 field": read as too large to be any real workbook part. */
const ZIP64_MARK = 0xffffffff;

/**
 * The entries of a zip archive (an .xlsx), read from its central directory at the end of the
 * file without inflating anything; undefined when the file is not a zip archive that can be read
 * this way (then the workbook reader gives its own error).
 */
export function zipEntries(path: string): ZipEntry[] | undefined {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end === -1) return undefined;
    const count = tail.readUInt16LE(end + 10);
    const directoryBytes = tail.readUInt32LE(end + 12);
    const directoryAt = tail.readUInt32LE(end + 16);
    if (directoryAt + directoryBytes > size) return undefined;
    const directory = Buffer.alloc(directoryBytes);
    readSync(fd, directory, 0, directoryBytes, directoryAt);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count && at + 46 <= directoryBytes; n++) {
      if (directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
      const compressed = directory.readUInt32LE(at + 20);
      const uncompressed = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      entries.push({
        name: directory.toString("utf8", at + 46, at + 46 + nameLength),
        compressedBytes: compressed === ZIP64_MARK ? Infinity : compressed,
        uncompressedBytes: uncompressed === ZIP64_MARK ? Infinity : uncompressed,
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/**
 * Why a workbook must not be opened, or undefined: a part that unpacks to more than
 * `maxFileBytes`, parts that unpack to more than four times that together, or a shared-strings
 * table over a quarter of it (the reader keeps every shared string in memory). A 7 MB workbook
 * whose shared strings unpack to gigabytes would otherwise take the process down.
 */
export function workbookSizeProblem(path: string, maxFileBytes: number): string | undefined {
  const entries = zipEntries(path);
  if (entries === undefined) return undefined;
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedBytes;
    const limit = partLimit(entry.name, maxFileBytes);
    if (entry.uncompressedBytes > limit) return `the workbook part ${entry.name} unpacks to ${sizeText(entry.uncompressedBytes)}, over the ${sizeText(limit)} limit (raise it with --max-file-size)`;
  }
  if (total > 4 * maxFileBytes) return `the workbook unpacks to ${sizeText(total)}, over the ${sizeText(4 * maxFileBytes)} limit (raise it with --max-file-size)`;
  return undefined;
}

/** The most one part may unpack to: the shared-strings table a quarter of the file limit (the reader keeps every string in memory). */
export function partLimit(name: string, maxFileBytes: number): number {
  return /(^|\/)sharedStrings\.xml$/i.test(name) ? maxFileBytes / 4 : maxFileBytes;
}

export function sizeText(bytes: number): string {
  if (bytes === Infinity) return "more than 4 GiB";
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${Math.ceil(bytes / 1024 / 1024)} MiB`;
}
