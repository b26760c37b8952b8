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

  /** "file#/pointer: message (hint)" — the one-line form every output uses. */
  describe(): string {
    const where = [this.file, this.pointer !== undefined && this.pointer !== "" ? `#${this.pointer}` : ""].join("");
    const head = where === "" ? this.message : `${where}: ${this.message}`;
    return this.hint === undefined ? head : `${head}\n  hint: ${this.hint}`;
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
