import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import unzipper, { type ParsedEntry } from "unzipper";
import { partLimit, sizeText } from "./zip-entries.js";

/**
 * Why a workbook must not be opened, found by inflating it: the zip's directory states each
 * part's size, but a zip can lie (declare 12 KiB, inflate to gigabytes), and exceljs and unzipper
 * trust it. This inflates every part the way the workbook reader will (the local entries in
 * order, as unzipper.Parse reads them, and again through the central directory, as unzipper.Open
 * and JSZip read them), counts the bytes that come out and stops at the first part past its limit:
 * memory stays at one chunk whatever the zip says.
 */
export async function inflatedSizeProblem(path: string, maxFileBytes: number): Promise<string | undefined> {
  return (await inOrder(path, maxFileBytes)) ?? (await byDirectory(path, maxFileBytes));
}

/** The local entries from the start of the file, as exceljs's streaming reader meets them. */
async function inOrder(path: string, maxFileBytes: number): Promise<string | undefined> {
  const source = createReadStream(path);
  const zip = source.pipe(unzipper.Parse({ forceStream: true }));
  const counter = new PartCounter(maxFileBytes);
  try {
    for await (const entry of zip as AsyncIterable<ParsedEntry>) {
      const problem = await counter.count(entry.path, entry, entry.vars.uncompressedSize);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    source.destroy();
    zip.destroy();
  }
}

/** The entries the central directory lists, as unzipper.Open (shared strings) and JSZip read them. */
async function byDirectory(path: string, maxFileBytes: number): Promise<string | undefined> {
  const directory = await unzipper.Open.file(path);
  const counter = new PartCounter(maxFileBytes);
  for (const file of directory.files) {
    if (file.type !== "File") continue;
    const problem = await counter.count(file.path, file.stream(), file.uncompressedSize);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Counts the inflated bytes of each part and of the whole workbook against their limits. */
class PartCounter {
  private total = 0;
  constructor(private readonly maxFileBytes: number) {}

  async count(name: string, stream: Readable, declared: number): Promise<string | undefined> {
    const limit = partLimit(name, this.maxFileBytes);
    const totalLimit = 4 * this.maxFileBytes;
    let bytes = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        this.total += chunk.length;
        if (bytes > limit) return `the workbook part ${name} unpacks to more than ${sizeText(limit)} although its zip entry declares ${sizeText(declared)}: over the ${sizeText(limit)} limit (raise it with --max-file-size if the workbook is genuine; a zip that misstates its sizes is often a zip bomb)`;
        if (this.total > totalLimit) return `the workbook unpacks to more than ${sizeText(totalLimit)} (stopped inflating in part ${name}): over the ${sizeText(totalLimit)} limit (raise it with --max-file-size)`;
      }
    } finally {
      stream.destroy();
    }
    return undefined;
  }
}
