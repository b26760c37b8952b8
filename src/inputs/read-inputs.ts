import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { SzcheckError, isSzcheckError } from "../errors.js";
import type { InputError } from "../report/model.js";
import { displayPath } from "../rules/load.js";
import type { Origin } from "../engine/subjects.js";
import { decodeDescriptorText, defaultLimits, nestingDepth, type InputLimits } from "./limits.js";
import { parseYaml } from "./yaml-source.js";

export const DESCRIPTOR_EXTENSIONS = [".json", ".yaml", ".yml"] as const;

export interface InputFile {
  file: string;
  records: number;
  sha256: string;
}

export interface RawRecord {
  raw: unknown;
  origin: Origin;
}

export interface ReadInputs {
  files: InputFile[];
  records: RawRecord[];
  errors: InputError[];
}

export interface ReadOptions {
  /** Reads standard input, for the path "-". */
  readStdin?: () => Promise<string>;
  limits?: Partial<InputLimits>;
}

/** Expands paths, folders and globs to descriptor files, in a stable (sorted) order. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === "-") {
      files.push("-");
    } else if (existsSync(path) && statSync(path).isDirectory()) {
      const found = await glob(DESCRIPTOR_EXTENSIONS.map((ext) => `**/*${ext}`), { cwd: path, ignore: ["**/node_modules/**"], dot: false });
      if (found.length === 0) throw new SzcheckError({ file: path, message: "the folder holds no .json, .yaml or .yml file", hint: "point szcheck at descriptor files or a folder of them" });
      files.push(...found.sort().map((name) => join(path, name)));
    } else if (existsSync(path)) {
      if (!DESCRIPTOR_EXTENSIONS.includes(extname(path).toLowerCase() as (typeof DESCRIPTOR_EXTENSIONS)[number])) {
        throw new SzcheckError({ file: path, message: `cannot read ${extname(path) || "a file without extension"}`, hint: `descriptors are ${DESCRIPTOR_EXTENSIONS.join(", ")} files` });
      }
      files.push(path);
    } else if (isDynamicPattern(path)) {
      const found = await glob(path, { ignore: ["**/node_modules/**"] });
      const descriptors = found.filter((file) => DESCRIPTOR_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext)));
      if (descriptors.length === 0) throw new SzcheckError({ file: path, message: "no descriptor file matches this glob", hint: "quote the glob so that szcheck, not the shell, expands it; check the pattern" });
      files.push(...descriptors.sort());
    } else {
      throw new SzcheckError({ file: path, message: "no such file or folder", hint: "check the path; use - to read standard input" });
    }
  }
  return [...new Set(files)];
}

/** Reads every descriptor file; a file that cannot be parsed is an error entry, not a crash. */
export async function readInputs(paths: string[], options: ReadOptions = {}): Promise<ReadInputs> {
  const limits = { ...defaultLimits, ...options.limits };
  const result: ReadInputs = { files: [], records: [], errors: [] };
  for (const path of await expandPaths(paths)) {
    const file = displayPath(path);
    let sha256 = "";
    try {
      const bytes = await readBytes(path, file, limits, options);
      sha256 = createHash("sha256").update(bytes).digest("hex");
      const records = recordsOf(parseText(decodeDescriptorText(bytes, file), file, path, limits), file);
      if (result.records.length + records.length > limits.maxRecords) {
        throw new SzcheckError({ message: `more than ${limits.maxRecords.toLocaleString("en-US")} records in one run`, hint: "split the batch, or raise the limit with --max-records" });
      }
      for (const record of records) {
        if (nestingDepth(record.raw, limits.maxDepth) > limits.maxDepth) {
          result.errors.push({ file, pointer: record.origin.pointer, message: `nested deeper than ${limits.maxDepth} levels: a descriptor is at most a few levels deep (raise with --max-depth)` });
        } else {
          result.records.push(record);
        }
      }
      result.files.push({ file, records: records.length, sha256 });
    } catch (error) {
      if (!isSzcheckError(error)) throw error;
      if (error.file === undefined) throw error;
      result.files.push({ file, records: 0, sha256 });
      result.errors.push({ file, pointer: error.pointer ?? "", message: error.hint === undefined ? error.message : `${error.message} (${error.hint})` });
    }
  }
  return result;
}

async function readBytes(path: string, file: string, limits: InputLimits, options: ReadOptions): Promise<Buffer> {
  if (path === "-") {
    if (options.readStdin === undefined) throw new SzcheckError({ file: "-", message: "standard input is not available here" });
    return Buffer.from(await options.readStdin(), "utf8");
  }
  const size = statSync(path).size;
  if (size > limits.maxFileBytes) {
    throw new SzcheckError({ file, message: `the file is ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} limit for one JSON/YAML file`, hint: "split it, stream it as NDJSON, or raise the limit with --max-file-size" });
  }
  return readFileSync(path);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${bytes} bytes`;
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
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position === null ? "" : ` at ${lineAndColumn(text, Number(position[1]))}`;
    throw new SzcheckError({ file, message: `invalid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, "")}`, hint: "fix the syntax (a missing comma or quote is the usual cause)" });
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

function recordsOf(value: unknown, file: string): RawRecord[] {
  if (Array.isArray(value)) {
    return value.map((raw, index) => ({ raw, origin: { file, pointer: `/${index}` } }));
  }
  if (value !== null && typeof value === "object") return [{ raw: value, origin: { file, pointer: "" } }];
  throw new SzcheckError({ file, message: `expected a record or a list of records, found ${value === null ? "null" : typeof value}`, hint: "a descriptor file holds one record (kind: project or enterprise) or a list of them" });
}
