import { checkRegularFile, readRegularFile } from "../files/read-file.js";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { SzcheckError, isSzcheckError } from "../errors.js";
import type { Intake } from "../model/intake.js";
import type { InputError } from "../model/report.js";
import { displayPath } from "../display-path.js";
import { duplicateKeyMessage, findDuplicateKey } from "./duplicate-keys.js";
import { DEFAULT_IGNORED_FOLDERS, type PathFilter } from "./ignore-paths.js";
import { decodeDescriptorText, defaultLimits, nestingDepth, type InputLimits } from "./limits.js";
import { readCsv } from "./csv.js";
import { decodeText, type Encoding } from "./decode.js";
import { findMappingBeside, loadMapping, MAPPING_SUFFIX, type Mapping } from "./mapping.js";
import { readNdjson, tooDeepError } from "./ndjson.js";
import type { IntakeItem, RawRecord, StreamItem } from "./record-stream.js";
import type { Lang } from "./say.js";
import { readXlsx } from "./xlsx.js";
import { parseYaml } from "./yaml-source.js";

/** Files holding one record or a list, parsed whole. */
export const DOCUMENT_EXTENSIONS = [".json", ".yaml", ".yml"] as const;
/** Files read a record at a time: NDJSON lines and spreadsheet rows. */
export const STREAM_EXTENSIONS = [".ndjson", ".jsonl", ".csv", ".xlsx"] as const;
export const DESCRIPTOR_EXTENSIONS = [...DOCUMENT_EXTENSIONS, ...STREAM_EXTENSIONS] as const;

export interface InputFile {
  file: string;
  records: number;
  sha256: string;
  /** How a CSV or XLSX file was read; null for the other inputs. */
  intake: Intake | null;
}

export type { RawRecord };

export interface ReadInputs {
  files: InputFile[];
  records: RawRecord[];
  errors: InputError[];
}

export interface ReadOptions {
  /** Reads standard input, for the path "-": bytes (decoded here), or text already decoded. */
  readStdin?: (maxBytes?: number) => Promise<Uint8Array | string>;
  limits?: Partial<InputLimits>;
  /**
   * NDJSON lines come as text (`RawRecord.text`), parsed and depth-checked where they are
   * evaluated (`parseRecordText`), so that worker threads do that work. Such a file's `records`
   * then counts its non-blank lines, bad ones included: the reader of the records corrects it.
   */
  deferNdjsonParsing?: boolean;
  /** The language of input errors and intake notices; default en. */
  lang?: Lang;
  /** --encoding: how CSV, NDJSON and standard input are decoded (default: detected). */
  encoding?: Encoding;
  /** --map: the mapping file for every CSV and XLSX input (beats one beside the file and the config's). */
  mapFile?: string;
  /** The config's `intake:` mapping, and the config file, for inputs without a mapping of their own. */
  configMapping?: { mapping: Mapping; file: string };
  /** A file that holds no record is not an error (by default it is: a header-only CSV, `[]`, an empty NDJSON). */
  allowEmpty?: boolean;
  /** Ignore patterns besides the default folders (.szcheckignore, --ignore, the config's). */
  filter?: PathFilter;
  /** Skip JSON/YAML files that hold no records even when named outright (as in folders), for hooks that pass every changed file. */
  skipNonRecords?: boolean;
}

/** What reading the inputs yields, in order: records and errors, and each file when it is done. */
export type InputEvent = { record: RawRecord } | { error: InputError } | { file: InputFile } | { skipped: SkippedFile };

const hasExtension = (file: string, extensions: readonly string[]): boolean => extensions.includes(extname(file).toLowerCase());

/** `book.xlsx[项目清单]`: a workbook and the sheet to read. */
export function splitSheet(path: string): { path: string; sheet: string | undefined } {
  const match = /^(.+\.xlsx)\[([^\]]+)\]$/i.exec(path);
  return match === null || existsSync(path) ? { path, sheet: undefined } : { path: match[1]!, sheet: match[2]! };
}

