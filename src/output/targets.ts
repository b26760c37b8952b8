import { realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { SzcheckError } from "../errors.js";

/** A file the run reads and the user owns: an input, the config, the waivers file, a rule file. */
export interface OwnedFile {
  path: string;
  /** What it is, for the message: "an input", "the config", … */
  what: string;
}

/**
 * Refuses, before anything is written, an output that is one of the files the run reads
 * (`--format json=e.json` when e.json is an input would replace the data with the report) or
 * another output (two formats to one file race). Files are compared as the system sees them:
 * by device and inode when they exist (symlinks and hard links too), else by real folder and
 * name. Devices, pipes and folders are left out: /dev/null may take every format, and a folder
 * fails when written with its own message.
 */
export function refuseOverwrites(outputs: ReadonlyArray<{ file: string; format: string }>, owned: readonly OwnedFile[]): void {
  const ownedBy = new Map<string, OwnedFile>();
  for (const file of owned) {
    const id = identity(file.path);
    if (id !== undefined && !ownedBy.has(id)) ownedBy.set(id, file);
  }
  const taken = new Map<string, { file: string; format: string }>();
  for (const output of outputs) {
    const id = identity(output.file);
    if (id === undefined) continue;
    const input = ownedBy.get(id);
    if (input !== undefined) {
      throw new SzcheckError({ message: `--format ${output.format}=${output.file}: that is ${input.what} of this run (${input.path}); the report would replace it`, hint: "write the report to another file" });
    }
    const other = taken.get(id);
    if (other !== undefined) {
      throw new SzcheckError({ message: `--format ${output.format}=${output.file}: --format ${other.format}=${other.file} writes the same file`, hint: "give each format a file of its own" });
    }
    taken.set(id, output);
  }
}

/** What a path is to the system: "dev:inode" for a regular file, its real place for one not yet made, undefined for a device, pipe or folder. */
function identity(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.dev}:${stat.ino}` : undefined;
  } catch {
    try {
      return `new:${join(realpathSync(dirname(resolve(path))), basename(path))}`;
    } catch {
      return `new:${resolve(path)}`;
    }
  }
}
