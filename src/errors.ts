import { tmpdir } from "node:os";

/** Exit codes, named once (Spectral's convention): the CLI picks one in one place. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  runFailed: 2,
  interrupted: 130,
} as const;

export interface SzcheckErrorInit {
  file?: string | undefined;
  pointer?: string | undefined;
  /** 1-based line and column in `file`, when the place is known (a syntax error, a config key). */
  line?: number | undefined;
  column?: number | undefined;
  message: string;
  hint?: string | undefined;
  cause?: unknown;
}

/**
 * An error a user can cause: bad input, a bad rule file, a bad flag. It is a value that names
 * the file, the JSON pointer and what to do; the CLI prints it without a stack trace.
 */
export class SzcheckError extends Error {
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  readonly hint: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(init: SzcheckErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "SzcheckError";
    this.file = init.file;
    this.pointer = init.pointer;
    this.hint = init.hint;
    this.line = init.line;
    this.column = init.column;
  }

  /** "file#/pointer: message (hint)" — the one-line form every output uses; `shown` makes each part safe to print. */
  describe(shown: (text: string) => string = (text) => text): string {
    const where = [this.file === undefined ? "" : shown(this.file), this.pointer !== undefined && this.pointer !== "" ? `#${shown(this.pointer)}` : ""].join("");
    const head = where === "" ? shown(this.message) : `${where}: ${shown(this.message)}`;
    return this.hint === undefined ? head : `${head}\n  hint: ${shown(this.hint)}`;
  }
}

export function isSzcheckError(error: unknown): error is SzcheckError {
  return error instanceof SzcheckError;
}

/** RFC 6901 JSON pointer from a path of keys and indices. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key) => "/" + String(key).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

/** How far a run had got when it was interrupted (Ctrl-C), for the message on standard error. */
export interface RunProgress {
  /** Input files read completely so far. */
  filesRead: number;
  /** Records read so far, and those evaluated against every rule. */
  recordsRead: number;
  recordsChecked: number;
}

/** Thrown by `check()` when its AbortSignal fires: the run stopped and no report exists. */
export class Interrupted extends Error {
  constructor(readonly progress: RunProgress) {
    super("interrupted");
    this.name = "Interrupted";
  }
}

/** What a system error code means, for the user: the machine's environment, not a bug. */
const systemReasons: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  EFBIG: "the file is too large for the file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
  ENOENT: "no such file or folder",
  EEXIST: "a part of the path is a file, not a folder",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files on the system",
  EBADF: "it is closed",
  EIO: "an input/output error from the device",
  EXDEV: "it is on another device",
  EBUSY: "it is busy",
  ETXTBSY: "it is busy",
  EPIPE: "the reader closed the pipe",
};

/**
 * A failed file operation as a user error: "cannot write out/report.json: no space left on the
 * device (ENOSPC)". Anything that is not a system error is returned as it is.
 */
export function fileSystemError(error: unknown, path: string, verb: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || systemReasons[code] === undefined) return error;
  return new SzcheckError({ file: path, message: `cannot ${verb} it: ${systemReasons[code]} (${code})`, hint: "this is the machine's environment, not a bug in szcheck: free space, fix permissions, or choose another path", cause: error });
}

/** A system error (ENOSPC, EACCES, …) that reached the top, said as what failed and where; undefined for any other error. */
export function environmentError(error: unknown): SzcheckError | undefined {
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === undefined || systemReasons[code] === undefined || syscall === undefined) return undefined;
  const where = path ?? "";
  const hint = where !== "" && where.startsWith(tmpdir()) ? "szcheck keeps a large run's results in the temporary folder (TMPDIR): it must exist and be writable" : "this is the machine's environment, not a bug in szcheck";
  return new SzcheckError({ file: where === "" ? undefined : where, message: `${syscall} failed: ${systemReasons[code]} (${code})`, hint, cause: error });
}