/** A file to read, and whether the user named it (a file named outright) or szcheck found it (in a folder or by a glob). */
export interface InputPath {
  path: string;
  found: boolean;
}

/** A file szcheck did not read as records: named outright but ignored by a pattern, or (found in a folder) a JSON/YAML file that holds no records. */
export interface SkippedFile {
  file: string;
  reason: "ignored" | "not-records";
  /** For ignored files: where the pattern that ignored it comes from. */
  origin?: string;
}

const defaultIgnoreGlobs = DEFAULT_IGNORED_FOLDERS.map((folder) => `**/${folder}/**`);

/**
 * Expands paths, folders and globs to descriptor files, in a stable (sorted) order. Folders and
 * globs leave out node_modules, .git and dist; the filter's patterns (.szcheckignore, --ignore,
 * the config's ignore) apply to every file, named or found.
 */
export async function expandPaths(paths: string[], filter?: PathFilter): Promise<{ files: InputPath[]; ignored: SkippedFile[] }> {
  const files: InputPath[] = [];
  const ignored: SkippedFile[] = [];
  const keep = (path: string, found: boolean): void => {
    const origin = path === "-" ? undefined : filter?.ignoredBy(path);
    if (origin === undefined) files.push({ path, found });
    // A file found in a folder and ignored is left out silently (as git does); one named outright is told about.
    else if (!found) ignored.push({ file: displayPath(path), reason: "ignored", origin });
  };
  const patterns = DESCRIPTOR_EXTENSIONS.map((ext) => `**/*${ext}`);
  for (const path of paths) {
    if (splitSheet(path).sheet !== undefined && existsSync(splitSheet(path).path)) {
      keep(path, false);
    } else if (/\.(xls|et)$/i.test(path) && existsSync(path)) {
      throw new SzcheckError({ file: path, message: "szcheck reads .xlsx workbooks, not the old .xls format", hint: "open it in Excel or WPS and save it as .xlsx (Excel 工作簿), then check the .xlsx" });
    } else if (path === "-") {
      keep("-", false);
    } else if (existsSync(path) && statSync(path).isDirectory()) {
      // A mapping file (book.szmap.yaml) belongs to a workbook; it is not a descriptor.
      const found = await glob(patterns, { cwd: path, ignore: [...defaultIgnoreGlobs, `**/*${MAPPING_SUFFIX}`], dot: false });
      if (found.length === 0) throw new SzcheckError({ file: path, message: `the folder holds no ${DESCRIPTOR_EXTENSIONS.join(" ")} file`, hint: "point szcheck at descriptor files or a folder of them" });
      for (const name of found.sort()) keep(join(path, name), true);
    } else if (existsSync(path)) {
      if (!hasExtension(path, DESCRIPTOR_EXTENSIONS)) {
        throw new SzcheckError({ file: path, message: `cannot read ${extname(path) || "a file without extension"}`, hint: `descriptors are ${DESCRIPTOR_EXTENSIONS.join(", ")} files` });
      }
      keep(path, false);
    } else if (isDynamicPattern(path)) {
      const found = await glob(path, { ignore: defaultIgnoreGlobs });
      const descriptors = found.filter((file) => hasExtension(file, DESCRIPTOR_EXTENSIONS) && !file.endsWith(MAPPING_SUFFIX));
      if (descriptors.length === 0) throw new SzcheckError({ file: path, message: "no descriptor file matches this glob", hint: "quote the glob so that szcheck, not the shell, expands it; check the pattern" });
      for (const file of descriptors.sort()) keep(file, true);
    } else {
      throw new SzcheckError({ file: path, message: "no such file or folder", hint: "check the path; use - to read standard input" });
    }
  }
  const seen = new Set<string>();
  return { files: files.filter((file) => !seen.has(file.path) && seen.add(file.path)), ignored };
}

