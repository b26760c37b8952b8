import { SzcheckError } from "../errors.js";
import { lineOfUndecodable } from "./undecodable.js";

/** Bounds on what one run reads, so that hostile input fails plainly instead of exhausting the machine. */
export interface InputLimits {
  /** The largest file read, in bytes. */
  maxFileBytes: number;
  /** The most records in one run. */
  maxRecords: number;
  /** The deepest nesting of lists and objects in a record. */
  maxDepth: number;
  /** The most YAML aliases a document may expand (alias bombs). */
  maxYamlAliases: number;
}

export const defaultLimits: InputLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxRecords: 2_000_000,
  maxDepth: 32,
  maxYamlAliases: 100,
};

/** The nesting depth of a parsed value, computed without recursion (input may be 100,000 deep). */
export function nestingDepth(value: unknown, stopAt: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > stopAt) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Throws a SzcheckError naming the file when text cannot be a descriptor: binary or not UTF-8. */
export function decodeDescriptorText(bytes: Buffer, file: string): string {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    throw new SzcheckError({ file, message: "this is a binary file, not JSON or YAML", hint: "descriptors are UTF-8 text; export spreadsheets as CSV or pass the .xlsx itself" });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const line = lineOfUndecodable(bytes, "utf-8");
    throw new SzcheckError({ file, line, message: `the file is not valid UTF-8 (first bad byte on line ${line})`, hint: "save it as UTF-8; files from older Chinese tools are often GBK/GB18030" });
  }
}