/** Reads every input into memory: for small batches and tests; `streamInputs` for large ones. */
export async function readInputs(paths: string[], options: ReadOptions = {}): Promise<ReadInputs> {
  const result: ReadInputs = { files: [], records: [], errors: [] };
  for await (const event of streamInputs(paths, options)) {
    if ("record" in event) result.records.push(event.record);
    else if ("error" in event) result.errors.push(event.error);
    else if ("file" in event) result.files.push(event.file);
  }
  return result;
}

/**
 * Reads the inputs one record at a time. A file that cannot be parsed, or a record that breaks a
 * limit, is an error event, not a crash; every other record still comes through.
 */
export async function* streamInputs(paths: string[], options: ReadOptions = {}): AsyncGenerator<InputEvent> {
  const limits = { ...defaultLimits, ...options.limits };
  let total = 0;
  const expanded = await expandPaths(paths, options.filter);
  for (const skipped of expanded.ignored) yield { skipped };
  files: for (const { path: named, found } of expanded.files) {
    const { path, sheet } = splitSheet(named);
    const file = displayPath(path);
    let records = 0;
    let errors = 0;
    let sha256 = "";
    let intake: Intake | null = null;
    try {
      const source = hasExtension(path, STREAM_EXTENSIONS) ? streamFile(path, file, limits, sheet, options) : documentRecords(path, file, limits, options, found || options.skipNonRecords === true);
      for await (const item of source) {
        if ("sha256" in item) {
          sha256 = item.sha256;
          continue;
        }
        if ("intake" in item) {
          intake = item.intake;
          continue;
        }
        if ("notRecords" in item) {
          yield { skipped: { file, reason: "not-records" } };
          continue files;
        }
        if ("error" in item) {
          errors++;
          yield item;
          continue;
        }
        if (++total > limits.maxRecords) {
          throw new SzcheckError({ message: `more than ${limits.maxRecords.toLocaleString("en-US")} records in one run`, hint: "split the batch, or raise the limit with --max-records" });
        }
        // A deferred record (its text, not parsed yet) is checked where it is parsed (parseRecordText).
        if (item.record.text === undefined && nestingDepth(item.record.raw, limits.maxDepth) > limits.maxDepth) {
          errors++;
          yield { error: tooDeepError(item.record.origin, limits.maxDepth) };
          continue;
        }
        records++;
        yield item;
      }
      if (records === 0 && errors === 0 && options.allowEmpty !== true) {
        yield { error: { file, pointer: "", message: "the file holds no record (pass --allow-empty if that is expected)" } };
      }
    } catch (error) {
      if (!isSzcheckError(error) || error.file === undefined) throw error;
      yield { error: { file: error.file, pointer: error.pointer ?? "", line: error.line ?? null, column: error.column ?? null, message: error.hint === undefined ? error.message : `${error.message} (${error.hint})` } };
    }
    yield { file: { file, records, sha256, intake } };
  }
}

type SourceItem = StreamItem | IntakeItem | { sha256: string } | { notRecords: true };

/**
 * A JSON or YAML file's records. A file szcheck found in a folder that holds no record (no
 * `kind`, and no list with one) is some other file (a tsconfig.json, a rule, a schema) and is
 * skipped; a file the user named is read as records whatever it holds, so its mistakes are errors.
 */
async function* documentRecords(path: string, file: string, limits: InputLimits, options: ReadOptions, found: boolean): AsyncGenerator<SourceItem> {
  const bytes = await readBytes(path, file, limits, options);
  yield { sha256: createHash("sha256").update(bytes).digest("hex") };
  // JSON (RFC 8259) and YAML 1.2 are UTF-8: other bytes are refused, from a file as from standard input.
  const text = typeof bytes === "string" ? bytes : options.encoding === undefined ? decodeDescriptorText(bytes, file) : decodeText(bytes, file, options.encoding, options.lang).text;
  const value = parseText(text, file, path, limits);
  if (found && !holdsRecords(value)) {
    yield { notRecords: true };
    return;
  }
  for (const record of recordsOf(value, file)) yield { record };
}

const isRecordLike = (value: unknown): boolean => value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, "kind");

function holdsRecords(value: unknown): boolean {
  return Array.isArray(value) ? value.some(isRecordLike) : isRecordLike(value);
}

async function* streamFile(path: string, file: string, limits: InputLimits, sheet: string | undefined, options: ReadOptions): AsyncGenerator<SourceItem> {
  checkRegularFile(path, file, "file");
  yield { sha256: await hashFile(path) };
  const extension = extname(path).toLowerCase();
  const lang = options.lang ?? "en";
  if (extension === ".ndjson" || extension === ".jsonl") return yield* readNdjson(path, file, limits.maxFileBytes, options.encoding, lang, options.deferNdjsonParsing === true);
  const { mapping, mappingFile } = mappingFor(path, options);
  if (extension === ".csv") yield* readCsv(path, file, { lang, mapping, mappingFile, encoding: options.encoding, maxRecordBytes: limits.maxFileBytes });
  else yield* readXlsx(path, file, { limits, lang, mapping, mappingFile, sheets: sheet === undefined ? undefined : [sheet] });
}

/** The mapping for a spreadsheet: --map, else the file beside it, else the config's `intake:`. */
function mappingFor(path: string, options: ReadOptions): { mapping: Mapping | undefined; mappingFile: string | undefined } {
  const file = options.mapFile ?? findMappingBeside(path);
  if (file !== undefined) return { mapping: loadMapping(file), mappingFile: displayPath(file) };
  return { mapping: options.configMapping?.mapping, mappingFile: options.configMapping?.file };
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

async function readBytes(path: string, file: string, limits: InputLimits, options: ReadOptions): Promise<Buffer | string> {
  if (path === "-") {
    if (options.readStdin === undefined) throw new SzcheckError({ file: "-", message: "standard input is not available here" });
    const input = await options.readStdin(limits.maxFileBytes);
    return typeof input === "string" ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  return readRegularFile(path, file, "file", limits.maxFileBytes);
}

function parseText(raw: string, file: string, path: string, limits: InputLimits): unknown {
  const text = raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
  if (text.trim() === "") {
    throw new SzcheckError({ file, message: "the file is empty", hint: "a descriptor file holds one record (kind: project or enterprise) or a list of them" });
  }
  const looksLikeJson = path === "-" ? /^\s*[[{]/.test(text) : extname(path).toLowerCase() === ".json";
  return looksLikeJson ? parseJson(text, file) : parseYaml(text, file, limits.maxYamlAliases).value;
}

function parseJson(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const place = position === null ? undefined : lineAndColumn(text, Number(position[1]));
    const where = place === undefined ? "" : ` at line ${place.line}, column ${place.column}`;
    throw new SzcheckError({ file, line: place?.line, column: place?.column, message: `invalid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, "")}`, hint: "fix the syntax (a missing comma or quote is the usual cause)" });
  }
  const duplicate = findDuplicateKey(text, value);
  if (duplicate !== undefined) {
    const place = lineAndColumn(text, duplicate.offset);
    throw new SzcheckError({ file, pointer: duplicate.pointer, line: place.line, column: place.column, message: duplicateKeyMessage(duplicate.key, place.line), hint: "remove one of them: JSON would silently keep the last" });
  }
  return value;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column };
}

function recordsOf(value: unknown, file: string): RawRecord[] {
  if (Array.isArray(value)) {
    return value.map((raw, index) => ({ raw, origin: { file, pointer: `/${index}` } }));
  }
  if (value !== null && typeof value === "object") return [{ raw: value, origin: { file, pointer: "" } }];
  throw new SzcheckError({ file, message: `expected a record or a list of records, found ${value === null ? "null" : typeof value}`, hint: "a descriptor file holds one record (kind: project or enterprise) or a list of them" });
}
